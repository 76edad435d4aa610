package io.kekbit.spring.listener;

import java.nio.ByteBuffer;

/**
 * A record whose listener threw, as seen by a {@link KekbitErrorHandler}. A flyweight re-pointed for each failure:
 * its buffer is valid only during the handler call. Not thread-safe: confined to the listener thread.
 */
public final class FailedRecord
{
    private final String listenerId;
    private final String channelName;
    private final long channelId;
    private final boolean envelope;
    private ByteBuffer buffer;
    private int offset;
    private int length;
    private long position;
    /** Written only by the listener thread; read by metrics. */
    private volatile long deadLetters;

    /**
     * Creates a flyweight for one listener.
     *
     * @param listenerId  the listener id.
     * @param channelName the channel name.
     * @param channelId   the channel id.
     */
    public FailedRecord(final String listenerId, final String channelName, final long channelId)
    {
        this(listenerId, channelName, channelId, false);
    }

    /**
     * Creates a flyweight for one listener.
     *
     * @param listenerId  the listener id.
     * @param channelName the channel name.
     * @param channelId   the channel id.
     * @param envelope    whether the channel's records carry the kekbit envelope.
     */
    public FailedRecord(final String listenerId, final String channelName, final long channelId,
        final boolean envelope)
    {
        this.listenerId = listenerId;
        this.channelName = channelName;
        this.channelId = channelId;
        this.envelope = envelope;
    }

    /**
     * Points the flyweight at a record.
     *
     * @param buffer   buffer holding the payload.
     * @param offset   index of the payload's first byte.
     * @param length   payload length.
     * @param position data position of the record.
     * @return this.
     */
    public FailedRecord wrap(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.position = position;
        return this;
    }

    /**
     * Tells the container that the error handler wrote this record to a dead-letter channel, once per record: it is
     * counted by {@link KekbitMessageListenerContainer#getDeadLetters()} and the {@code kekbit.listener.dead.letters}
     * meter. {@link DefaultKekbitErrorHandler} calls it; a custom handler that dead-letters calls it too.
     */
    public void deadLettered()
    {
        deadLetters++;
    }

    /**
     * Records dead-lettered through this flyweight.
     *
     * @return the count.
     */
    long deadLetters()
    {
        return deadLetters;
    }

    /**
     * Id of the listener that failed.
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
     * Whether the channel is configured for the kekbit envelope: the payload is then an envelope (headers + body),
     * or a record that failed to decode as one.
     *
     * @return true on an enveloped channel.
     */
    public boolean isEnvelope()
    {
        return envelope;
    }

    /**
     * Buffer holding the payload, valid only during the error handler call.
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
     * Payload length (the whole record: on an enveloped channel, headers and body).
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * Data position of the record in the channel.
     *
     * @return the position.
     */
    public long position()
    {
        return position;
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

    @Override
    public String toString()
    {
        return "record at position " + position + " (" + length + " bytes) of channel '" + channelName + "' (0x" +
            Long.toHexString(channelId) + "), listener '" + listenerId + "'";
    }
}
