package io.kekbit.core.envelope;

import static io.kekbit.core.envelope.EnvelopeDescriptor.ENTRY_KEY_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.ENTRY_TYPE_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.FLAGS_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.HEADERS_LENGTH_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.HEADER_COUNT_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.MAGIC;
import static io.kekbit.core.envelope.EnvelopeDescriptor.MAGIC_OFFSET;
import static io.kekbit.core.envelope.EnvelopeDescriptor.MAX_HEADER_COUNT;
import static io.kekbit.core.envelope.EnvelopeDescriptor.MAX_KEY_LENGTH;
import static io.kekbit.core.envelope.EnvelopeDescriptor.PREFIX_LENGTH;
import static io.kekbit.core.envelope.EnvelopeDescriptor.TYPE_BYTES;
import static io.kekbit.core.envelope.EnvelopeDescriptor.TYPE_LONG;
import static io.kekbit.core.envelope.EnvelopeDescriptor.TYPE_STRING;
import static io.kekbit.core.envelope.EnvelopeDescriptor.VERSION;
import static io.kekbit.core.envelope.EnvelopeDescriptor.VERSION_OFFSET;

import java.nio.ByteBuffer;
import java.util.Objects;

import io.kekbit.core.Claim;
import io.kekbit.core.RecordBuffer;
import io.kekbit.core.Writer;

/**
 * Builds envelopes ({@link EnvelopeDescriptor}): collect headers, then write prefix, headers and body into a
 * {@link Claim}, a buffer or a new array. The encoder keeps references to the keys and values it is given until
 * {@link #clear()}, and copies them only when it encodes; its internal arrays grow as needed and are reused, so a
 * kept encoder allocates nothing per record once warm.
 * <pre>{@code
 * EnvelopeEncoder envelope = new EnvelopeEncoder();   // once per thread
 * Claim claim = new Claim();                          // once per thread
 * envelope.clear()
 *     .header(EnvelopeHeaders.CONTENT_TYPE, "application/json")
 *     .header(EnvelopeHeaders.TRACEPARENT, traceparent)
 *     .header("attempt", 1L);
 * long position = envelope.write(writer, claim, body, 0, body.length);
 * if (position < 0) { ... a WriteError code ... }
 * }</pre>
 * Not thread-safe: one encoder per thread.
 */
public final class EnvelopeEncoder
{
    private CharSequence[] keys = new CharSequence[8];
    private Object[] values = new Object[8];
    private long[] longs = new long[8];
    private byte[] types = new byte[8];
    private int[] keyLengths = new int[8];
    private int[] valueLengths = new int[8];
    private int count;
    private int headersLength;
    private ByteBuffer scratch = ByteBuffer.allocate(256);

    /**
     * Creates an encoder with no headers.
     */
    public EnvelopeEncoder()
    {
    }

    /**
     * Forgets the headers added so far.
     *
     * @return this.
     */
    public EnvelopeEncoder clear()
    {
        for (int i = 0; i < count; i++)
        {
            keys[i] = null;
            values[i] = null;
        }
        count = 0;
        headersLength = 0;
        return this;
    }

    /**
     * Adds a text header, encoded as UTF-8. Keys are not checked for duplicates; a decoder finds the first.
     *
     * @param key   header name, 1 to 65535 bytes of UTF-8.
     * @param value the text; kept by reference until {@link #clear()}.
     * @return this.
     * @throws IllegalArgumentException when the key is empty or too long, or there are 65535 headers already.
     * @throws NullPointerException     when the key or value is null.
     */
    public EnvelopeEncoder header(final CharSequence key, final CharSequence value)
    {
        Objects.requireNonNull(value, "header value");
        return add(key, TYPE_STRING, value, 0, Utf8.length(value));
    }

    /**
     * Adds a bytes header.
     *
     * @param key   header name, 1 to 65535 bytes of UTF-8.
     * @param value the bytes; kept by reference until {@link #clear()}.
     * @return this.
     * @throws IllegalArgumentException when the key is empty or too long, or there are 65535 headers already.
     * @throws NullPointerException     when the key or value is null.
     */
    public EnvelopeEncoder header(final CharSequence key, final byte[] value)
    {
        Objects.requireNonNull(value, "header value");
        return add(key, TYPE_BYTES, value, 0, value.length);
    }

    /**
     * Adds a 64-bit integer header.
     *
     * @param key   header name, 1 to 65535 bytes of UTF-8.
     * @param value the value.
     * @return this.
     * @throws IllegalArgumentException when the key is empty or too long, or there are 65535 headers already.
     * @throws NullPointerException     when the key is null.
     */
    public EnvelopeEncoder header(final CharSequence key, final long value)
    {
        return add(key, TYPE_LONG, null, value, Long.BYTES);
    }

