package io.kekbit.core.internal;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.FileChannel;

/**
 * Maps files with the best implementation the running JDK offers: the FFM API on Java 22 and newer, otherwise
 * {@code MappedByteBuffer}. The system property {@code kekbit.memory} ({@code ffm} or {@code buffer}) overrides the
 * choice, so both paths can be tested on one JDK. Thread-safe (stateless).
 */
public final class MappedMemories
{
    /** Name of the implementation in use: {@code "ffm"} or {@code "buffer"}. */
    public static final String IMPLEMENTATION;

    private static final Method FFM_MAP;

    static
    {
        Method ffmMap = null;
        final String wanted = System.getProperty("kekbit.memory", "");
        if (!"buffer".equals(wanted) && Runtime.version().feature() >= 22)
        {
            try
            {
                final Class<?> type = Class.forName("io.kekbit.core.internal.FfmMappedMemory");
                ffmMap = type.getDeclaredMethod("map", FileChannel.class, long.class, boolean.class);
            }
            catch (final ReflectiveOperationException | LinkageError ex)
            {
                ffmMap = null;
            }
        }
        FFM_MAP = ffmMap;
        IMPLEMENTATION = ffmMap != null ? "ffm" : "buffer";
    }

    private MappedMemories()
    {
    }

    /**
     * Largest mapping the implementation in use supports.
     *
     * @return bytes.
     */
    public static long maxMappingSize()
    {
        return FFM_MAP != null ? Long.MAX_VALUE : Integer.MAX_VALUE;
    }

    /**
     * Maps the first {@code size} bytes of a file.
     *
     * @param channel  an open file channel (readable, and writable when {@code writable}); it may be closed once
     *                 this returns.
     * @param size     bytes to map, at most {@link #maxMappingSize()}.
     * @param writable whether the mapping is read-write; otherwise read-only.
     * @return the mapping.
     * @throws IOException when the operating system refuses the mapping.
     */
    public static MappedMemory map(final FileChannel channel, final long size, final boolean writable)
        throws IOException
    {
        if (FFM_MAP != null)
        {
            try
            {
                return (MappedMemory)FFM_MAP.invoke(null, channel, size, writable);
            }
            catch (final java.lang.reflect.InvocationTargetException ex)
            {
                final Throwable cause = ex.getCause();
                if (cause instanceof IOException)
                {
                    throw (IOException)cause;
                }
                if (cause instanceof RuntimeException)
                {
                    throw (RuntimeException)cause;
                }
                throw new IOException(cause);
            }
            catch (final IllegalAccessException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return new BufferMappedMemory(
            channel.map(writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY, 0, size), writable);
    }
}
