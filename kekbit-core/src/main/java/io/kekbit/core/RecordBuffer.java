package io.kekbit.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Writable view of exactly one record's payload in a channel's mapped memory: index 0 is the payload's first byte and
 * {@link #capacity()} its length. Every access is bounds-checked against that range, so a store outside the record
 * (the channel header, earlier records, the record's own length word, the slot after it) throws
 * {@link IndexOutOfBoundsException} and changes nothing. Stores go straight into the mapped memory (zero copy);
 * multi-byte values are little-endian.
 * <p>
 * A flyweight: {@link Claim#buffer()} and {@link Writer#write(int, RecordEncoder)} re-point one instance at each
 * record, so nothing is allocated per record. Once the claim is committed or aborted, or the encoder has returned,
 * the view's capacity is 0 and every access throws. Nothing is visible to readers until the record is published.
 * <p>
 * Not thread-safe: use it on the writer's thread, within the claim or the encoder call.
 */
public final class RecordBuffer
{
    /** Stands in for the window while nothing is claimed, so that no access can reach a mapping that may be gone. */
    private static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private ByteBuffer window = NONE;
    private int base;
    private int capacity;

    RecordBuffer()
    {
    }

    /**
     * Points this view at {@code capacity} bytes of {@code window} from index {@code base}.
     */
    void wrap(final ByteBuffer window, final int base, final int capacity)
    {
        this.window = window;
        this.base = base;
        this.capacity = capacity;
    }

    /**
     * Ends access: every later access throws, until the next {@link #wrap}.
     */
    void reset()
    {
        window = NONE;
        base = 0;
        capacity = 0;
    }

    ByteBuffer window()
    {
        return window;
    }

    int base()
    {
        return base;
    }

    /**
     * Bytes this view covers: the claimed length, or the encoder's maximum length; 0 when nothing is claimed.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Stores a byte.
     *
     * @param index byte index, 0 to {@code capacity() - 1}.
     * @param value the value.
     * @throws IndexOutOfBoundsException when the byte lies outside the view.
     */
    public void putByte(final int index, final byte value)
    {
        window.put(base + Objects.checkIndex(index, capacity), value);
    }

    /**
     * Loads a byte.
     *
     * @param index byte index, 0 to {@code capacity() - 1}.
     * @return the value.
     * @throws IndexOutOfBoundsException when the byte lies outside the view.
     */
    public byte getByte(final int index)
    {
        return window.get(base + Objects.checkIndex(index, capacity));
    }

    /**
     * Stores a little-endian short.
     *
     * @param index index of its first byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException when any of its 2 bytes lies outside the view.
     */
    public void putShort(final int index, final short value)
    {
        window.putShort(base + Objects.checkFromIndexSize(index, Short.BYTES, capacity), value);
    }

    /**
     * Loads a little-endian short.
     *
     * @param index index of its first byte.
     * @return the value.
     * @throws IndexOutOfBoundsException when any of its 2 bytes lies outside the view.
     */
    public short getShort(final int index)
    {
        return window.getShort(base + Objects.checkFromIndexSize(index, Short.BYTES, capacity));
    }

    /**
     * Stores a little-endian int.
     *
     * @param index index of its first byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException when any of its 4 bytes lies outside the view.
     */
    public void putInt(final int index, final int value)
    {
        window.putInt(base + Objects.checkFromIndexSize(index, Integer.BYTES, capacity), value);
    }

    /**
     * Loads a little-endian int.
     *
     * @param index index of its first byte.
     * @return the value.
     * @throws IndexOutOfBoundsException when any of its 4 bytes lies outside the view.
     */
    public int getInt(final int index)
    {
        return window.getInt(base + Objects.checkFromIndexSize(index, Integer.BYTES, capacity));
    }

    /**
     * Stores a little-endian long.
     *
     * @param index index of its first byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException when any of its 8 bytes lies outside the view.
     */
    public void putLong(final int index, final long value)
    {
        window.putLong(base + Objects.checkFromIndexSize(index, Long.BYTES, capacity), value);
    }

    /**
     * Loads a little-endian long.
     *
     * @param index index of its first byte.
     * @return the value.
     * @throws IndexOutOfBoundsException when any of its 8 bytes lies outside the view.
     */
    public long getLong(final int index)
    {
        return window.getLong(base + Objects.checkFromIndexSize(index, Long.BYTES, capacity));
    }

    /**
     * Stores a little-endian IEEE 754 double.
     *
     * @param index index of its first byte.
     * @param value the value.
     * @throws IndexOutOfBoundsException when any of its 8 bytes lies outside the view.
     */
    public void putDouble(final int index, final double value)
    {
        window.putDouble(base + Objects.checkFromIndexSize(index, Double.BYTES, capacity), value);
    }

    /**
     * Loads a little-endian IEEE 754 double.
     *
     * @param index index of its first byte.
     * @return the value.
     * @throws IndexOutOfBoundsException when any of its 8 bytes lies outside the view.
     */
    public double getDouble(final int index)
    {
        return window.getDouble(base + Objects.checkFromIndexSize(index, Double.BYTES, capacity));
    }

    /**
     * Copies a whole array in.
     *
     * @param index index of the first byte to store.
     * @param src   the bytes.
     * @throws IndexOutOfBoundsException when the range lies outside the view.
     */
    public void putBytes(final int index, final byte[] src)
    {
        putBytes(index, src, 0, src.length);
    }

    /**
     * Copies part of an array in.
     *
     * @param index     index of the first byte to store.
     * @param src       source array.
     * @param srcOffset index of the first byte in {@code src}.
     * @param length    bytes to copy.
     * @throws IndexOutOfBoundsException when the range lies outside the view or outside {@code src}.
     */
    public void putBytes(final int index, final byte[] src, final int srcOffset, final int length)
    {
        window.put(base + Objects.checkFromIndexSize(index, length, capacity), src, srcOffset, length);
    }

    /**
     * Copies bytes in from a buffer; the buffer's position and limit are not changed.
     *
     * @param index    index of the first byte to store.
     * @param src      source buffer.
     * @param srcIndex absolute index of the first byte in {@code src}.
     * @param length   bytes to copy.
     * @throws IndexOutOfBoundsException when the range lies outside the view or outside {@code src}'s limit.
     */
    public void putBytes(final int index, final ByteBuffer src, final int srcIndex, final int length)
    {
        window.put(base + Objects.checkFromIndexSize(index, length, capacity), src, srcIndex, length);
    }

    /**
     * Copies bytes out into an array.
     *
     * @param index     index of the first byte to load.
     * @param dst       destination array.
     * @param dstOffset index in {@code dst}.
     * @param length    bytes to copy.
     * @throws IndexOutOfBoundsException when the range lies outside the view or outside {@code dst}.
     */
    public void getBytes(final int index, final byte[] dst, final int dstOffset, final int length)
    {
        window.get(base + Objects.checkFromIndexSize(index, length, capacity), dst, dstOffset, length);
    }

    @Override
    public String toString()
    {
        return "RecordBuffer{capacity=" + capacity + "}";
    }
}
