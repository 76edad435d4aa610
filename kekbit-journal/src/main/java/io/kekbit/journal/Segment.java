package io.kekbit.journal;

import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.MappedMemories;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A segment being written: its channel writer, plus a second read-write mapping of the same file through which the
 * writing thread stores the CLOSE marker at a roll with one release store (what {@link Writer#close()} stores first),
 * leaving the flush and unmapping, which cost system calls, to the background thread. Readers, ours and any other
 * kekbit reader, so see the end of a segment as soon as the writer moves to the next one, and a crash after the
 * first record of the next segment can never leave the previous one open.
 * <p>
 * Thread-safety: confined to one thread at a time; handed between the writing and background threads through
 * volatile fields.
 */
final class Segment
{
    private static final long PAGE = 4096;

    private final long number;
    private final Writer writer;
    private final MappedMemory marker;

    private Segment(final long number, final Writer writer, final MappedMemory marker)
    {
        this.number = number;
        this.writer = writer;
        this.marker = marker;
    }

    /**
     * Wraps a writer and maps its file a second time for the CLOSE marker.
     *
     * @param root   root folder.
     * @param number segment number.
     * @param writer the segment's channel writer.
     * @return the segment.
     * @throws KekbitException when the file cannot be mapped; the writer is closed then.
     */
    static Segment of(final Path root, final long number, final Writer writer)
    {
        final Path path = Kekbit.storagePath(root, writer.header().channelId());
        final long length = ChannelHeaderDescriptor.fileLength(writer.header().capacity());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final MappedMemory marker = MappedMemories.map(channel, length, true);
            // Fault every page in for writing now, on this thread, so that storing the marker at a roll does not
            // take a page fault on the writing thread. Each store writes back the value just read, before the
            // segment is handed over, so no record can be overwritten. Acquire and release accesses, because the JIT
            // removes a plain store of the value just loaded from the same address, and the fault with it.
            for (long offset = ChannelHeaderDescriptor.DATA_OFFSET + writer.writeOffset() & ~(PAGE - 1);
                offset < length - RecordDescriptor.LENGTH_WORD; offset += PAGE)
            {
                final long at = Math.max(offset, ChannelHeaderDescriptor.DATA_OFFSET + writer.writeOffset());
                marker.putLongRelease(at, marker.getLongAcquire(at));
            }
            return new Segment(number, writer, marker);
        }
        catch (final IOException | RuntimeException ex)
        {
            writer.close();
            throw new KekbitException("could not map journal segment " + path + " for its CLOSE marker: " + ex, ex);
        }
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
     * Stores the CLOSE marker at the write offset (release store), as {@link Writer#close()} does first. The writer
     * must not write afterwards.
     */
    void markClosed()
    {
        marker.putLongRelease(ChannelHeaderDescriptor.DATA_OFFSET + writer.writeOffset(), RecordDescriptor.CLOSE);
    }

    /**
     * Closes the writer (CLOSE marker again, flush, unmap) and the marker mapping.
     */
    void close()
    {
        try
        {
            writer.close();
        }
        finally
        {
            marker.close();
        }
    }
}
