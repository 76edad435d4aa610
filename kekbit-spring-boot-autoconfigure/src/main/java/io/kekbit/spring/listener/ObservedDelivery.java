package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.util.List;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.spring.observation.DefaultKekbitListenerObservationConvention;
import io.kekbit.spring.observation.KekbitListenerObservation;
import io.kekbit.spring.observation.KekbitListenerObservationConvention;
import io.kekbit.spring.observation.KekbitRecordReceiverContext;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Delivers a record (or a batch, {@link #deliverBatch}) inside a
 * {@link KekbitListenerObservation#LISTENER_OBSERVATION}: the record's envelope, decoded by a decoder of its own, is
 * the carrier a propagating handler reads the trace context from, and the observation's scope is open while the
 * listener method runs, so the method sees the continued trace as current. Allocates the context and the observation
 * per record (per batch); used only when observation is on. Not thread-safe: one per listener thread.
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
            throw failed(observation, ex);
        }
        finally
        {
            observation.stop();
        }
    }

    /**
     * Calls a batch listener once inside an observation of the batch: no carrier (the records may belong to
     * different traces), the first record's position, the records' body sizes summed and the batch size.
     *
     * @param rawBuffer  the copies of the batch's records.
     * @param rawOffsets where each record starts in {@code rawBuffer}.
     * @param rawLengths each record's length.
     * @throws RuntimeException what the invoker threw, also recorded as the observation's error (unwrapped as for a
     *                          record).
     */
    void deliverBatch(
        final ObservationRegistry registry,
        final KekbitListenerObservationConvention convention,
        final BatchRecordInvoker invoker,
        final List<Object> elements,
        final long[] positions,
        final int count,
        final ByteBuffer rawBuffer,
        final int[] rawOffsets,
        final int[] rawLengths)
    {
        int bodySize = 0;
        for (int i = 0; i < count; i++)
        {
            bodySize += decoder != null && decoder.wrap(rawBuffer, rawOffsets[i], rawLengths[i]) == null ?
                decoder.bodyLength() : rawLengths[i];
        }
        final KekbitRecordReceiverContext context = new KekbitRecordReceiverContext(null, listenerId, channelName,
            channelId, journal, positions[0], bodySize, count);
        final Observation observation = KekbitListenerObservation.LISTENER_OBSERVATION.observation(convention,
            DefaultKekbitListenerObservationConvention.INSTANCE, () -> context, registry);
        observation.start();
        try (Observation.Scope scope = observation.openScope())
        {
            invoker.invoke(elements, positions, count);
        }
        catch (final RuntimeException ex)
        {
            throw failed(observation, ex);
        }
        finally
        {
            observation.stop();
        }
    }

    private static RuntimeException failed(final Observation observation, final RuntimeException ex)
    {
        observation.error(ex instanceof KekbitListenerExecutionException && ex.getCause() != null ?
            ex.getCause() : ex);
        return ex;
    }
}
