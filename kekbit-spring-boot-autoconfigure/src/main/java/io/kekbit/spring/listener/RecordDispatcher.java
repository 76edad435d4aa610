package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.kekbit.core.ControlledRecordHandler;
import io.kekbit.core.Reader;
import io.kekbit.spring.observation.KekbitListenerObservationConvention;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.log.LogAccessor;

/**
 * Hands each record to the listener and applies the error handler: a record whose listener throws is retried after
 * the handler's delay, skipped, or stops the container (the record is then not consumed). A JVM error stops the
 * container at once. {@link #dispatch} is the one place where a record reaches the listener, and
 * {@link #dispatchBatch} the one place where a batch reaches a batch listener, so that observation and timing wrap
 * a single call: with a processing observer a delivery is timed (failures too), and with an observation registry
 * it runs inside a {@code kekbit.listener} observation ({@link ObservedDelivery}). Without either they call the
 * invoker directly and allocate nothing. Not thread-safe: confined to the poll thread, except the setters.
 */
final class RecordDispatcher implements ControlledRecordHandler
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final AbstractKekbitListenerContainer container;
    private final KekbitRecordInvoker invoker;
    private final KekbitErrorHandler errorHandler;
    private final FailedRecord failedRecord;
    private final ListenerCounters counters;
    /** Delivers a batch listener's polls; null for a record listener. */
    private final BatchDispatcher batch;
    private final ObservedDelivery observed;
    private volatile KekbitListenerContainer.ProcessingObserver processingObserver;
    private volatile ObservationRegistry observationRegistry;
    private volatile KekbitListenerObservationConvention observationConvention;
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
        this.observed = new ObservedDelivery(endpoint.id(), endpoint.channelName(), endpoint.channelId(),
            endpoint.roll(), invoker.isEnvelope());
        this.batch = invoker.batch() == null ? null :
            new BatchDispatcher(container, invoker.batch(), errorHandler, counters, failedRecord, this);
    }

    /**
     * Sets a callback told the processing time and outcome of each delivery.
     *
     * @param observer the callback, or null for none.
     */
    void setProcessingObserver(final KekbitListenerContainer.ProcessingObserver observer)
    {
        this.processingObserver = observer;
    }

    /**
     * Observes every delivery from the next record on.
     *
     * @param registry   the registry, or null to stop observing.
     * @param convention the convention, or null for the default.
     */
    void setObservation(final ObservationRegistry registry, final KekbitListenerObservationConvention convention)
    {
        this.observationConvention = convention;
        this.observationRegistry = registry;
    }

    /**
     * Records given up on by the error handler and written to a dead-letter channel.
     *
     * @return the count.
     */
    long deadLetters()
    {
        return failedRecord.deadLetters();
    }

    /**
     * Records the listener's filter discarded.
     *
     * @return the count.
     */
    long filteredRecords()
    {
        return invoker.filteredRecords();
    }

    /** Clears the error handler's stop at a new start. */
    void reset()
    {
        stoppedByErrorHandler = false;
        if (batch != null)
        {
            batch.reset();
        }
    }

    /**
     * After each poll, before the position is saved: a batch listener gets the poll's records as one batch (and the
     * reader may move back to a failed record). Nothing for a record listener.
     *
     * @param reader the listener's reader.
     */
    void afterPoll(final Reader reader)
    {
        if (batch != null)
        {
            batch.deliver(reader);
        }
    }

    /**
     * Whether the error handler (or a JVM error) stopped the listener.
     *
     * @return true when the poll loop must end.
     */
    boolean isStoppedByErrorHandler()
    {
        return stoppedByErrorHandler || batch != null && batch.isStopped();
    }

    /** {@inheritDoc} */
    @Override
    public Action onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (batch != null)
        {
            return batch.collect(buffer, offset, length, position);
        }
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
                    counters.countSkipped();
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
        final KekbitListenerContainer.ProcessingObserver observer = processingObserver;
        if (observer == null)
        {
            deliver(buffer, offset, length, position);
            return;
        }
        final long start = System.nanoTime();
        try
        {
            deliver(buffer, offset, length, position);
        }
        catch (final RuntimeException ex)
        {
            observer.processed(System.nanoTime() - start, ex);
            throw ex;
        }
        observer.processed(System.nanoTime() - start, null);
    }

    /**
     * Calls a batch listener once with a batch: the batch's single delivery point, timed and observed as one
     * delivery like a record's {@link #dispatch}.
     *
     * @param invoker    the batch invoker.
     * @param elements   the converted records.
     * @param positions  their positions.
     * @param count      the number of records.
     * @param rawBuffer  the copies of the records' bytes.
     * @param rawOffsets where each record starts in {@code rawBuffer}.
     * @param rawLengths each record's length.
     * @throws RuntimeException what the invoker throws: the listener's exception, wrapped.
     */
    void dispatchBatch(
        final BatchRecordInvoker invoker,
        final List<Object> elements,
        final long[] positions,
        final int count,
        final ByteBuffer rawBuffer,
        final int[] rawOffsets,
        final int[] rawLengths)
    {
        final KekbitListenerContainer.ProcessingObserver observer = processingObserver;
        final ObservationRegistry registry = observationRegistry;
        final long start = observer == null ? 0 : System.nanoTime();
        try
        {
            if (registry == null)
            {
                invoker.invoke(elements, positions, count);
            }
            else
            {
                observed.deliverBatch(registry, observationConvention, invoker, elements, positions, count, rawBuffer,
                    rawOffsets, rawLengths);
            }
        }
        catch (final RuntimeException ex)
        {
            if (observer != null)
            {
                observer.processed(System.nanoTime() - start, ex);
            }
            throw ex;
        }
        if (observer != null)
        {
            observer.processed(System.nanoTime() - start, null);
        }
    }

    private void deliver(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        final ObservationRegistry registry = observationRegistry;
        if (registry == null)
        {
            invoker.invoke(buffer, offset, length, position);
        }
        else
        {
            observed.deliver(registry, observationConvention, invoker, buffer, offset, length, position);
        }
    }

    /**
     * A JVM error in the cause chain ({@link VirtualMachineError} such as OutOfMemoryError or StackOverflowError, or
     * a {@link LinkageError}): the JVM or the class path is in trouble, so the record is not handed to the error
     * handler but stops the container.
     */
    static Throwable jvmError(final Throwable exception)
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

    /**
     * Parks for a retry delay, waking early on a stop request.
     *
     * @param delayMillis the delay.
     * @return true when the delay passed, false when a stop was requested.
     */
    boolean waitBeforeRetry(final long delayMillis)
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