    /**
     * Adds the {@link EnvelopeHeaders#CONTENT_TYPE} header.
     *
     * @param contentType MIME type of the body.
     * @return this.
     */
    public EnvelopeEncoder contentType(final CharSequence contentType)
    {
        return header(EnvelopeHeaders.CONTENT_TYPE, contentType);
    }

    /**
     * Adds the {@link EnvelopeHeaders#TYPE_ID} header.
     *
     * @param typeId type id of the body.
     * @return this.
     */
    public EnvelopeEncoder typeId(final CharSequence typeId)
    {
        return header(EnvelopeHeaders.TYPE_ID, typeId);
    }

    /**
     * Number of headers added since the last {@link #clear()}.
     *
     * @return the count.
     */
    public int headerCount()
    {
        return count;
    }

    /**
     * Bytes of the prefix and header entries: where the body starts in the encoded envelope.
     *
     * @return the length before the body.
     */
    public int prefixLength()
    {
        return PREFIX_LENGTH + headersLength;
    }

    /**
     * Length of the whole envelope for a body.
     *
     * @param bodyLength body length in bytes.
     * @return {@link #prefixLength()} plus {@code bodyLength}.
     * @throws IllegalArgumentException when the total exceeds {@link Integer#MAX_VALUE}.
     */
    public int encodedLength(final int bodyLength)
    {
        final long total = (long)prefixLength() + bodyLength;
        if (total > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("envelope too large: length=" + total);
        }
        return (int)total;
    }

    /**
     * Writes the prefix and the header entries; the body goes after them, at {@code offset + prefixLength()}.
     *
     * @param buffer where to write, with absolute puts (any byte order; the layout is little-endian).
     * @param offset index of the envelope's first byte.
     * @return {@link #prefixLength()}.
     * @throws IndexOutOfBoundsException when the buffer is too small.
     */
    public int encodePrefix(final ByteBuffer buffer, final int offset)
    {
        Utf8.putIntLE(buffer, offset + MAGIC_OFFSET, MAGIC);
        buffer.put(offset + VERSION_OFFSET, (byte)VERSION);
        buffer.put(offset + FLAGS_OFFSET, (byte)0);
        Utf8.putU16LE(buffer, offset + HEADER_COUNT_OFFSET, count);
        Utf8.putIntLE(buffer, offset + HEADERS_LENGTH_OFFSET, headersLength);
        int at = offset + PREFIX_LENGTH;
        for (int i = 0; i < count; i++)
        {
            Utf8.putU16LE(buffer, at, keyLengths[i]);
            buffer.put(at + ENTRY_TYPE_OFFSET, types[i]);
            at += ENTRY_KEY_OFFSET;
            at += Utf8.put(buffer, at, keys[i]);
            Utf8.putIntLE(buffer, at, valueLengths[i]);
            at += Integer.BYTES;
            switch (types[i])
            {
                case TYPE_LONG:
                    Utf8.putLongLE(buffer, at, longs[i]);
                    break;
                case TYPE_STRING:
                    Utf8.put(buffer, at, (CharSequence)values[i]);
                    break;
                default:
                    buffer.put(at, (byte[])values[i], 0, valueLengths[i]);
                    break;
            }
            at += valueLengths[i];
        }
        return at - offset;
    }

    /**
     * Writes the whole envelope: prefix, headers and a body copied from an array.
     *
     * @param buffer     where to write.
     * @param offset     index of the envelope's first byte.
     * @param body       array holding the body.
     * @param bodyOffset index of the body's first byte.
     * @param bodyLength body length.
     * @return the envelope length.
     * @throws IndexOutOfBoundsException when a range is outside its buffer or array.
     */
    public int encode(
        final ByteBuffer buffer, final int offset, final byte[] body, final int bodyOffset, final int bodyLength)
    {
        final int prefix = encodePrefix(buffer, offset);
        buffer.put(offset + prefix, body, bodyOffset, bodyLength);
        return prefix + bodyLength;
    }

    /**
     * Writes the whole envelope with the remaining bytes of a buffer as body; the body's position is not changed.
     *
     * @param buffer where to write.
     * @param offset index of the envelope's first byte.
     * @param body   buffer holding the body between its position and limit.
     * @return the envelope length.
     * @throws IndexOutOfBoundsException when the destination is too small.
     */
    public int encode(final ByteBuffer buffer, final int offset, final ByteBuffer body)
    {
        final int prefix = encodePrefix(buffer, offset);
        final int bodyLength = body.remaining();
        buffer.put(offset + prefix, body, body.position(), bodyLength);
        return prefix + bodyLength;
    }

