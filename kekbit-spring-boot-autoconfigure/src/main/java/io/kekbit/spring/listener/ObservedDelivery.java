package io.kekbit.spring.listener;

import java.nio.ByteBuffer;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.spring.observation.DefaultKekbitListenerObservationConvention;
import io.kekbit.spring.observation.KekbitListenerObservation;
import io.kekbit.spring.observation.KekbitListenerObservationConvention;
import io.kekbit.spring.observation.KekbitRecordReceiverContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Delivers a record inside a {@link KekbitListenerObservation#LISTENER_OBSERVATION}: the record's envelope, decoded
 * by a decoder of its own, is the carrier a propagating handler reads the trace context from, and the observation's
 * scope is open while the listener method runs, so the method sees the continued trace as current. Allocates the
 * context and the observation per record; used only when observation is on. Not thread-safe: one per listener
 * thread.
 */
final class ObservedDelivery
{
    private final String listenerId;
    private final String channelName;
    private final long channelId;
    private final boolean journal;
    private final EnvelopeDecoder decoder;

    ObservedDelivery(
        final String listenerId,
        final String channelName,
        final long channelId,
        final boolean journal,
        final boolean envelope)
    {
        this.listenerId = listenerId;
        this.channelName = channelName;
        this.channelId = channelId;
        this.journal = journal;
        this.decoder = envelope ? new EnvelopeDecoder() : null;
    }

    /**
     * Calls the invoker inside an observation.
     *
     * @throws RuntimeException what the invoker threw, also recorded as the observation's error (the listener
     *                          method's own exception rather than the {@link KekbitListenerExecutionException}
     *                          wrapping it).
     */
    void deliver(
        final ObservationRegistry registry,
        final KekbitListenerObservationConvention convention,
        final KekbitRecordInvoker invoker,
        final ByteBuffer buffer,
        final int offset,
        final int length,
        final long position)
    {
        final EnvelopeDecoder carrier = decoder != null && decoder.wrap(buffer, offset, length) == null ?
            decoder : null;
        final KekbitRecordReceiverContext context = new KekbitRecordReceiverContext(carrier, listenerId,
            channelName, channelId, journal, position, carrier == null ? length : carrier.bodyLength());
        final Observation observation = KekbitListenerObservation.LISTENER_OBSERVATION.observation(convention,
            DefaultKekbitListenerObservationConvention.INSTANCE, () -> context, registry);
        observation.start();
        try (Observation.Scope scope = observation.openScope())
        {
            invoker.invoke(buffer, offset, length, position);
        }
        catch (final RuntimeException ex)
        {
            observation.error(ex instanceof KekbitListenerExecutionException && ex.getCause() != null ?
                ex.getCause() : ex);
            throw ex;
        }
        finally
        {
            observation.stop();
        }
    }
}
