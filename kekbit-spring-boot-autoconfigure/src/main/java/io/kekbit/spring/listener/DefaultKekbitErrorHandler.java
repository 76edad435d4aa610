package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.core.KekbitConversionException;

import org.springframework.core.log.LogAccessor;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The default error handler: retries a failed record following a spring-core {@link BackOff}, then gives up on it:
 * logs it with its channel and position, copies it to the dead-letter writer when one is configured, and either
 * moves on or, with {@code stopOnError}, stops the container. When the dead-letter write fails (the dead-letter
 * channel is full or closed, the record too large for it) the container stops with the record unconsumed, as the
 * record is kept nowhere else; started again, it retries that record. Conversion failures
 * ({@link KekbitConversionException}) and invalid {@code @Valid} payloads ({@link MethodArgumentResolutionException})
 * are never retried (the bytes will not change), nor are the configured not-retryable types. Thread-safe (stateless
 * per call: the back-off is replayed from the delivery attempt).
 * <p>
 * Dead letters: to a raw dead-letter writer the original record is copied as is. To an enveloped one
 * ({@code kekbit.writers.<name>.envelope=true}) the dead letter is an envelope holding the original body, the original
 * headers when the record came from an enveloped channel (earlier {@code kekbit_dlt_*} headers are replaced), and its
 * origin: the {@code kekbit_dlt_*} headers of {@link EnvelopeHeaders} (channel, channel id, position, listener id,
 * exception class and message, attempts, time), written by {@link DeadLetterEnvelope} (which shortens an exception
 * message too long for the dead-letter writer). The exception recorded is the listener method's own exception, not
 * the {@link KekbitListenerExecutionException} wrapping it. Each dead letter is logged with where it went.
 */
public final class DefaultKekbitErrorHandler implements KekbitErrorHandler
{
    private static final LogAccessor LOGGER = new LogAccessor(DefaultKekbitErrorHandler.class);

    private final BackOff backOff;

    private final Supplier<Writer> deadLetter;
    private final String deadLetterName;
    private final boolean deadLetterEnvelope;
    private final boolean stopOnError;
    private final List<Class<? extends Throwable>> notRetryable;

    /**
     * Creates the handler with a raw dead-letter writer (or none).
     *
     * @param backOff     delays between deliveries; its execution ending means "give up".
     * @param deadLetter  supplies the dead-letter writer, or null when there is none.
     * @param stopOnError whether to stop the container after giving up on a record, instead of skipping it.
     */
    public DefaultKekbitErrorHandler(
        final BackOff backOff, final Supplier<Writer> deadLetter, final boolean stopOnError)
    {
        this(backOff, deadLetter, "dead-letter", false, stopOnError, List.of());
    }

    /**
     * Creates the handler.
     *
     * @param backOff            delays between deliveries; its execution ending means "give up".
     * @param deadLetter         supplies the dead-letter writer, or null when there is none.
     * @param deadLetterName     name of the dead-letter writer, for logs.
     * @param deadLetterEnvelope whether the dead-letter writer's records carry the kekbit envelope (then dead letters
     *                           carry their origin as headers).
     * @param stopOnError        whether to stop the container after giving up on a record, instead of skipping it.
     * @param notRetryable       exception types given up on at the first failure (found anywhere in the cause
     *                           chain), in addition to {@link KekbitConversionException} and
     *                           {@link MethodArgumentResolutionException}.
     */
    public DefaultKekbitErrorHandler(
        final BackOff backOff,
        final Supplier<Writer> deadLetter,
        final String deadLetterName,
        final boolean deadLetterEnvelope,
        final boolean stopOnError,
        final Collection<Class<? extends Throwable>> notRetryable)
    {
        this.backOff = backOff;
        this.deadLetter = deadLetter;
        this.deadLetterName = deadLetterName;
        this.deadLetterEnvelope = deadLetterEnvelope;
        this.stopOnError = stopOnError;
        final List<Class<? extends Throwable>> types = new ArrayList<>(notRetryable);
        types.add(KekbitConversionException.class);
        types.add(MethodArgumentResolutionException.class);
        this.notRetryable = List.copyOf(types);
    }

