package io.kekbit.sample.stream.bridge;

import java.nio.charset.StandardCharsets;

/**
 * Drops the duplicates an at-least-once bridge can deliver after a restart: a record is new when its position (the
 * {@link BridgeHeaders#KEKBIT_POSITION} header of a mirrored record, or the {@link BridgeHeaders#KAFKA_OFFSET} of a
 * fed one) is above the last new one. Keep one filter per source journal or partition. Not thread-safe: one per
 * consuming thread.
 */
public final class PositionFilter
{
    private long last = Long.MIN_VALUE;

    /**
     * Whether a record is new, remembering its position when it is.
     *
     * @param position the record's position.
     * @return true for a record not seen before, false for a duplicate.
     */
    public boolean accept(final long position)
    {
        if (position <= last)
        {
            return false;
        }
        last = position;
        return true;
    }

    /**
     * The last accepted position.
     *
     * @return the position, or {@link Long#MIN_VALUE} before the first record.
     */
    public long last()
    {
        return last;
    }

    /**
     * Reads a numeric header as a Kafka client delivers it (decimal digits in UTF-8, possibly JSON-quoted).
     *
     * @param name  header name, for the message.
     * @param value the header's bytes.
     * @return the number.
     * @throws IllegalArgumentException when the header is missing or not a number, naming it.
     */
    public static long parse(final String name, final byte[] value)
    {
        if (value == null)
        {
            throw new IllegalArgumentException("header missing: " + name);
        }
        String text = new String(value, StandardCharsets.UTF_8).trim();
        if (text.length() >= 2 && text.charAt(0) == '"' && text.charAt(text.length() - 1) == '"')
        {
            text = text.substring(1, text.length() - 1);
        }
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("header is not a number: " + name + "=" + text, ex);
        }
    }
}
