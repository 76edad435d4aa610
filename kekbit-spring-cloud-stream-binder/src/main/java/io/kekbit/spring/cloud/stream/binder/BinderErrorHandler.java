package io.kekbit.spring.cloud.stream.binder;

import java.lang.ref.WeakReference;

import io.kekbit.spring.listener.FailedRecord;
import io.kekbit.spring.listener.KekbitErrorHandler;

import org.springframework.core.log.LogAccessor;

/**
 * What the binder's containers do with a record whose delivery threw after Spring Cloud Stream's retry and recovery:
 * a failed dead-letter write stops the consumer with the record unconsumed (it is neither handled nor kept anywhere
 * else); anything else (no dead-letter destination, so the error channel rethrew; or a record that is not a valid
 * envelope) is logged and the record skipped, as Spring Cloud Stream does without a DLQ. A stop of the binding
 * during a retry ({@link ConsumerStoppingException}) stops the container with the record unconsumed. A failed batch
 * ({@code batch-mode}) reaches this once per record with the same exception: its stack trace is logged with the first
 * record only. Thread-safe (the last exception logged is only a hint for the log's length).
 */
final class BinderErrorHandler implements KekbitErrorHandler
{
    private static final LogAccessor LOGGER = new LogAccessor(BinderErrorHandler.class);

    private final String destination;
    private final String group;
    /**
     * The exception logged last with its stack trace: the later records of the same failed batch log without it.
     * Weak, so that a failed batch's payloads are not kept until the next failure.
     */
    private volatile WeakReference<Exception> lastLogged = new WeakReference<>(null);

    BinderErrorHandler(final String destination, final String group)
    {
        this.destination = destination;
        this.group = group;
    }

    /** {@inheritDoc} */
    @Override
    public long handle(final Exception exception, final FailedRecord record, final int deliveryAttempt)
    {
        if (ConsumerStoppingException.isCause(exception))
        {
            LOGGER.info(() -> "destination '" + destination + "', group '" + group + "': stopped while the record at " +
                "position " + record.position() + " waited for its next attempt; it stays unconsumed");
            return STOP;
        }
        if (DeadLetterException.isCause(exception))
        {
            LOGGER.error(exception, () -> "destination '" + destination + "', group '" + group + "': the record at " +
                "position " + record.position() + " could not be dead-lettered; the consumer stops with it unconsumed");
            return STOP;
        }
        if (exception == lastLogged.get())
        {
            LOGGER.error(() -> "destination '" + destination + "', group '" + group + "': the record at position " +
                record.position() + " failed with the same batch and is skipped (no dead-letter destination): " +
                exception);
            return SKIP;
        }
        lastLogged = new WeakReference<>(exception);
        LOGGER.error(exception, () -> "destination '" + destination + "', group '" + group + "': the record at " +
            "position " + record.position() + " failed and is skipped (no dead-letter destination)");
        return SKIP;
    }
}