    /** {@inheritDoc} */
    @Override
    public long handle(final Exception exception, final FailedRecord record, final int deliveryAttempt)
    {
        if (!isFatal(exception))
        {
            final BackOffExecution execution = backOff.start();
            long delay = BackOffExecution.STOP;
            for (int i = 0; i < deliveryAttempt; i++)
            {
                delay = execution.nextBackOff();
                if (delay == BackOffExecution.STOP)
                {
                    break;
                }
            }
            if (delay != BackOffExecution.STOP)
            {
                final long wait = delay;
                LOGGER.debug(exception, () -> "retrying " + record + " in " + wait + " ms (attempt " +
                    deliveryAttempt + ")");
                return wait;
            }
        }
        if (!recover(exception, record, deliveryAttempt))
        {
            // The record is kept nowhere else: leave it unconsumed rather than lose it.
            return STOP;
        }
        return stopOnError ? STOP : SKIP;
    }

    /**
     * Logs the record given up on and dead-letters it when a dead-letter writer is set.
     *
     * @return false when the dead-letter write failed (the listener then stops with the record unconsumed).
     */
    private boolean recover(final Exception exception, final FailedRecord record, final int deliveryAttempt)
    {
        LOGGER.error(exception, () -> "giving up on " + record + " after " + deliveryAttempt + " attempt(s)" +
            (stopOnError ? "; stopping the listener" : deadLetter == null ? "; skipping it" : "; dead-lettering it"));
        if (deadLetter == null)
        {
            return true;
        }
        final Writer writer = deadLetter.get();
        if (deadLetterEnvelope)
        {
            final long position = writeEnveloped(writer, exception, record, deliveryAttempt);
            if (position < 0)
            {
                deadLetterFailed(record, WriteError.errorString(position));
                return false;
            }
            record.deadLettered();
            LOGGER.warn(() -> "dead-lettered " + record + " to writer '" + deadLetterName + "' at position " +
                position + " with its origin headers");
            return true;
        }
        final ByteBuffer copy = record.buffer().duplicate();
        copy.limit(record.offset() + record.length()).position(record.offset());
        final long result = writer.write(copy);
        if (result < 0)
        {
            deadLetterFailed(record, WriteError.errorString(result));
            return false;
        }
        record.deadLettered();
        LOGGER.warn(() -> "dead-lettered " + record + " to writer '" + deadLetterName + "' as is (raw writer: " +
            "no origin headers)");
        return true;
    }

    private void deadLetterFailed(final FailedRecord record, final String error)
    {
        LOGGER.error(() -> "dead-letter write of " + record + " to writer '" + deadLetterName + "' failed: " + error +
            "; stopping the listener with the record unconsumed (it is kept nowhere else)");
    }

    private static long writeEnveloped(
        final Writer writer, final Exception exception, final FailedRecord record, final int deliveryAttempt)
    {
        final Throwable cause = exception instanceof KekbitListenerExecutionException && exception.getCause() != null ?
            exception.getCause() : exception;
        final DeadLetterEnvelope letter = new DeadLetterEnvelope()
            .origin(record.channelName(), record.channelId(), record.position(), record.listenerId())
            .failure(cause, deliveryAttempt);
        final ByteBuffer body = record.buffer().duplicate();
        body.limit(record.offset() + record.length()).position(record.offset());
        final EnvelopeDecoder original = new EnvelopeDecoder();
        if (record.isEnvelope() && original.wrap(record.buffer(), record.offset(), record.length()) == null)
        {
            letter.originalHeaders(original);
            body.limit(original.bodyOffset() + original.bodyLength()).position(original.bodyOffset());
        }
        return letter.write(writer, body);
    }

    private boolean isFatal(final Throwable exception)
    {
        Throwable cause = exception;
        while (cause != null)
        {
            for (final Class<? extends Throwable> type : notRetryable)
            {
                if (type.isInstance(cause))
                {
                    return true;
                }
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return false;
    }
}
