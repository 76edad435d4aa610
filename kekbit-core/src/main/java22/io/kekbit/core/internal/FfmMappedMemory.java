package io.kekbit.core.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * {@link MappedMemory} over a {@link MemorySegment} mapped in a shared {@link Arena} (Java 22+). Mappings may exceed
 * 2 GiB; closing the arena unmaps at once. Compiled with release 22 and loaded only on such JDKs.
 */
final class FfmMappedMemory extends MappedMemory
{
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = LONG.varHandle();

    private final Arena arena;
    private final MemorySegment segment;
    private final boolean writable;

    private FfmMappedMemory(final Arena arena, final MemorySegment segment, final boolean writable)
    {
        super(segment.byteSize(), windows(segment));
        this.arena = arena;
        this.segment = segment;
        this.writable = writable;
    }

    static MappedMemory map(final FileChannel channel, final long size, final boolean writable) throws IOException
    {
        final Arena arena = Arena.ofShared();
        try
        {
            final MemorySegment segment = channel.map(
                writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return new FfmMappedMemory(arena, segment, writable);
        }
        catch (final IOException | RuntimeException ex)
        {
            arena.close();
            throw ex;
        }
    }

    private static ByteBuffer[] windows(final MemorySegment segment)
    {
        final long size = segment.byteSize();
        final ByteBuffer[] windows = new ByteBuffer[windowCount(size)];
        for (int i = 0; i < windows.length; i++)
        {
            windows[i] = segment.asSlice((long)i << WINDOW_SHIFT, windowLength(size, i)).asByteBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
        }
        return windows;
    }

    @Override
    public long getLong(final long offset)
    {
        return segment.get(LONG, offset);
    }

    @Override
    public long getLongAcquire(final long offset)
    {
        return (long)LONGS.getAcquire(segment, offset);
    }

    @Override
    public void putLong(final long offset, final long value)
    {
        segment.set(LONG, offset, value);
    }

    @Override
    public void putLongRelease(final long offset, final long value)
    {
        LONGS.setRelease(segment, offset, value);
    }

    @Override
    public void putBytes(final long offset, final byte[] src, final int srcOffset, final int length)
    {
        MemorySegment.copy(src, srcOffset, segment, ValueLayout.JAVA_BYTE, offset, length);
    }

    @Override
    public void getBytes(final long offset, final byte[] dst, final int dstOffset, final int length)
    {
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, dst, dstOffset, length);
    }

    @Override
    public void force()
    {
        if (writable)
        {
            segment.force();
        }
    }

    @Override
    public void close()
    {
        if (arena.scope().isAlive())
        {
            arena.close();
        }
    }
}
