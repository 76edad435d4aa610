package io.kekbit.cli;

import io.kekbit.core.RecordHandler;

import java.io.PrintWriter;
import java.nio.ByteBuffer;

/**
 * Prints each record it receives as one line in a {@link PayloadFormat}. Not thread-safe: one per reader.
 */
final class RecordPrinter implements RecordHandler
{
    private final PrintWriter out;
    private final PayloadFormat format;
    private final StringBuilder line = new StringBuilder(256);
    private byte[] bytes = new byte[256];
    private long records;

    RecordPrinter(final PrintWriter out, final PayloadFormat format)
    {
        this.out = out;
        this.format = format;
    }

    @Override
    public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (bytes.length < length)
        {
            bytes = new byte[Math.max(length, bytes.length * 2)];
        }
        buffer.get(offset, bytes, 0, length);
        line.setLength(0);
        format.appendRecord(line, bytes, length, position);
        out.println(line);
        records++;
    }

    /**
     * Prints the final line.
     *
     * @param status CLOSED, CHANNEL_FULL, TIMEOUT, FAILED, WATERMARK or MAX.
     */
    void end(final String status)
    {
        line.setLength(0);
        format.appendEnd(line, status);
        out.println(line);
        out.flush();
    }

    /**
     * Records printed so far.
     *
     * @return the count.
     */
    long records()
    {
        return records;
    }
}
