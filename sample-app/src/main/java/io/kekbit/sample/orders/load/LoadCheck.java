package io.kekbit.sample.orders.load;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogAccessor;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Checks the records of the {@code load} channel as the listener reads them: each record's length, bytes and
 * CRC-32C ({@link LoadRecord#check}), and the sequence against the previous record's: a sequence at or below the
 * previous one is a duplicate, one beyond the next is a gap (the records in between are counted as missing). Counts
 * start at 0 in each process. At shutdown, after the listener has stopped, the final summary is logged on one line
 * starting with {@value #SHUTDOWN_LOG_PREFIX}, so what a stopped consumer had read can be compared with where its
 * successor resumes.
 * <p>
 * Thread-safe: {@link #apply} runs on the listener's thread, {@link #summary} on any; both under this object's
 * monitor.
 */
public final class LoadCheck implements DisposableBean
{
    /** Start of the log line holding the summary at shutdown. */
    public static final String SHUTDOWN_LOG_PREFIX = "load-check at shutdown: ";

    private static final LogAccessor LOGGER = new LogAccessor(LoadCheck.class);

    private final CRC32C crc = new CRC32C();
    private long records;
    private long firstSequence;
    private long lastSequence;
    private long duplicates;
    private long missing;
    private long corrupt;
    private long lastPosition = -1;

    /**
     * Checks one record.
     *
     * @param record   the record between its position and limit; its position is not changed.
     * @param position its channel position.
     */
    public synchronized void apply(final ByteBuffer record, final long position)
    {
        records++;
        lastPosition = position;
        final long sequence = LoadRecord.check(record, crc);
        if (sequence == LoadRecord.CORRUPT)
        {
            corrupt++;
            return;
        }
        if (firstSequence == 0)
        {
            firstSequence = sequence;
        }
        else if (sequence <= lastSequence)
        {
            duplicates++;
            return;
        }
        else if (sequence > lastSequence + 1)
        {
            missing += sequence - lastSequence - 1;
        }
        lastSequence = sequence;
    }

    /**
     * Takes a consistent snapshot.
     *
     * @return the summary.
     */
    public synchronized LoadSummary summary()
    {
        return new LoadSummary(records, firstSequence, lastSequence, duplicates, missing, corrupt, lastPosition);
    }

    /**
     * Logs the final summary; runs after the listener containers have stopped.
     */
    @Override
    public void destroy()
    {
        final LoadSummary summary = summary();
        LOGGER.info(() -> SHUTDOWN_LOG_PREFIX + summary.toLogString());
    }
}
