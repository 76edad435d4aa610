package io.kekbit.spring.core;

import java.util.Map;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeEncoder;

import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeType;

/**
 * Maps Spring message headers to and from the kekbit record envelope ({@code docs/envelope.md}). Outbound,
 * {@code String}, {@code byte[]}, {@code Long}, {@code Integer}, {@code Short}, {@code Byte} and {@link MimeType}
 * values are written (integers as longs, a MIME type as its text); the transient {@link MessageHeaders#ID} and
 * {@link MessageHeaders#TIMESTAMP} and the receive-side {@code kekbit_position}, {@code kekbit_channelId} and
 * {@code kekbit_channelName} are skipped; any other value type is refused with a {@link KekbitConversionException}
 * naming the header. Inbound, values come back as {@code String}, {@code byte[]} or {@code Long}.
 * Thread-safe (static, stateless).
 */
public final class KekbitHeaderMapper
{
    /** The header value types the envelope holds, in words, for error and log messages. */
    public static final String WRITABLE_TYPES = "envelope header values: String, byte[], Long, Integer, Short, Byte, " +
        "MimeType";

    /** The receive-side names of {@code io.kekbit.spring.listener.KekbitHeaders}, which this package cannot see. */
    private static final String POSITION = "kekbit_position";
    private static final String CHANNEL_ID = "kekbit_channelId";
    private static final String CHANNEL_NAME = "kekbit_channelName";

    private KekbitHeaderMapper()
    {
    }

    /**
     * Whether a header is not written to the envelope (transient or receive-side).
     *
     * @param name the header name.
     * @return true for {@code id}, {@code timestamp} and the receive-side kekbit headers.
     */
    public static boolean isSkipped(final String name)
    {
        return MessageHeaders.ID.equals(name) || MessageHeaders.TIMESTAMP.equals(name) || POSITION.equals(name) ||
            CHANNEL_ID.equals(name) || CHANNEL_NAME.equals(name);
    }

    /**
     * Counts the headers that {@link #toEnvelope} would write.
     *
     * @param headers the message headers.
     * @return the number of headers that are not skipped.
     */
    public static int mappedCount(final Map<String, Object> headers)
    {
        int count = 0;
        for (final String name : headers.keySet())
        {
            if (!isSkipped(name))
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Whether the envelope can hold a header value: the types {@link #toEnvelope} writes (null is left out).
     *
     * @param value a header value, or null.
     * @return true when {@link #toEnvelope} writes it or skips it as null.
     */
    public static boolean isWritable(final Object value)
    {
        return value == null || value instanceof CharSequence || value instanceof byte[] || value instanceof Long ||
            value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof MimeType;
    }

    /**
     * Adds message headers to an encoder.
     *
     * @param headers    the message headers.
     * @param encoder    the encoder; headers are appended.
     * @param writerName the writer, for the error message.
     * @throws KekbitConversionException when a header has a value type the envelope cannot hold.
     */
    public static void toEnvelope(final Map<String, Object> headers, final EnvelopeEncoder encoder,
        final String writerName)
    {
        for (final Map.Entry<String, Object> header : headers.entrySet())
        {
            final String name = header.getKey();
            final Object value = header.getValue();
            if (isSkipped(name) || value == null)
            {
                continue;
            }
            if (value instanceof CharSequence)
            {
                encoder.header(name, (CharSequence)value);
            }
            else if (value instanceof byte[])
            {
                encoder.header(name, (byte[])value);
            }
            else if (value instanceof Long || value instanceof Integer || value instanceof Short ||
                value instanceof Byte)
            {
                encoder.header(name, ((Number)value).longValue());
            }
            else if (value instanceof MimeType)
            {
                encoder.header(name, value.toString());
            }
            else
            {
                throw new KekbitConversionException("header '" + name + "' of type " + value.getClass().getName() +
                    " cannot be written to writer '" + writerName + "' (" + WRITABLE_TYPES + ")", null);
            }
        }
    }

    /**
     * Copies the headers of a wrapped envelope into a map (allocates the values).
     *
     * @param decoder a decoder wrapped on a valid envelope; its cursor is moved.
     * @param target  where to put the headers; the first of duplicate names wins.
     */
    public static void fromEnvelope(final EnvelopeDecoder decoder, final Map<String, Object> target)
    {
        decoder.rewind();
        while (decoder.next())
        {
            target.putIfAbsent(decoder.key(), decoder.value());
        }
    }
}
