package io.kekbit.spring.listener;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeError;
import io.kekbit.spring.core.KekbitConversionException;
import io.kekbit.spring.core.KekbitHeaderMapper;
import io.kekbit.spring.core.KekbitMessageConverter;

import org.springframework.messaging.MessageHeaders;

/**
 * Turns one record of a listener's channel into what a listener parameter takes, for the record and the batch
 * invokers: decodes the envelope in place on an enveloped channel (the body is then the payload), converts the
 * payload to {@code byte[]}, {@code String}, a zero-copy {@code ByteBuffer} or a POJO, and builds message headers.
 * Not thread-safe: one instance per listener thread (it keeps a decoder and a scratch array).
 */
final class RecordConversion
{
    private final String channelName;
    private final long channelId;
    private final KekbitMessageConverter converter;
    private final EnvelopeDecoder decoder;
    private byte[] scratch = new byte[256];
    private int bodyOffset;
    private int bodyLength;

    /**
     * Creates the conversion of one listener.
     *
     * @param channelName the channel name for headers and errors.
     * @param channelId   the channel id for headers.
     * @param converter   converter for POJO payloads; may be null when no parameter needs one.
     * @param envelope    whether the channel's records carry the kekbit envelope.
     */
    RecordConversion(
        final String channelName, final long channelId, final KekbitMessageConverter converter, final boolean envelope)
    {
        this.channelName = channelName;
        this.channelId = channelId;
        this.converter = converter;
        this.decoder = envelope ? new EnvelopeDecoder() : null;
    }

    /**
     * The envelope decoder, wrapped on the latest record by {@link #decode}.
     *
     * @return the decoder, or null on a raw channel.
     */
    EnvelopeDecoder decoder()
    {
        return decoder;
    }

    /**
     * Finds the payload of a record: the whole record on a raw channel, the envelope's body on an enveloped one.
     * Then {@link #bodyOffset()} and {@link #bodyLength()} locate it.
     *
     * @param buffer   the record's buffer.
     * @param offset   index of the record's first byte.
     * @param length   record length.
     * @param position data position of the record, for the error.
     * @throws KekbitConversionException when the channel is enveloped and the record is not a valid envelope.
     */
    void decode(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        if (decoder == null)
        {
            bodyOffset = offset;
            bodyLength = length;
            return;
        }
        final EnvelopeError error = decoder.wrap(buffer, offset, length);
        if (error != null)
        {
            throw new KekbitConversionException("record at position " + position + " of channel '" + channelName +
                "' is not a valid kekbit envelope (the channel is configured with envelope=true): " + error + ", " +
                error.description() + ", at byte " + (decoder.errorOffset() - offset), null);
        }
        bodyOffset = decoder.bodyOffset();
        bodyLength = decoder.bodyLength();
    }

    /**
     * Index of the payload's first byte, after {@link #decode}.
     *
     * @return the offset.
     */
    int bodyOffset()
    {
        return bodyOffset;
    }

    /**
     * Payload length, after {@link #decode}.
     *
     * @return bytes.
     */
    int bodyLength()
    {
        return bodyLength;
    }

    /**
     * Converts a payload.
     *
     * @param type   the parameter's type: {@code byte[]} (a copy), {@code String} (UTF-8), {@code ByteBuffer} (the
     *               buffer itself, position and limit set to the payload) or a type for the converter.
     * @param buffer the record's buffer.
     * @param offset index of the payload's first byte.
     * @param length payload length.
     * @return the argument.
     * @throws KekbitConversionException when the converter cannot convert the bytes.
     */
    Object payload(final Type type, final ByteBuffer buffer, final int offset, final int length)
    {
        if (type == ByteBuffer.class)
        {
            buffer.limit(offset + length).position(offset);
            return buffer;
        }
        if (type == byte[].class)
        {
            final byte[] copy = new byte[length];
            buffer.get(offset, copy, 0, length);
            return copy;
        }
        if (type == String.class)
        {
            return string(buffer, offset, length);
        }
        return converter.fromBytes(copyToScratch(buffer, offset, length), 0, length, type);
    }

    /**
     * Decodes a payload as UTF-8 through the scratch array (one allocation: the string).
     *
     * @param buffer the record's buffer.
     * @param offset index of the payload's first byte.
     * @param length payload length.
     * @return the text.
     */
    String string(final ByteBuffer buffer, final int offset, final int length)
    {
        return new String(copyToScratch(buffer, offset, length), 0, length, StandardCharsets.UTF_8);
    }

    private byte[] copyToScratch(final ByteBuffer buffer, final int offset, final int length)
    {
        if (scratch.length < length)
        {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        buffer.get(offset, scratch, 0, length);
        return scratch;
    }

    /**
     * Message headers of the latest decoded record: position, channel id and name, and the envelope's headers.
     *
     * @param position data position of the record.
     * @return the headers.
     */
    MessageHeaders headers(final long position)
    {
        final Map<String, Object> headers = new HashMap<>(decoder != null ? 8 + 2 * decoder.headerCount() : 4);
        headers.put(KekbitHeaders.POSITION, position);
        headers.put(KekbitHeaders.CHANNEL_ID, channelId);
        headers.put(KekbitHeaders.CHANNEL_NAME, channelName);
        if (decoder != null)
        {
            KekbitHeaderMapper.fromEnvelope(decoder, headers);
        }
        return new MessageHeaders(headers);
    }

    /**
     * Whether a payload type needs the message converter.
     *
     * @param type the payload type.
     * @return true unless it is {@code byte[]}, {@code String} or {@code ByteBuffer}.
     */
    static boolean isPojo(final Type type)
    {
        return type != byte[].class && type != String.class && type != ByteBuffer.class;
    }

    /**
     * The payload type of a {@code Message<T>} parameter: {@code T}, or {@code byte[]} for a raw, wildcard or
     * {@code Object} message.
     *
     * @param messageType the generic parameter type.
     * @return the payload type.
     */
    static Type messagePayloadType(final Type messageType)
    {
        if (messageType instanceof ParameterizedType)
        {
            final Type argument = ((ParameterizedType)messageType).getActualTypeArguments()[0];
            if (argument instanceof WildcardType || argument == Object.class)
            {
                return byte[].class;
            }
            return argument;
        }
        return byte[].class;
    }
}
