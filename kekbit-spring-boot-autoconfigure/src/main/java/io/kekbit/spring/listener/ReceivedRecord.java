package io.kekbit.spring.listener;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.kekbit.core.envelope.EnvelopeDecoder;

/**
 * A received record before conversion, as a {@link KekbitRecordFilterStrategy} sees it: the payload bytes (on an
 * enveloped channel, the envelope's body), the record's envelope headers, its position and its channel. A flyweight
 * re-pointed for each record: it and its buffer are valid only during the call. Not thread-safe: confined to the
 * listener thread.
 */
public final class ReceivedRecord
{
    private final String listenerId;
    private final String channelName;
    private final long channelId;
    private ByteBuffer buffer;
    private int offset;
    private int length;
    private long position;
    private EnvelopeDecoder envelope;

    /**
     * Creates the flyweight of one listener.
     *
     * @param listenerId  the listener id.
     * @param channelName the channel name.
     * @param channelId   the channel id.
     */
    public ReceivedRecord(final String listenerId, final String channelName, final long channelId)
    {
        this.listenerId = listenerId;
        this.channelName = channelName;
        this.channelId = channelId;
    }

    /**
     * Points the flyweight at a record.
     *
     * @param buffer   buffer holding the payload.
     * @param offset   index of the payload's first byte (the body's on an enveloped channel).
     * @param length   payload length.
     * @param position data position of the record.
     * @param envelope the decoder wrapped on the record's envelope, or null on a raw channel.
     * @return this.
     */
    public ReceivedRecord wrap(
        final ByteBuffer buffer,
        final int offset,
        final int length,
        final long position,
        final EnvelopeDecoder envelope)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.position = position;
        this.envelope = envelope;
        return this;
    }

    /**
     * Id of the listener.
     *
     * @return the listener id.
     */
    public String listenerId()
    {
        return listenerId;
    }

    /**
     * Channel name.
     *
     * @return the name.
     */
    public String channelName()
    {
        return channelName;
    }

    /**
     * Channel id.
     *
     * @return the id.
     */
    public long channelId()
    {
        return channelId;
    }

    /**
     * Data position of the record in its channel (journal position for a rolling journal).
     *
     * @return the position.
     */
    public long position()
    {
        return position;
    }

    /**
     * Buffer holding the payload, valid only during the call; read it with absolute gets, from {@link #offset()}
     * for {@link #length()} bytes.
     *
     * @return the buffer.
     */
    public ByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Index of the payload's first byte in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * Payload length (the body's on an enveloped channel).
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Copies the payload.
     *
     * @return a new array with the payload.
     */
    public byte[] payload()
    {
        final byte[] copy = new byte[length];
        buffer.get(offset, copy, 0, length);
        return copy;
    }

    /**
     * Decodes the payload as UTF-8 text.
     *
     * @return the text.
     */
    public String payloadAsString()
    {
        return new String(payload(), StandardCharsets.UTF_8);
    }

    /**
     * Whether the record carries an envelope header of this name.
     *
     * @param name the header name.
     * @return true when present; always false on a raw channel.
     */
    public boolean hasHeader(final String name)
    {
        return envelope != null && envelope.find(name);
    }

    /**
     * An envelope header of the record.
     *
     * @param name the header name.
     * @return the value as {@code String}, {@code byte[]} or {@code Long}; null when the record has no such header
     *         or the channel is raw.
     */
    public Object header(final String name)
    {
        return envelope != null && envelope.find(name) ? envelope.value() : null;
    }

    @Override
    public String toString()
    {
        return "record at position " + position + " (" + length + " bytes) of channel '" + channelName + "' (0x" +
            Long.toHexString(channelId) + "), listener '" + listenerId + "'";
    }
}
