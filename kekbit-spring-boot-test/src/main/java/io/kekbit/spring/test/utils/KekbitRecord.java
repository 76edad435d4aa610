package io.kekbit.spring.test.utils;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One record read from a channel or journal, copied out of the mapped file, with its data position (for a journal,
 * the journal position: segment in the high 32 bits, offset in the low 32). Thread-safe (immutable).
 */
public final class KekbitRecord
{
    private static final int SHOWN_CHARACTERS = 80;

    private final long position;
    private final byte[] payload;

    private KekbitRecord(final long position, final byte[] payload)
    {
        this.position = position;
        this.payload = payload;
    }

    /**
     * Copies a record delivered to a record handler.
     *
     * @param buffer   buffer holding the payload.
     * @param offset   index of the payload's first byte.
     * @param length   payload length.
     * @param position data position of the record.
     * @return the copy.
     */
    static KekbitRecord copyOf(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        final byte[] payload = new byte[length];
        buffer.get(offset, payload, 0, length);
        return new KekbitRecord(position, payload);
    }

    /**
     * Data position of the record: what {@code KekbitTemplate.send} returned for it and the
     * {@code kekbit_position} header a listener received.
     *
     * @return the position.
     */
    public long position()
    {
        return position;
    }

    /**
     * The payload.
     *
     * @return a copy of the payload's bytes.
     */
    public byte[] bytes()
    {
        return payload.clone();
    }

    /**
     * The payload decoded as UTF-8 (how {@code KekbitTemplate} writes a {@code String}, and the JSON converter an
     * object); malformed bytes become U+FFFD.
     *
     * @return the text.
     */
    public String asString()
    {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Payload length.
     *
     * @return bytes, at least 1.
     */
    public int length()
    {
        return payload.length;
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof KekbitRecord that && position == that.position &&
            Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode()
    {
        return 31 * Long.hashCode(position) + Arrays.hashCode(payload);
    }

    /**
     * The position and the start of the payload as UTF-8, for assertion messages.
     *
     * @return for example {@code 64: "hello"}.
     */
    @Override
    public String toString()
    {
        return describe(Long.toString(position));
    }

    /**
     * The record for messages, with its position formatted by the caller (a journal position as segment:offset).
     *
     * @param positionText the position.
     * @return the text.
     */
    String describe(final String positionText)
    {
        final String text = asString();
        return positionText + ": \"" + (text.length() > SHOWN_CHARACTERS ?
            text.substring(0, SHOWN_CHARACTERS) + "...\" (" + payload.length + " bytes)" : text + "\"");
    }
}
