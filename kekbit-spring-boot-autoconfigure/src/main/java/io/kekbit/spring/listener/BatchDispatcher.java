package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.kekbit.core.ControlledRecordHandler.Action;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;

import org.springframework.core.log.LogAccessor;

/**
 * Delivers the records of each poll to a batch listener as one batch, and applies the error handler the way Spring
 * Kafka's {@code DefaultErrorHandler} treats batches. {@link #collect} converts each record as the poll reads it and
 * keeps a copy of its bytes (for the error handler and the dead-letter writer); {@link #deliver}, called after the
 * poll and before the durable position is saved, calls the method once through
 * {@link RecordDispatcher#dispatchBatch} (timed and observed as one delivery). Then:
 * <ul>
 *   <li>success: every record counts as handled, and the position after the batch is saved;</li>
 *   <li>a {@link KekbitBatchListenerFailedException} naming record {@code i}: the records before it count as handled,
 *   the reader moves back to record {@code i} (the saved position), and the error handler decides about record
 *   {@code i}: a delay retries it (with the records after it) in the next poll, its delivery attempts counted across
 *   polls; giving up ({@link KekbitErrorHandler#SKIP}, the default handler dead-letters it first) moves past it;
 *   {@link KekbitErrorHandler#STOP} stops the container before it;</li>
 *   <li>any other exception: the error handler decides with the batch's first record; a delay delivers the same batch
 *   again; giving up hands every other record of the batch to the handler as well (with the same attempt count, so
 *   the default handler logs and dead-letters each one; a delay it returns then counts as giving up) and moves on;
 *   STOP stops the container before the batch (or before the record the handler stopped at).</li>
 * </ul>
 * A record that cannot be converted ends the batch before it; alone at the start of a batch it goes to the error
 * handler as a single record. Moving back uses {@link Reader#moveTo}, which scans the channel (or the segment) from
 * its start: a failed batch costs a scan, a successful one nothing. Not thread-safe: confined to the poll thread.
 */
