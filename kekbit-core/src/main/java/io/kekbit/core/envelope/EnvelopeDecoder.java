package io.kekbit.core.envelope;

import static io.kekbit.core.envelope.EnvelopeDescriptor.ENTRY_KEY_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.ENTRY_OVERHEAD;
import static io.kekbit.core.envelope.EnvelopeDescriptor.ENTRY_TYPE_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.FLAGS_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.HEADERS_LENGTH_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.HEADER_COUNT_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.MAGIC;
import static io.kekbit.core.envelope.EnvelopeDescriptor.MAGIC_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.PREFIX_LENGTH;
import static io.kekbit.core.envelope.EnvelopeDescriptor.TYPE_BYTES;
import static io.kekbit.core.envelope.EnvelopeDescriptor.TYPE_LONG;
import static io.kekbit.core.envelope.EnvelopeDescriptor.TYPE_STRING;
import static io.kekbit.core.envelope.EnvelopeDescriptor.VERSION;
import static io.kekbit.core.envelope.EnvelopeDescriptor.VERSION_OFFSET;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A flyweight over one enveloped record ({@link EnvelopeDescriptor}): {@link #wrap} checks the whole header block
 * once, then headers are read in place through a cursor and the body is found by offset and length, with no copy
 * and no allocation (only the methods returning a {@code String} or {@code byte[]} allocate).
 * <pre>{@code
 * EnvelopeDecoder envelope = new EnvelopeDecoder();   // once per reader thread
 * reader.read((buffer, offset, length, position) -> {
 *     if (envelope.wrap(buffer, offset, length) != null) { ... not an envelope ... }
 *     if (envelope.find(EnvelopeHeaders.CONTENT_TYPE)) { String type = envelope.stringValue(); }
 *     envelope.rewind();
 *     while (envelope.next()) { ... envelope.keyEquals("x"), envelope.valueType(), envelope.longValue() ... }
 *     handle(buffer, envelope.bodyOffset(), envelope.bodyLength());
 * }, 16);
 * }</pre>
 * Offsets are indexes into the wrapped buffer, valid as long as the buffer is (for a reader's buffer, during the
 * handler call). Not thread-safe: one decoder per thread.
 */
public final class EnvelopeDecoder
{
    private ByteBuffer buffer;
    private int offset;
    private int length;
    private int headerCount;
    private int headersEnd;
    private int errorOffset;
    private int next;
    private int index;
    private int keyOffset;
    private int keyLength;
    private byte valueType;
    private int valueOffset;
    private int valueLength;

    /**
     * Creates a decoder wrapping nothing.
     */
    public EnvelopeDecoder()
    {
    }

    /**
     * Whether a record starts with the envelope magic and a known version: a hint for tools, not proof (see
     * {@link EnvelopeDescriptor}).
     *
     * @param buffer buffer holding the record.
     * @param offset index of its first byte.
     * @param length record length.
     * @return true when the magic and version match.
     */
    public static boolean hasMagic(final ByteBuffer buffer, final int offset, final int length)
    {
        return length >= PREFIX_LENGTH && Utf8.getIntLE(buffer, offset + MAGIC_OFFSET) == MAGIC &&
            buffer.get(offset + VERSION_OFFSET) == VERSION;
    }

    /**
     * Points the decoder at a record and checks its envelope: magic, version, flags, and that every header entry
     * and the header block fit inside the record. On success the cursor is before the first header.
     *
     * @param buffer buffer holding the record.
     * @param offset index of the record's first byte.
     * @param length record length.
     * @return null when the record is a valid envelope, else why not ({@link #errorOffset()} says where).
     */
    public EnvelopeError wrap(final ByteBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.headerCount = 0;
        this.headersEnd = offset;
        this.next = offset;
        this.index = 0;
        if (length < PREFIX_LENGTH || Utf8.getIntLE(buffer, offset + MAGIC_OFFSET) != MAGIC)
        {
            return error(EnvelopeError.NOT_ENVELOPE, offset + MAGIC_OFFSET);
        }
        if (buffer.get(offset + VERSION_OFFSET) != VERSION)
        {
            return error(EnvelopeError.UNSUPPORTED_VERSION, offset + VERSION_OFFSET);
        }
        if (buffer.get(offset + FLAGS_OFFSET) != 0)
        {
            return error(EnvelopeError.MALFORMED, offset + FLAGS_OFFSET);
        }
        final int count = Utf8.getU16LE(buffer, offset + HEADER_COUNT_OFFSET);
        final int headersLength = Utf8.getIntLE(buffer, offset + HEADERS_LENGTH_OFFSET);
        if (headersLength < 0 || headersLength > length - PREFIX_LENGTH)
        {
            return error(EnvelopeError.MALFORMED, offset + HEADERS_LENGTH_OFFSET);
        }
        final int end = offset + PREFIX_LENGTH + headersLength;
        int at = offset + PREFIX_LENGTH;
        for (int i = 0; i < count; i++)
        {
            if (end - at < ENTRY_OVERHEAD)
            {
                return error(EnvelopeError.MALFORMED, at);
            }
            final int keyLen = Utf8.getU16LE(buffer, at);
            final byte type = buffer.get(at + ENTRY_TYPE_OFFSET);
            if (keyLen == 0 || keyLen > end - at - ENTRY_OVERHEAD ||
                (type != TYPE_BYTES && type != TYPE_STRING && type != TYPE_LONG))
            {
                return error(EnvelopeError.MALFORMED, at);
            }
            final int valueLengthAt = at + ENTRY_KEY_OFFSET + keyLen;
            final int valueLen = Utf8.getIntLE(buffer, valueLengthAt);
            final int valueAt = valueLengthAt + Integer.BYTES;
            if (valueLen < 0 || valueLen > end - valueAt || (type == TYPE_LONG && valueLen != Long.BYTES))
            {
                return error(EnvelopeError.MALFORMED, valueLengthAt);
            }
            at = valueAt + valueLen;
        }
        if (at != end)
        {
            return error(EnvelopeError.MALFORMED, at);
        }
        this.headerCount = count;
        this.headersEnd = end;
        this.next = offset + PREFIX_LENGTH;
        this.errorOffset = -1;
        return null;
    }

    /**
     * Where the last failed {@link #wrap} found the problem.
     *
     * @return the index in the buffer, or -1 after a successful wrap.
     */
    public int errorOffset()
    {
        return errorOffset;
    }

    /**
     * The wrapped buffer.
     *
     * @return the buffer.
     */
    public ByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Number of headers.
     *
     * @return the count.
     */
    public int headerCount()
    {
        return headerCount;
    }

    /**
     * Index of the body's first byte in {@link #buffer()}.
     *
     * @return the body offset.
     */
    public int bodyOffset()
    {
        return headersEnd;
    }

    /**
     * Body length in bytes (may be 0).
     *
     * @return the body length.
     */
    public int bodyLength()
    {
        return offset + length - headersEnd;
    }

    /**
     * Moves the cursor before the first header.
     *
     * @return this.
     */
    public EnvelopeDecoder rewind()
    {
        next = offset + PREFIX_LENGTH;
        index = 0;
        return this;
    }

    /**
     * Moves the cursor to the next header.
     *
     * @return true when there is one; false at the end (the cursor accessors then keep the last header).
     */
    public boolean next()
    {
        if (index >= headerCount)
        {
            return false;
        }
        final int at = next;
        keyLength = Utf8.getU16LE(buffer, at);
        valueType = buffer.get(at + ENTRY_TYPE_OFFSET);
        keyOffset = at + ENTRY_KEY_OFFSET;
        valueLength = Utf8.getIntLE(buffer, keyOffset + keyLength);
        valueOffset = keyOffset + keyLength + Integer.BYTES;
        next = valueOffset + valueLength;
        index++;
        return true;
    }

    /**
     * Moves the cursor to the first header named {@code key}, comparing UTF-8 bytes without allocating.
     *
     * @param key the header name.
     * @return true when found; false when absent (the cursor is then at the end).
     */
    public boolean find(final CharSequence key)
    {
        rewind();
        while (next())
        {
            if (keyEquals(key))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the current header's name equals {@code key}.
     *
     * @param key a name.
     * @return true when equal.
     */
    public boolean keyEquals(final CharSequence key)
    {
        return Utf8.equals(buffer, keyOffset, keyLength, key);
    }

    /**
     * Index of the current header's name in {@link #buffer()}.
     *
     * @return the key offset.
     */
    public int keyOffset()
    {
        return keyOffset;
    }

    /**
     * Length of the current header's name in bytes.
     *
     * @return the key length.
     */
    public int keyLength()
    {
        return keyLength;
    }

    /**
     * Type of the current header's value: {@link EnvelopeDescriptor#TYPE_BYTES}, {@link EnvelopeDescriptor#TYPE_STRING}
     * or {@link EnvelopeDescriptor#TYPE_LONG}.
     *
     * @return the value type.
     */
    public byte valueType()
    {
        return valueType;
    }

    /**
     * Index of the current header's value in {@link #buffer()}.
     *
     * @return the value offset.
     */
    public int valueOffset()
    {
        return valueOffset;
    }

    /**
     * Length of the current header's value in bytes.
     *
     * @return the value length.
     */
    public int valueLength()
    {
        return valueLength;
    }

    /**
     * The current header's name (allocates).
     *
     * @return the name.
     */
    public String key()
    {
        return string(keyOffset, keyLength);
    }

    /**
     * The current header's value as a long.
     *
     * @return the value.
     * @throws IllegalStateException when the value type is not long.
     */
    public long longValue()
    {
        if (valueType != TYPE_LONG)
        {
            throw new IllegalStateException("header '" + key() + "' is not a long: type=" +
                EnvelopeDescriptor.typeName(valueType));
        }
        return Utf8.getLongLE(buffer, valueOffset);
    }

    /**
     * The current header's value as text (allocates): a string value as is, a bytes value decoded as UTF-8, a long
     * value in decimal.
     *
     * @return the text.
     */
    public String stringValue()
    {
        if (valueType == TYPE_LONG)
        {
            return Long.toString(Utf8.getLongLE(buffer, valueOffset));
        }
        return string(valueOffset, valueLength);
    }

    /**
     * A copy of the current header's value bytes as stored (allocates); a long value gives its 8 little-endian bytes.
     *
     * @return the bytes.
     */
    public byte[] bytesValue()
    {
        final byte[] bytes = new byte[valueLength];
        buffer.get(valueOffset, bytes, 0, valueLength);
        return bytes;
    }

    /**
     * The current header's value as its natural Java type (allocates): {@code String}, {@code byte[]} or
     * {@code Long}.
     *
     * @return the value.
     */
    public Object value()
    {
        switch (valueType)
        {
            case TYPE_LONG:
                return Utf8.getLongLE(buffer, valueOffset);
            case TYPE_STRING:
                return string(valueOffset, valueLength);
            default:
                return bytesValue();
        }
    }

    private String string(final int at, final int len)
    {
        if (buffer.hasArray())
        {
            return new String(buffer.array(), buffer.arrayOffset() + at, len, StandardCharsets.UTF_8);
        }
        final byte[] bytes = new byte[len];
        buffer.get(at, bytes, 0, len);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private EnvelopeError error(final EnvelopeError error, final int at)
    {
        errorOffset = at;
        return error;
    }
}
