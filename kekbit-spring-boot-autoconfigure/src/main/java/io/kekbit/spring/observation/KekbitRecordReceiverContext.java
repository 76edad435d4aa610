package io.kekbit.spring.observation;

import io.kekbit.core.envelope.EnvelopeDecoder;

import io.micrometer.observation.transport.ReceiverContext;

/**
 * The observation context of one delivery of a record to a {@code @KekbitListener}, or of one batch to a batch
 * listener ({@link #getBatchSize()}). Its carrier is a decoder
 * wrapped on the record's envelope: a propagating handler (Micrometer Tracing's) reads its headers, such as
 * {@code traceparent}, as text (the first header of a name wins). On a raw channel, or for a record that is not a
 * valid envelope, the carrier is null and every header reads as absent, so the delivery starts a new trace. The
 * carrier is valid only while the listener runs. Not thread-safe: one context per delivery, used on the listener
 * thread.
 */
public final class KekbitRecordReceiverContext extends ReceiverContext<EnvelopeDecoder>
{
    private final String listenerId;
    private final String channelName;
    private final long channelId;
    private final boolean journal;
    private final long position;
    private final int bodySize;
    private final int batchSize;

    /**
     * Creates the context of one delivery.
     *
     * @param decoder     a decoder wrapped on the record's valid envelope, or null (raw channel, invalid envelope).
     * @param listenerId  the listener id.
     * @param channelName the listener's channel attribute.
     * @param channelId   the channel id (journal id for a journal).
     * @param journal     whether the listener reads a rolling journal.
     * @param position    data position of the record.
     * @param bodySize    payload size in bytes, envelope headers excluded.
     */
    public KekbitRecordReceiverContext(
        final EnvelopeDecoder decoder,
        final String listenerId,
        final String channelName,
        final long channelId,
        final boolean journal,
        final long position,
        final int bodySize)
    {
        this(decoder, listenerId, channelName, channelId, journal, position, bodySize, 0);
    }

    /**
     * Creates the context of one delivery of a record, or of a batch to a batch listener. A batch has no carrier
     * (its records may carry different traces), so its observation starts a new trace.
     *
     * @param decoder     a decoder wrapped on the record's valid envelope, or null (raw channel, invalid envelope,
     *                    batch).
     * @param listenerId  the listener id.
     * @param channelName the listener's channel attribute.
     * @param channelId   the channel id (journal id for a journal).
     * @param journal     whether the listener reads a rolling journal.
     * @param position    data position of the record (of the batch's first record).
     * @param bodySize    payload size in bytes, envelope headers excluded (summed over a batch's records).
     * @param batchSize   number of records of a batch delivery, or 0 for a single-record delivery.
     */
    public KekbitRecordReceiverContext(
        final EnvelopeDecoder decoder,
        final String listenerId,
        final String channelName,
        final long channelId,
        final boolean journal,
        final long position,
        final int bodySize,
        final int batchSize)
    {
        super((carrier, key) -> carrier != null && carrier.find(key) ? carrier.stringValue() : null);
        setCarrier(decoder);
        setRemoteServiceName("kekbit");
        this.listenerId = listenerId;
        this.channelName = channelName;
        this.channelId = channelId;
        this.journal = journal;
        this.position = position;
        this.bodySize = bodySize;
        this.batchSize = batchSize;
    }

    /**
     * The listener id.
     *
     * @return the id.
     */
    public String getListenerId()
    {
        return listenerId;
    }

    /**
     * The listener's channel attribute: a reader or writer name, or a channel id.
     *
     * @return the channel name.
     */
    public String getChannelName()
    {
        return channelName;
    }

    /**
     * The channel id (journal id for a journal).
     *
     * @return the id.
     */
    public long getChannelId()
    {
        return channelId;
    }

    /**
     * Whether the listener reads a rolling journal.
     *
     * @return true for a journal.
     */
    public boolean isJournal()
    {
        return journal;
    }

    /**
     * Data position of the record (of the first record of a batch).
     *
     * @return the position.
     */
    public long getPosition()
    {
        return position;
    }

    /**
     * Payload size in bytes, envelope headers excluded (summed over the records of a batch).
     *
     * @return the size.
     */
    public int getBodySize()
    {
        return bodySize;
    }

    /**
     * Number of records of a batch delivery, or 0 for a single-record delivery.
     *
     * @return the batch size.
     */
    public int getBatchSize()
    {
        return batchSize;
    }

    /**
     * Whether the delivery is a batch to a batch listener.
     *
     * @return true for a batch.
     */
    public boolean isBatch()
    {
        return batchSize > 0;
    }
}