final class BatchDispatcher
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);
    private static final RecordHandler SKIP_ONE = (buffer, offset, length, position) ->
    {
    };

    private final AbstractKekbitListenerContainer container;
    private final BatchRecordInvoker invoker;
    private final KekbitErrorHandler errorHandler;
    private final ListenerCounters counters;
    private final FailedRecord failedRecord;
    private final RecordDispatcher dispatcher;
    private final List<Object> elements = new ArrayList<>();
    private long[] positions = new long[64];
    private int[] rawOffsets = new int[64];
    private int[] rawLengths = new int[64];
    private byte[] raw = new byte[4096];
    private ByteBuffer rawBuffer = ByteBuffer.wrap(raw);
    private int rawUsed;
    private int count;
    /** Position of the record the error handler asked to retry, or -1. */
    private long retryPosition = -1;
    private int retryAttempt;
    private boolean stopped;

    BatchDispatcher(
        final AbstractKekbitListenerContainer container,
        final BatchRecordInvoker invoker,
        final KekbitErrorHandler errorHandler,
        final ListenerCounters counters,
        final FailedRecord failedRecord,
        final RecordDispatcher dispatcher)
    {
        this.container = container;
        this.invoker = invoker;
        this.errorHandler = errorHandler;
        this.counters = counters;
        this.failedRecord = failedRecord;
        this.dispatcher = dispatcher;
    }

    /** Clears the error handler's stop and the retry state at a new start. */
    void reset()
    {
        stopped = false;
        retryPosition = -1;
        clear();
    }

    /**
     * Whether the error handler (or a JVM error) stopped the listener.
     *
     * @return true when the poll loop must end.
     */
    boolean isStopped()
    {
        return stopped;
    }

    /**
     * Adds a record of the poll to the batch.
     *
     * @param buffer   the record's buffer, valid only during the call.
     * @param offset   index of the record's first byte.
     * @param length   record length.
     * @param position data position of the record.
     * @return CONTINUE to read on, ABORT to end the poll before this record.
     */
    Action collect(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (container.isStopRequested() || stopped)
        {
            return Action.ABORT;
        }
        final Object element;
        try
        {
            element = invoker.convert(buffer, offset, length, position);
        }
        catch (final RuntimeException ex)
        {
            return count > 0 ? Action.ABORT : failedAlone(ex, buffer, offset, length, position);
        }
        if (element == BatchRecordInvoker.FILTERED)
        {
            counters.countRecord();
            return Action.CONTINUE;
        }
        append(element, buffer, offset, length, position);
        return Action.CONTINUE;
    }

    /**
     * Calls the method with the batch collected by the poll, if any, and applies the error handler; leaves the
     * reader at the position to save.
     *
     * @param reader the listener's reader.
     */
    void deliver(final Reader reader)
    {
        if (count == 0)
        {
            return;
        }
        try
        {
            deliverBatch(reader);
        }
        finally
        {
            clear();
        }
    }

    private void deliverBatch(final Reader reader)
    {
        int attempt = positions[0] == retryPosition ? retryAttempt + 1 : 1;
        while (true)
        {
            try
            {
                dispatcher.dispatchBatch(invoker, elements, positions, count, rawBuffer, rawOffsets, rawLengths);
                countHandled(count);
                retryPosition = -1;
                return;
            }
            catch (final RuntimeException ex)
            {
                counters.countError();
                final Throwable jvmError = RecordDispatcher.jvmError(ex);
                if (jvmError != null)
                {
                    rewind(reader, 0);
                    stop("batch listener threw a JVM error at position " + positions[0] + " (the batch is not " +
                        "consumed): " + jvmError, KekbitMessageListenerContainer.StopReason.FAILURE, ex);
                    return;
                }
                final int index = failedIndex(ex);
                if (index >= 0)
                {
                    partialFailure(reader, ex, index);
                    return;
                }
                final long decision = errorHandler.handle(ex, record(0), attempt);
                if (decision >= 0)
                {
                    if (!dispatcher.waitBeforeRetry(decision))
                    {
                        rewind(reader, 0);
                        return;
                    }
                    attempt++;
                    continue;
                }
                if (decision == KekbitErrorHandler.SKIP)
                {
                    giveUp(reader, ex, attempt);
                    return;
                }
                rewind(reader, 0);
                stop("error handler stopped the batch listener at position " + positions[0] + ": " + ex.getMessage(),
                    KekbitMessageListenerContainer.StopReason.ERROR_HANDLER, ex);
                return;
            }
        }
    }

    /** Record {@code index} failed: the ones before it are handled, the error handler decides about it. */
    private void partialFailure(final Reader reader, final RuntimeException ex, final int index)
    {
        countHandled(index);
        final RuntimeException failure = recordFailure(ex, index);
        final int attempt = positions[index] == retryPosition ? retryAttempt + 1 : 1;
        final long decision = errorHandler.handle(failure, record(index), attempt);
        if (decision == KekbitErrorHandler.SKIP)
        {
            counters.countRecord();
            counters.countSkipped();
            retryPosition = -1;
            if (rewind(reader, index))
            {
                reader.read(SKIP_ONE, 1);
            }
            return;
        }
        rewind(reader, index);
        if (decision < 0)
        {
            stop("error handler stopped the batch listener at position " + positions[index] + ": " +
                failure.getMessage(), KekbitMessageListenerContainer.StopReason.ERROR_HANDLER, failure);
            return;
        }
        retryPosition = positions[index];
        retryAttempt = attempt;
        dispatcher.waitBeforeRetry(decision);
    }

    /** The handler gave up on a batch that failed as a whole: it gets each other record too. */
    private void giveUp(final Reader reader, final RuntimeException ex, final int attempt)
    {
        counters.countRecord();
        for (int i = 1; i < count; i++)
        {
            if (errorHandler.handle(ex, record(i), attempt) == KekbitErrorHandler.STOP)
            {
                countHandled(i - 1);
                rewind(reader, i);
                stop("error handler stopped the batch listener at position " + positions[i] + ": " + ex.getMessage(),
                    KekbitMessageListenerContainer.StopReason.ERROR_HANDLER, ex);
                return;
            }
        }
        countHandled(count - 1);
        retryPosition = -1;
    }

    /**
     * A record that cannot be converted at the start of a batch: the error handler decides about it alone.
     */
    private Action failedAlone(
        final RuntimeException ex, final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        counters.countError();
        final int attempt = position == retryPosition ? retryAttempt + 1 : 1;
        final long decision = errorHandler.handle(ex, failedRecord.wrap(buffer, offset, length, position), attempt);
        if (decision == KekbitErrorHandler.SKIP)
        {
            counters.countRecord();
            counters.countSkipped();
            retryPosition = -1;
            return Action.CONTINUE;
        }
        if (decision < 0)
        {
            stop("error handler stopped the batch listener at position " + position + ": " + ex.getMessage(),
                KekbitMessageListenerContainer.StopReason.ERROR_HANDLER, ex);
            return Action.ABORT;
        }
        retryPosition = position;
        retryAttempt = attempt;
        dispatcher.waitBeforeRetry(decision);
        return Action.ABORT;
    }

    /**
     * The index a {@link KekbitBatchListenerFailedException} in the cause chain names, or -1 for a whole-batch
     * failure (also when the index or element is not in the batch).
     */
    private int failedIndex(final Throwable exception)
    {
        Throwable cause = exception;
        while (cause != null)
        {
            if (cause instanceof KekbitBatchListenerFailedException)
            {
                final KekbitBatchListenerFailedException failed = (KekbitBatchListenerFailedException)cause;
                int index = failed.getIndex();
                if (index < 0 && failed.getElement() != null)
                {
                    for (int i = 0; i < count && index < 0; i++)
                    {
                        if (elements.get(i) == failed.getElement())
                        {
                            index = i;
                        }
                    }
                }
                if (index < 0 || index >= count)
                {
                    LOGGER.warn(() -> "listener '" + container.getListenerId() + "': " + failed.getMessage() +
                        " names no record of the batch of " + count + "; the whole batch failed");
                    return -1;
                }
                return index;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return -1;
    }

    /** What the error handler gets for record {@code index}: the method's own failure, naming the record. */
    private RuntimeException recordFailure(final RuntimeException ex, final int index)
    {
        Throwable cause = ex;
        while (cause != null && !(cause instanceof KekbitBatchListenerFailedException))
        {
            cause = cause.getCause();
        }
        final Throwable root = cause != null && cause.getCause() != null ? cause.getCause() : cause;
        return new KekbitListenerExecutionException("batch listener method " + invoker.method().toGenericString() +
            " failed the record at position " + positions[index] + " (batch index " + index + " of " + count + ")" +
            (root == null ? "" : ": " + root), root == null ? ex : root);
    }

    private FailedRecord record(final int index)
    {
        return failedRecord.wrap(rawBuffer, rawOffsets[index], rawLengths[index], positions[index]);
    }

    /**
     * Moves the reader back to record {@code index} of the batch.
     *
     * @return false when the reader could not move (the container then fails).
     */
    private boolean rewind(final Reader reader, final int index)
    {
        final long result = reader.moveTo(positions[index]);
        if (result < 0)
        {
            stop("batch listener cannot move back to the failed record at position " + positions[index] + ": " +
                InvalidPosition.fromCode(result), KekbitMessageListenerContainer.StopReason.FAILURE, null);
            return false;
        }
        return true;
    }

    private void stop(
        final String why, final KekbitMessageListenerContainer.StopReason reason, final Throwable cause)
    {
        stopped = true;
        container.fail(why, reason, cause);
        LOGGER.error(cause, () -> "listener '" + container.getListenerId() + "' stopped: " + why);
    }

    private void countHandled(final int records)
    {
        for (int i = 0; i < records; i++)
        {
            counters.countRecord();
        }
    }

    private void append(
        final Object element, final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (count == positions.length)
        {
            positions = Arrays.copyOf(positions, count * 2);
            rawOffsets = Arrays.copyOf(rawOffsets, count * 2);
            rawLengths = Arrays.copyOf(rawLengths, count * 2);
        }
        if (raw.length - rawUsed < length)
        {
            raw = Arrays.copyOf(raw, Math.max(raw.length * 2, rawUsed + length));
            rawBuffer = ByteBuffer.wrap(raw);
        }
        buffer.get(offset, raw, rawUsed, length);
        elements.add(element);
        positions[count] = position;
        rawOffsets[count] = rawUsed;
        rawLengths[count] = length;
        rawUsed += length;
        count++;
    }

    private void clear()
    {
        elements.clear();
        count = 0;
        rawUsed = 0;
    }
}
