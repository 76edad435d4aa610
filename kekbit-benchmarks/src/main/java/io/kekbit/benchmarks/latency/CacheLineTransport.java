package io.kekbit.benchmarks.latency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The latency floor: a single {@code long} per link in its own cache line of a shared mapped file, stored with
 * release and polled with acquire loads. Values must be non-zero and change from one send to the next (timestamps
 * do). Not
 * thread-safe (see {@link Transport}).
 */
final class CacheLineTransport extends Transport
{
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int FILE_LENGTH = 4096;
    /** Two cache lines apart, so that adjacent-line prefetch does not couple the links. */
    private static final int LINK_STRIDE = 128;

    private final Path file;
    private MappedByteBuffer buffer;

    CacheLineTransport(final Path dir)
    {
        this.file = dir.resolve("cacheline");
    }

    private synchronized MappedByteBuffer map(final boolean create)
    {
        if (buffer == null)
        {
            try
            {
                Files.createDirectories(file.getParent());
                if (create)
                {
                    final Path tmp = file.resolveSibling("cacheline.tmp");
                    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.READ, StandardOpenOption.WRITE))
                    {
                        channel.write(java.nio.ByteBuffer.allocate(FILE_LENGTH));
                    }
                    try
                    {
                        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    }
                    catch (final java.nio.file.FileAlreadyExistsException ex)
                    {
                        Files.delete(tmp);
                    }
                }
                else
                {
                    awaitFile(file);
                }
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
                {
                    buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, FILE_LENGTH);
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return buffer;
    }

    @Override
    public Sender sender(final String link)
    {
        final MappedByteBuffer mapped = map(!Files.exists(file));
        final int index = linkId(link) * LINK_STRIDE;
        return value ->
        {
            LONGS.setRelease(mapped, index, value);
            return true;
        };
    }

    @Override
    public Receiver receiver(final String link)
    {
        final MappedByteBuffer mapped = map(false);
        final int index = linkId(link) * LINK_STRIDE;
        return new Receiver()
        {
            private long last;

            @Override
            public long poll()
            {
                final long value = (long)LONGS.getAcquire(mapped, index);
                if (value == last)
                {
                    return NONE;
                }
                last = value;
                return value;
            }
        };
    }

    @Override
    public void close()
    {
        buffer = null;
    }
}
