package io.kekbit.journal;

import io.kekbit.core.Writer;

/**
 * A segment being written: its number and its channel writer (whose file was pre-faulted when it was created). At a
 * roll the writing thread {@linkplain Writer#seal() seals} it, one release store of the CLOSE marker, and leaves the
 * flush and unmapping, which cost system calls, to the background thread. Readers, ours and any other kekbit reader,
 * so see the end of a segment as soon as the writer moves to the next one, and a crash after the first record of the
 * next segment can never leave the previous one open.
 * <p>
 * Thread-safety: confined to one thread at a time; handed between the writing and background threads through
 * volatile fields.
 */
final class Segment
{
    private final long number;
    private final Writer writer;

    Segment(final long number, final Writer writer)
    {
        this.number = number;
        this.writer = writer;
    }

    long number()
    {
        return number;
    }

    Writer writer()
    {
        return writer;
    }

    /**
     * Closes the writer: flush and unmap (and the CLOSE marker, if not yet stored).
     */
    void close()
    {
        writer.close();
    }
}
