package io.kekbit.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;

/**
 * {@link MappedMemory} over one {@link MappedByteBuffer}, with {@link VarHandle} acquire/release access. Used on
 * Java 17 to 21; mappings are limited to {@link Integer#MAX_VALUE} bytes. Unmapped on close through the JDK's
 * {@code sun.misc.Unsafe.invokeCleaner} (module {@code jdk.unsupported}, no JVM flag needed).
 */
final class BufferMappedMemory extends MappedMemory
{
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final MappedByteBuffer buffer;
    private final boolean writable;
    private boolean closed;

    BufferMappedMemory(final MappedByteBuffer buffer, final boolean writable)
    {
        super(buffer.capacity(), windows(buffer));
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        this.buffer = buffer;
        this.writable = writable;
    }

    private static ByteBuffer[] windows(final MappedByteBuffer buffer)
    {
        final long size = buffer.capacity();
        final ByteBuffer[] windows = new ByteBuffer[windowCount(size)];
        for (int i = 0; i < windows.length; i++)
        {
            windows[i] = buffer.slice(i << WINDOW_SHIFT, windowLength(size, i)).order(ByteOrder.LITTLE_ENDIAN);
        }
        return windows;
    }

    @Override
    public long getLong(final long offset)
    {
        checkOpen();
        return buffer.getLong((int)offset);
    }

    @Override
    public long getLongAcquire(final long offset)
    {
        checkOpen();
        return (long)LONGS.getAcquire(buffer, (int)offset);
    }

    @Override
    public void putLong(final long offset, final long value)
    {
        checkOpen();
        buffer.putLong((int)offset, value);
    }

    @Override
    public void putLongRelease(final long offset, final long value)
    {
        checkOpen();
        LONGS.setRelease(buffer, (int)offset, value);
    }

    @Override
    public void putBytes(final long offset, final byte[] src, final int srcOffset, final int length)
    {
        checkOpen();
        buffer.put((int)offset, src, srcOffset, length);
    }

    @Override
    public void getBytes(final long offset, final byte[] dst, final int dstOffset, final int length)
    {
        checkOpen();
        buffer.get((int)offset, dst, dstOffset, length);
    }

    @Override
    public void force()
    {
        checkOpen();
        if (writable)
        {
            buffer.force();
        }
    }

    /**
     * Use after close would touch unmapped memory and crash the JVM; fail like the FFM implementation instead.
     */
    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("Already closed");
        }
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            Unmapper.unmap(buffer);
        }
    }

    /**
     * Frees a mapping at once instead of waiting for garbage collection.
     */
    static final class Unmapper
    {
        private static final Object UNSAFE;
        private static final Method INVOKE_CLEANER;

        static
        {
            Object unsafe = null;
            Method invokeCleaner = null;
            // On Java 24+ sun.misc.Unsafe prints deprecation warnings. This class only runs there when forced with
            // -Dkekbit.memory=buffer (for tests), so mappings are then left to the garbage collector.
            if (Runtime.version().feature() < 24)
            {
                try
                {
                    final Class<?> type = Class.forName("sun.misc.Unsafe");
                    final Field field = type.getDeclaredField("theUnsafe");
                    field.setAccessible(true);
                    unsafe = field.get(null);
                    invokeCleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
                }
                catch (final ReflectiveOperationException | RuntimeException ex)
                {
                    // jdk.unsupported absent: mappings are then released by the garbage collector.
                    unsafe = null;
                    invokeCleaner = null;
                }
            }
            UNSAFE = unsafe;
            INVOKE_CLEANER = invokeCleaner;
        }

        private Unmapper()
        {
        }

        static void unmap(final MappedByteBuffer buffer)
        {
            if (INVOKE_CLEANER != null)
            {
                try
                {
                    INVOKE_CLEANER.invoke(UNSAFE, buffer);
                }
                catch (final ReflectiveOperationException ex)
                {
                    // Left to the garbage collector.
                }
            }
        }
    }
}
