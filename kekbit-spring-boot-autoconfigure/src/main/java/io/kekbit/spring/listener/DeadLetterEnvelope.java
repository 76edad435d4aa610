package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kekbit.core.Claim;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeDescriptor;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.core.KekbitConversionException;
import io.kekbit.spring.core.KekbitHeaderMapper;

/**
 * Writes one dead letter to an enveloped writer: the origin headers {@code kekbit_dlt_*} of {@link EnvelopeHeaders}
 * (channel, channel id, position, listener id, exception class and message, attempts, time), then the original
 * headers (earlier {@code kekbit_dlt_*} headers left out, so a letter dead-lettered twice names its last origin),
 * then the original body. The starter's {@link DefaultKekbitErrorHandler} and the Stream binder's dead-letter
 * handler both write through it, so their dead letters have the same headers.
 * <p>
 * The exception message is the one unbounded part of a dead letter (a validation failure lists every field error):
 * when the whole letter does not fit the writer's max message length, the message is cut, between characters and
 * ending in {@code ...}, to the room the rest leaves, rather than the letter being lost. Only when the letter does
 * not fit even with an empty message is the write refused.
 * <pre>{@code
 * long position = new DeadLetterEnvelope()
 *     .origin("orders", 0x2aL, 4096, "audit")
 *     .failure(exception, 3)
 *     .write(deadLetterWriter, body);     // a position, or a negative Writer result code
 * }</pre>
 * Not thread-safe: one instance per dead letter (dead letters are not a hot path).
 */
public final class DeadLetterEnvelope
{
    /** The prefix of the origin headers; original headers with it are left out. */
    public static final String HEADER_PREFIX = "kekbit_dlt_";

    private static final String ELLIPSIS = "...";

    private final EnvelopeEncoder encoder = new EnvelopeEncoder();
    private String channelName = "";
    private long channelId = -1;
    private long position = -1;
    private String listenerId = "";
    private String exceptionClass = "";
    private String exceptionMessage = "";
    private long attempts = 1;
    private EnvelopeDecoder originalEnvelope;
    private Map<String, Object> originalHeaders;
    private String writerName = "dead-letter";

    /**
     * Sets where the record came from.
     *
     * @param channelName name of the channel (or destination) read, or null when unknown ({@code ""} is written).
     * @param channelId   its channel id, or -1 when unknown.
     * @param position    the record's position, or -1 when unknown.
     * @param listenerId  the listener (or consumer) that gave up, or null when unknown ({@code ""} is written).
     * @return this.
     */
    public DeadLetterEnvelope origin(
        final String channelName, final long channelId, final long position, final String listenerId)
    {
        this.channelName = channelName == null ? "" : channelName;
        this.channelId = channelId;
        this.position = position;
        this.listenerId = listenerId == null ? "" : listenerId;
        return this;
    }

    /**
     * Sets the failure.
     *
     * @param cause    the listener's own exception (already unwrapped from framework wrappers), or null when unknown
     *                 (class and message are then written as {@code ""}).
     * @param attempts how many deliveries were made.
     * @return this.
     */
    public DeadLetterEnvelope failure(final Throwable cause, final long attempts)
    {
        this.exceptionClass = cause == null ? "" : cause.getClass().getName();
        this.exceptionMessage = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
        this.attempts = attempts;
        return this;
    }

    /**
     * Copies the headers of the original record's envelope into the dead letter.
     *
     * @param decoder a decoder wrapped on the original envelope, valid until {@link #write} returns; it is rewound.
     * @return this.
     */
    public DeadLetterEnvelope originalHeaders(final EnvelopeDecoder decoder)
    {
        this.originalEnvelope = decoder;
        this.originalHeaders = null;
        return this;
    }

    /**
     * Copies message headers into the dead letter, as {@link KekbitHeaderMapper#toEnvelope} maps them.
     *
     * @param headers    the original message headers.
     * @param writerName name of the dead-letter writer, for the error on an unwritable header value.
     * @return this.
     */
    public DeadLetterEnvelope originalHeaders(final Map<String, Object> headers, final String writerName)
    {
        final Map<String, Object> kept = new LinkedHashMap<>();
        headers.forEach((name, value) ->
        {
            if (!name.startsWith(HEADER_PREFIX))
            {
                kept.put(name, value);
            }
        });
        this.originalHeaders = kept;
        this.originalEnvelope = null;
        this.writerName = writerName;
        return this;
    }

    /**
     * Writes the dead letter, shortening the exception message when the whole letter does not fit.
     *
     * @param writer the enveloped dead-letter writer.
     * @param body   the original body, from its position to its limit (neither is changed).
     * @return the position written, or a negative {@link Writer} result code when the letter does not fit even with
     * an empty exception message or the writer refuses it for another reason.
     * @throws KekbitConversionException when an original message header has a type the envelope cannot hold.
     */
    public long write(final Writer writer, final ByteBuffer body)
    {
        final Claim claim = new Claim();
        encode(exceptionMessage);
        final long written = encoder.write(writer, claim, body);
        if (written != Writer.NO_SPACE_FOR_RECORD || exceptionMessage.isEmpty())
        {
            return written;
        }
        encode("");
        final long room = writer.header().maxMessageLength() - encoder.encodedLength(body.remaining());
        if (room <= 0)
        {
            return written;
        }
        encode(shorten(exceptionMessage, (int)room));
        return encoder.write(writer, claim, body);
    }

    private void encode(final String message)
    {
        encoder.clear()
            .header(EnvelopeHeaders.DLT_CHANNEL, channelName)
            .header(EnvelopeHeaders.DLT_CHANNEL_ID, channelId)
            .header(EnvelopeHeaders.DLT_POSITION, position)
            .header(EnvelopeHeaders.DLT_LISTENER_ID, listenerId)
            .header(EnvelopeHeaders.DLT_EXCEPTION_CLASS, exceptionClass)
            .header(EnvelopeHeaders.DLT_EXCEPTION_MESSAGE, message)
            .header(EnvelopeHeaders.DLT_ATTEMPTS, attempts)
            .header(EnvelopeHeaders.DLT_TIMESTAMP, System.currentTimeMillis());
        if (originalHeaders != null)
        {
            KekbitHeaderMapper.toEnvelope(originalHeaders, encoder, writerName);
        }
        if (originalEnvelope != null)
        {
            originalEnvelope.rewind();
            while (originalEnvelope.next())
            {
                final String key = originalEnvelope.key();
                if (key.startsWith(HEADER_PREFIX))
                {
                    continue;
                }
                switch (originalEnvelope.valueType())
                {
                    case EnvelopeDescriptor.TYPE_LONG:
                        encoder.header(key, originalEnvelope.longValue());
                        break;
                    case EnvelopeDescriptor.TYPE_STRING:
                        encoder.header(key, originalEnvelope.stringValue());
                        break;
                    default:
                        encoder.header(key, originalEnvelope.bytesValue());
                        break;
                }
            }
        }
    }

    /**
     * The longest start of a text that fits in a number of UTF-8 bytes with "..." appended, cut between characters.
     *
     * @param text     the text.
     * @param maxBytes room in UTF-8 bytes.
     * @return the text itself when it fits, else its shortened start with "...", or "" when no character fits.
     */
    static String shorten(final String text, final int maxBytes)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes)
        {
            return text;
        }
        int end = Math.max(0, maxBytes - ELLIPSIS.length());
        while (end > 0 && (bytes[end] & 0xC0) == 0x80)
        {
            end--;
        }
        return end == 0 ? "" : new String(bytes, 0, end, StandardCharsets.UTF_8) + ELLIPSIS;
    }
}
