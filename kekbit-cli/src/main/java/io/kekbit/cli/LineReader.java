package io.kekbit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Splits a byte stream into lines at {@code \n}, keeping the bytes as they are (no charset decoding) and dropping a
 * {@code \r} before the {@code \n}. A line longer than the limit is measured but not kept, so one huge line cannot
 * exhaust memory. Not thread-safe.
 */
final class LineReader
{
    private final InputStream in;
    private final byte[] chunk = new byte[8192];
    private final byte[] line;
    private int chunkLength;
    private int chunkIndex;
    private int length;
    private long fullLength;
    private long lineNumber;
    private boolean eof;

    /**
     * Creates a reader.
     *
     * @param in    the input; not closed by this class.
     * @param limit longest line, in bytes, that is kept.
     */
    LineReader(final InputStream in, final int limit)
    {
        this.in = in;
        this.line = new byte[limit];
    }

    /**
     * Reads the next line; a last line without {@code \n} counts.
     *
     * @return true when a line was read, false at the end of the input.
     * @throws UncheckedIOException when reading fails.
     */
    boolean next()
    {
        length = 0;
        fullLength = 0;
        boolean any = false;
        byte last = 0;
        while (true)
        {
            if (chunkIndex == chunkLength && !fill())
            {
                if (!any)
                {
                    return false;
                }
                break;
            }
            any = true;
            final byte b = chunk[chunkIndex++];
            if (b == '\n')
            {
                break;
            }
            if (length < line.length)
            {
                line[length++] = b;
            }
            fullLength++;
            last = b;
        }
        if (last == '\r')
        {
            fullLength--;
            length = (int)Math.min(length, fullLength);
        }
        lineNumber++;
        return true;
    }

    private boolean fill()
    {
        if (eof)
        {
            return false;
        }
        try
        {
            int n = 0;
            while (n == 0)
            {
                n = in.read(chunk);
            }
            if (n < 0)
            {
                eof = true;
                return false;
            }
            chunkLength = n;
            chunkIndex = 0;
            return true;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not read standard input: " + ex, ex);
        }
    }

    /**
     * Bytes of the current line; valid up to {@link #length()}.
     *
     * @return the shared array.
     */
    byte[] bytes()
    {
        return line;
    }

    /**
     * Kept length of the current line.
     *
     * @return at most the limit.
     */
    int length()
    {
        return length;
    }

    /**
     * Whether the current line was longer than the limit (only its start was kept).
     *
     * @return true when too long.
     */
    boolean truncated()
    {
        return fullLength > line.length;
    }

    /**
     * Full length of the current line, without its line end.
     *
     * @return the length in bytes.
     */
    long fullLength()
    {
        return fullLength;
    }

    /**
     * Number of the current line, from 1.
     *
     * @return the line number.
     */
    long lineNumber()
    {
        return lineNumber;
    }
}