    /**
     * Encodes into a new array (allocates: for cold paths and tests).
     *
     * @param body the body.
     * @return the envelope bytes.
     */
    public byte[] toBytes(final byte[] body)
    {
        final byte[] bytes = new byte[encodedLength(body.length)];
        encode(ByteBuffer.wrap(bytes), 0, body, 0, body.length);
        return bytes;
    }

    /**
     * Writes one enveloped record: claims the space, encodes into it and commits. If encoding throws, the claim is
     * aborted and nothing is published.
     *
     * @param writer     the writer.
     * @param claim      a claim object the caller keeps and reuses.
     * @param body       array holding the body.
     * @param bodyOffset index of the body's first byte.
     * @param bodyLength body length.
     * @return the data position of the record (>= 0), or a negative {@link io.kekbit.core.WriteError} code.
     */
    public long write(
        final Writer writer, final Claim claim, final byte[] body, final int bodyOffset, final int bodyLength)
    {
        Objects.checkFromIndexSize(bodyOffset, bodyLength, body.length);
        final long position = writer.tryClaim(encodedLength(bodyLength), claim);
        if (position < 0)
        {
            return position;
        }
        try
        {
            final RecordBuffer target = claim.buffer();
            target.putBytes(encodePrefix(target), body, bodyOffset, bodyLength);
        }
        catch (final RuntimeException | InternalError ex)
        {
            // InternalError: a fault on the mapped page (the file was truncated); the claim is released either way.
            claim.abort();
            throw ex;
        }
        final long committed = claim.commit();
        return committed < 0 ? committed : position;
    }

    /**
     * Writes one enveloped record whose body is the remaining bytes of a buffer (its position is not changed).
     *
     * @param writer the writer.
     * @param claim  a claim object the caller keeps and reuses.
     * @param body   buffer holding the body between its position and limit.
     * @return the data position of the record (>= 0), or a negative {@link io.kekbit.core.WriteError} code.
     */
    public long write(final Writer writer, final Claim claim, final ByteBuffer body)
    {
        final long position = writer.tryClaim(encodedLength(body.remaining()), claim);
        if (position < 0)
        {
            return position;
        }
        try
        {
            final RecordBuffer target = claim.buffer();
            target.putBytes(encodePrefix(target), body, body.position(), body.remaining());
        }
        catch (final RuntimeException | InternalError ex)
        {
            // InternalError: a fault on the mapped page (the file was truncated); the claim is released either way.
            claim.abort();
            throw ex;
        }
        final long committed = claim.commit();
        return committed < 0 ? committed : position;
    }

    /**
     * Writes the prefix and headers at the start of a claimed record. They are encoded into a scratch buffer kept by
     * this encoder (grown when a larger set of headers needs it, so a reused encoder allocates nothing per record)
     * and copied in one piece: a claim's buffer is bounded to its record and has no absolute-put byte order.
     */
    private int encodePrefix(final RecordBuffer target)
    {
        final int length = prefixLength();
        if (scratch.capacity() < length)
        {
            scratch = ByteBuffer.allocate(Math.max(length, scratch.capacity() * 2));
        }
        encodePrefix(scratch, 0);
        target.putBytes(0, scratch.array(), 0, length);
        return length;
    }

    private EnvelopeEncoder add(
        final CharSequence key, final byte type, final Object value, final long longValue, final int valueLength)
    {
        Objects.requireNonNull(key, "header key");
        final int keyLength = Utf8.length(key);
        if (keyLength < 1 || keyLength > MAX_KEY_LENGTH)
        {
            throw new IllegalArgumentException("header key length out of range 1.." + MAX_KEY_LENGTH +
                ": keyLength=" + keyLength);
        }
        if (count == MAX_HEADER_COUNT)
        {
            throw new IllegalArgumentException("too many headers: max=" + MAX_HEADER_COUNT);
        }
        final long newLength = (long)headersLength + EnvelopeDescriptor.entryLength(keyLength, valueLength);
        if (newLength + PREFIX_LENGTH > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("headers too large: headersLength=" + newLength);
        }
        if (count == keys.length)
        {
            grow();
        }
        keys[count] = key;
        values[count] = value;
        longs[count] = longValue;
        types[count] = type;
        keyLengths[count] = keyLength;
        valueLengths[count] = valueLength;
        count++;
        headersLength = (int)newLength;
        return this;
    }

    private void grow()
    {
        final int size = keys.length * 2;
        keys = java.util.Arrays.copyOf(keys, size);
        values = java.util.Arrays.copyOf(values, size);
        longs = java.util.Arrays.copyOf(longs, size);
        types = java.util.Arrays.copyOf(types, size);
        keyLengths = java.util.Arrays.copyOf(keyLengths, size);
        valueLengths = java.util.Arrays.copyOf(valueLengths, size);
    }
}
