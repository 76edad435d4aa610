package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import io.kekbit.core.ControlledRecordHandler;

import org.springframework.core.log.LogAccessor;

/**
 * Hands each record to the listener and applies the error handler: a record whose listener throws is retried after
 * the handler's delay, skipped, or stops the container (the record is then not consumed). A JVM error stops the
 * container at once. {@link #dispatch} is the one place where a record reaches the listener, so that observation
 * and batching wrap a single call. Not thread-safe: confined to the poll thread, except
 * {@link #setProcessingObserver}.
 */
final class RecordDispatcher implements ControlledRecordHandler
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final AbstractKekbitListenerContainer container;
    private final KekbitRecordInvoker invoker;
    private final KekbitErrorHandler errorHandler;
    private final FailedRecord failedRecord;
    private final ListenerCounters counters;
    private volatile LongConsumer processingObserver;
    private boolean stoppedByErrorHandler;

    RecordDispatcher(
        final AbstractKekbitListenerContainer container,
        final KekbitRecordInvoker invoker,
        final KekbitErrorHandler errorHandler,
        final ListenerCounters counters)
    {
        final KekbitListenerEndpoint endpoint = container.getEndpoint();
        this.container = container;
        this.invoker = invoker;
        this.errorHandler = errorHandler;
        this.counters = counters;
        this.failedRecord = new FailedRecord(endpoint.id(), endpoint.channelName(), endpoint.channelId(),
            invoker.isEnvelope());
    }

    /**
     * Sets a callback receiving the processing time of each successful record in nanoseconds.
     *
     * @param observer the callback, or null for none.
     */
    void setProcessingObserver(final LongConsumer observer)
    {
        this.processingObserver = observer;
    }

    /** Clears the error handler's stop at a new start. */
    void reset()
    {
        stoppedByErrorHandler = false;
    }

    /**
     * Whether the error handler (or a JVM error) stopped the listener.
     *
     * @return true when the poll loop must end.
     */
    boolean isStoppedByErrorHandler()
    {
        return stoppedByErrorHandler;
    }

    /** {@inheritDoc} */
    @Override
    public Action onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (container.isStopRequested())
        {
            return Action.ABORT;
        }
        int attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                dispatch(buffer, offset, length, position);
                counters.countRecord();
                return Action.CONTINUE;
            }
            catch (final RuntimeException ex)
            {
                counters.countError();
                final Throwable jvmError = jvmError(ex);
                if (jvmError != null)
                {
                    stoppedByErrorHandler = true;
                    container.fail("listener threw a JVM error at position " + position + " (the record is not " +
                        "consumed; not retried, skipped or dead-lettered): " + jvmError,
                        KekbitMessageListenerContainer.StopReason.FAILURE, ex);
                    LOGGER.error(ex, () -> "listener '" + container.getListenerId() + "' stopped: " +
                        container.getReason());
                    return Action.ABORT;
                }
                final long decision = errorHandler.handle(ex, failedRecord.wrap(buffer, offset, length, position),
                    attempt);
                if (decision == KekbitErrorHandler.SKIP)
                {
                    counters.countRecord();
                    return Action.CONTINUE;
                }
                if (decision < 0)
                {
                    stoppedByErrorHandler = true;
                    container.fail("error handler stopped the listener at position " + position + ": " +
                        ex.getMessage(), KekbitMessageListenerContainer.StopReason.ERROR_HANDLER, ex);
                    return Action.ABORT;
                }
                if (!waitBeforeRetry(decision))
                {
                    return Action.ABORT;
                }
            }
        }
    }

    /**
     * Calls the listener once for a record: the single delivery point.
     *
     * @param buffer   the record's buffer, valid only during the call.
     * @param offset   index of the record's first byte.
     * @param length   record length.
     * @param position data position of the record.
     * @throws RuntimeException what the invoker throws: a conversion error or the listener's exception, wrapped.
     */
    void dispatch(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        final LongConsumer observer = processingObserver;
        final long start = observer == null ? 0 : System.nanoTime();
        invoker.invoke(buffer, offset, length, position);
        if (observer != null)
        {
            observer.accept(System.nanoTime() - start);
        }
    }

    /**
     * A JVM error in the cause chain ({@link VirtualMachineError} such as OutOfMemoryError or StackOverflowError, or
     * a {@link LinkageError}): the JVM or the class path is in trouble, so the record is not handed to the error
     * handler but stops the container.
     */
    private static Throwable jvmError(final Throwable exception)
    {
        Throwable cause = exception;
        while (cause != null)
        {
            if (cause instanceof VirtualMachineError || cause instanceof LinkageError)
            {
                return cause;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return null;
    }

    private boolean waitBeforeRetry(final long delayMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0)
        {
            if (container.isStopRequested())
            {
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        return !container.isStopRequested();
    }
}
