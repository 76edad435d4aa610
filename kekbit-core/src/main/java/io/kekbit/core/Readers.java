package io.kekbit.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Loops over a {@link Reader} that callers would otherwise write themselves: draining a reader to the end of what has
 * been written, and skipping there. Stateless and thread-safe; each method uses its reader from the calling thread
 * only, and a reader is not thread-safe.
 */
public final class Readers
{
    /** Most records consumed per {@link Reader#read} call while draining. */
    static final int DRAIN_BATCH = 4096;

    private Readers()
    {
    }

    /**
     * Delivers every record written so far to {@code handler}: reads until a read consumes nothing (the WATERMARK,
     * or the end of the written data) or the reader is exhausted. Heartbeats are consumed and not delivered.
     * <pre>{@code
     * long bytes = Readers.drain(reader, handler);
     * if (reader.exhausted() != null) {
     *     // closed, full, timed out or failed: see reader.exhausted() and reader.failureReason()
     * }
     * }</pre>
     *
     * @param reader  the reader, at any position; left after the last record consumed.
     * @param handler receives each record, as from {@link Reader#read(RecordHandler, int)}.
     * @return the bytes consumed, 0 when there was nothing to read; the reader's {@link Reader#exhausted()} says
     *         whether it ended.
     */
    public static long drain(final Reader reader, final RecordHandler handler)
    {
        Objects.requireNonNull(handler, "handler");
        long bytes = 0;
        long result;
        while ((result = reader.read(handler, DRAIN_BATCH)) > 0)
        {
            bytes += result;
        }
        return bytes;
    }

    /**
     * Moves past every record written so far without delivering it, as {@link #drain} does, and counts them.
     *
     * @param reader the reader, at any position; left at the end of what has been written, or where it was
     *               exhausted.
     * @return the records skipped (heartbeats not counted); {@link Reader#exhausted()} says whether the reader ended.
     */
    public static long skipToEnd(final Reader reader)
    {
        final Counter counter = new Counter();
        drain(reader, counter);
        return counter.records;
    }

    /**
     * Counts records.
     */
    private static final class Counter implements RecordHandler
    {
        private long records;

        @Override
        public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            records++;
        }
    }
}
