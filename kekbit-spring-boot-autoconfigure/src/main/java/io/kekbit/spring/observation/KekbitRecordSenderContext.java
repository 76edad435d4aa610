package io.kekbit.spring.observation;

import io.kekbit.core.envelope.EnvelopeEncoder;

import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.SenderContext;

/**
 * The observation context of one {@link io.kekbit.spring.core.KekbitTemplate} send. Its carrier is the encoder of
 * the record's envelope: a propagating handler (Micrometer Tracing's) writes its headers, such as W3C
 * {@code traceparent}, as the first envelope headers, before the message's own. To a raw writer the carrier is
 * null and nothing is propagated: a raw record has no headers. The carrier is the sending thread's reused encoder:
 * valid only until the observation stops. Not thread-safe: one context per send, used on the sending thread.
 */
public final class KekbitRecordSenderContext extends SenderContext<EnvelopeEncoder>
{
    private final String writerName;
    private final long channelId;
    private final boolean journal;
    private final int bodySize;
    private long position = -1;

    /**
     * Creates the context of one send.
     *
     * @param encoder    the envelope encoder of the record, or null for a raw writer.
     * @param writerName name of the writer.
     * @param channelId  the channel id (journal id for a rolling writer).
     * @param journal    whether the writer is a rolling journal writer.
     * @param bodySize   payload size in bytes.
     */
    public KekbitRecordSenderContext(
        final EnvelopeEncoder encoder,
        final String writerName,
        final long channelId,
        final boolean journal,
        final int bodySize)
    {
        super((carrier, key, value) ->
        {
            if (carrier != null)
            {
                carrier.header(key, value);
            }
        }, Kind.PRODUCER);
        setCarrier(encoder);
        setRemoteServiceName("kekbit");
        this.writerName = writerName;
        this.channelId = channelId;
        this.journal = journal;
        this.bodySize = bodySize;
    }

    /**
     * Name of the writer.
     *
     * @return the writer name.
     */
    public String getWriterName()
    {
        return writerName;
    }

    /**
     * The channel id (journal id for a rolling writer).
     *
     * @return the id.
     */
    public long getChannelId()
    {
        return channelId;
    }

    /**
     * Whether the writer is a rolling journal writer.
     *
     * @return true for a journal.
     */
    public boolean isJournal()
    {
        return journal;
    }

    /**
     * Payload size in bytes, envelope headers excluded.
     *
     * @return the size.
     */
    public int getBodySize()
    {
        return bodySize;
    }

    /**
     * Whether the record was sent to an enveloped writer, so that propagated headers travel with it.
     *
     * @return true when the carrier is an envelope encoder.
     */
    public boolean isEnvelope()
    {
        return getCarrier() != null;
    }

    /**
     * Data position of the record, set once written.
     *
     * @return the position, or -1 before the write or when it failed.
     */
    public long getPosition()
    {
        return position;
    }

    /**
     * Sets the data position of the written record.
     *
     * @param position the position.
     */
    public void setPosition(final long position)
    {
        this.position = position;
    }
}
