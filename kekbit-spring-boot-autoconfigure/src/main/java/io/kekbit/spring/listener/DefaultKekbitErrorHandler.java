package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.KekbitConversionException;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The default error handler: retries a failed record following a spring-core {@link BackOff}, then gives up on it:
 * logs it with its channel and position, copies it to the dead-letter writer when one is configured, and either
 * moves on or, with {@code stopOnError}, stops the container. Conversion failures ({@link KekbitConversionException})
 * are never retried (the bytes will not change), nor are the configured not-retryable types. Thread-safe (stateless
 * per call: the back-off is replayed from the delivery attempt).
 */
public final class DefaultKekbitErrorHandler implements KekbitErrorHandler
{
    private static final LogAccessor LOGGER = new LogAccessor(DefaultKekbitErrorHandler.class);

    private final BackOff backOff;
    private final Supplier<Writer> deadLetter;
    private final boolean stopOnError;
    private final List<Class<? extends Throwable>> notRetryable;

    /**
     * Creates the handler.
     *
     * @param backOff     delays between deliveries; its execution ending means "give up".
     * @param deadLetter  supplies the dead-letter writer, or null when there is none.
     * @param stopOnError whether to stop the container after giving up on a record, instead of skipping it.
     */
    public DefaultKekbitErrorHandler(
        final BackOff backOff, final Supplier<Writer> deadLetter, final boolean stopOnError)
    {
        this(backOff, deadLetter, stopOnError, List.of());
    }

    /**
     * Creates the handler with exception types that are never retried.
     *
     * @param backOff      delays between deliveries; its execution ending means "give up".
     * @param deadLetter   supplies the dead-letter writer, or null when there is none.
     * @param stopOnError  whether to stop the container after giving up on a record, instead of skipping it.
     * @param notRetryable exception types given up on at the first failure (found anywhere in the cause chain), in
     *                     addition to {@link KekbitConversionException}.
     */
    public DefaultKekbitErrorHandler(
        final BackOff backOff,
        final Supplier<Writer> deadLetter,
        final boolean stopOnError,
        final Collection<Class<? extends Throwable>> notRetryable)
    {
        this.backOff = backOff;
        this.deadLetter = deadLetter;
        this.stopOnError = stopOnError;
        final List<Class<? extends Throwable>> types = new ArrayList<>(notRetryable);
        types.add(KekbitConversionException.class);
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
        recover(exception, record, deliveryAttempt);
        return stopOnError ? STOP : SKIP;
    }

    private void recover(final Exception exception, final FailedRecord record, final int deliveryAttempt)
    {
        LOGGER.error(exception, () -> "giving up on " + record + " after " + deliveryAttempt + " attempt(s)" +
            (stopOnError ? "; stopping the listener" : "; skipping it"));
        if (deadLetter != null)
        {
            final Writer writer = deadLetter.get();
            final ByteBuffer copy = record.buffer().duplicate();
            copy.limit(record.offset() + record.length()).position(record.offset());
            final long result = writer.write(copy);
            if (result < 0)
            {
                LOGGER.error(() -> "dead-letter write of " + record + " failed: " + WriteError.errorString(result));
            }
        }
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
