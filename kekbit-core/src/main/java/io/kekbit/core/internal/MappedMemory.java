package io.kekbit.core.internal;

import java.nio.ByteBuffer;

/**
 * A memory-mapped file region, addressed by byte offset from the start of the file. The method names state the
 * memory ordering: plain accesses, {@code getLongAcquire} and {@code putLongRelease}. Each release store by the writer
 * (watermark, length word, close marker, header signature) is matched by an acquire load in readers, so everything
 * written before a release store is visible to a reader that acquire-loads the stored value. All long values are
 * little-endian. Offsets of long accesses must be multiples of 8.
 * <p>
 * Zero-copy access goes through {@link #window(int)}: views of {@link #WINDOW_SIZE} bytes plus an overlap of
 * {@link #WINDOW_OVERLAP} bytes, so that any record lies wholly inside the window of its start: a record is at most
 * capacity / 128 bytes, 32 MiB in the largest channel the format can state.
 * <p>
 * Not thread-safe for closing: close only when no other thread uses the memory. Reads and writes from different
 * threads follow the ordering rules above.
 */
public abstract class MappedMemory implements AutoCloseable
{
    /** log2 of {@link #WINDOW_SIZE}. */
    public static final int WINDOW_SHIFT = 30;
    /** Bytes addressed by one window before its overlap (1 GiB). */
    public static final long WINDOW_SIZE = 1L << WINDOW_SHIFT;
    /**
     * Extra bytes each window covers past {@link #WINDOW_SIZE} (64 MiB): twice the largest record (32 MiB), so a
     * record that starts in a window ends inside it, with room for the slot after it.
     */
    public static final long WINDOW_OVERLAP = 64L << 20;

    private final long size;
    private final ByteBuffer[] windows;

    /**
     * Sets up the windows.
     *
     * @param size    mapped bytes.
     * @param windows views covering the mapping, as described in the class Javadoc.
     */
    protected MappedMemory(final long size, final ByteBuffer[] windows)
    {
        this.size = size;
        this.windows = windows;
    }

    /**
     * Number of windows needed to cover {@code size} bytes.
     *
     * @param size mapped bytes.
     * @return the window count, at least 1.
     */
    protected static int windowCount(final long size)
    {
        return (int)Math.max(1, (size + WINDOW_SIZE - 1) >>> WINDOW_SHIFT);
    }

    /**
     * Length of window {@code index} for a mapping of {@code size} bytes.
     *
     * @param size  mapped bytes.
     * @param index window index.
     * @return the window length.
     */
    protected static int windowLength(final long size, final int index)
    {
        final long start = (long)index << WINDOW_SHIFT;
        return (int)Math.min(size - start, WINDOW_SIZE + WINDOW_OVERLAP);
    }

    /**
     * Mapped bytes.
     *
     * @return the size of the mapping.
     */
    public final long size()
    {
        return size;
    }

    /**
     * View covering offsets {@code index << WINDOW_SHIFT} onwards; shared, do not change its position or limit
     * from several threads.
     *
     * @param index window index, {@code offset >>> WINDOW_SHIFT}.
     * @return the view (little-endian, read-only when the memory is).
     */
    public final ByteBuffer window(final int index)
    {
        return windows[index];
    }

    /**
     * Plain load.
     *
     * @param offset byte offset, multiple of 8.
     * @return the value.
     */
    public abstract long getLong(long offset);

    /**
     * Acquire load: later loads are not reordered before it.
     *
     * @param offset byte offset, multiple of 8.
     * @return the value.
     */
    public abstract long getLongAcquire(long offset);

    /**
     * Plain store.
     *
     * @param offset byte offset, multiple of 8.
     * @param value  the value.
     */
    public abstract void putLong(long offset, long value);

    /**
     * Release store: earlier stores are visible before it.
     *
     * @param offset byte offset, multiple of 8.
     * @param value  the value.
     */
    public abstract void putLongRelease(long offset, long value);

    /**
     * Plain copy into the memory.
     *
     * @param offset    destination byte offset.
     * @param src       source array.
     * @param srcOffset index in {@code src}.
     * @param length    bytes to copy.
     */
    public abstract void putBytes(long offset, byte[] src, int srcOffset, int length);

    /**
     * Plain copy into the memory from a buffer, through the window of {@code offset}; the buffer's position is not
     * changed. The copied range must lie within that window (any record does).
     *
     * @param offset   destination byte offset.
     * @param src      source buffer.
     * @param srcIndex index in {@code src}.
     * @param length   bytes to copy.
     */
    public final void putBytes(final long offset, final ByteBuffer src, final int srcIndex, final int length)
    {
        windows[(int)(offset >>> WINDOW_SHIFT)].put((int)(offset & (WINDOW_SIZE - 1)), src, srcIndex, length);
    }

    /**
     * Plain copy out of the memory.
     *
     * @param offset    source byte offset.
     * @param dst       destination array.
     * @param dstOffset index in {@code dst}.
     * @param length    bytes to copy.
     */
    public abstract void getBytes(long offset, byte[] dst, int dstOffset, int length);

    /**
     * Writes the mapped memory back to storage.
     *
     * @throws java.io.UncheckedIOException when the operating system reports a failure.
     */
    public abstract void force();

    /**
     * Unmaps the memory. Any later access is a bug and may fail or crash; callers make sure none happens.
     */
    @Override
    public abstract void close();
}
