package io.kekbit.benchmarks.latency;

import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Agrona {@link OneToOneRingBuffer} over a memory-mapped, pre-faulted file: the sender creates the file, then renames
 * it into place so the receiver never maps a half-made file. Not thread-safe (see {@link Transport}).
 */
final class AgronaRingTransport extends Transport
{
    /** Ring capacity: 16 MiB, a power of two. */
    static final int CAPACITY = 1 << 24;

    private final Path dir;
    private final int payload;
    private final List<MappedByteBuffer> mapped = new ArrayList<>();

    AgronaRingTransport(final Path dir, final int payload)
    {
        this.dir = dir.resolve("agrona");
        this.payload = payload;
    }

    @Override
    public Sender sender(final String link)
    {
        final Path file = dir.resolve(link + ".ring");
        final Path tmp = dir.resolve(link + ".ring.tmp");
        final int length = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        try
        {
            Files.createDirectories(dir);
            final MappedByteBuffer buffer = IoUtil.mapNewFile(tmp.toFile(), length, true);
            for (int i = 0; i < length; i += 4096)
            {
                buffer.put(i, (byte)0);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            track(buffer);
            final UnsafeBuffer unsafeBuffer = new UnsafeBuffer(buffer);
            final OneToOneRingBuffer ring = new OneToOneRingBuffer(unsafeBuffer);
            final int size = payload;
            return value ->
            {
                final int index = ring.tryClaim(1, size);
                if (index < 0)
                {
                    return false;
                }
                unsafeBuffer.putLong(index, value);
                ring.commit(index);
                return true;
            };
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public Receiver receiver(final String link)
    {
        final Path file = dir.resolve(link + ".ring");
        awaitFile(file);
        final MappedByteBuffer buffer = IoUtil.mapExistingFile(file.toFile(), "ring " + link);
        track(buffer);
        return new RingReceiver(new OneToOneRingBuffer(new UnsafeBuffer(buffer)));
    }

    private void track(final MappedByteBuffer buffer)
    {
        synchronized (mapped)
        {
            mapped.add(buffer);
        }
    }

    @Override
    public void close()
    {
        synchronized (mapped)
        {
            mapped.forEach(IoUtil::unmap);
            mapped.clear();
        }
    }

    private static final class RingReceiver implements Receiver, MessageHandler
    {
        private final OneToOneRingBuffer ring;
        private long value = NONE;

        RingReceiver(final OneToOneRingBuffer ring)
        {
            this.ring = ring;
        }

        @Override
        public long poll()
        {
            value = NONE;
            ring.read(this, 1);
            return value;
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            value = buffer.getLong(index);
        }
    }
}
