package io.kekbit.spring.autoconfigure;

import java.time.Duration;

import io.kekbit.spring.listener.StartFrom;

/** Settings of one reader, {@code kekbit.readers.<name>.*}. Not thread-safe. */
public class KekbitReaderProperties
{
    /**
     * Channel id to read, unsigned 64-bit, in decimal or 0x hex. Required.
     */
    private String channelId;

    /**
     * How long a listener waits for the channel to appear at startup; default kekbit.listener.wait-timeout.
     */
    private Duration waitTimeout;

    /**
     * Where to start: beginning, end, or durable (the saved position of the listener); default
     * kekbit.listener.start-from.
     */
    private StartFrom startFrom;

    /**
     * Name of the durable position file; defaults to the listener id.
     */
    private String durableName;

    /**
     * Whether the channel is a rolling journal (channel-id is the journal id): the listener follows its segments
     * and registers its durable position with the journal's retention.
     */
    private boolean roll = false;

    /**
     * Whether the writer of the channel uses the kekbit envelope (headers + body): listeners then get the body as
     * payload and the headers with @Header and Message headers. Must match the writer's setting.
     */
    private boolean envelope = false;

    /**
     * Whether records carry the kekbit envelope.
     *
     * @return true when enveloped.
     */
    public boolean isEnvelope()
    {
        return envelope;
    }

    /**
     * Sets whether records carry the kekbit envelope.
     *
     * @param envelope true for enveloped records.
     */
    public void setEnvelope(final boolean envelope)
    {
        this.envelope = envelope;
    }

    /**
     * Whether the channel is a rolling journal.
     *
     * @return true for a journal.
     */
    public boolean isRoll()
    {
        return roll;
    }

    /**
     * Sets whether the channel is a rolling journal.
     *
     * @param roll true for a journal.
     */
    public void setRoll(final boolean roll)
    {
        this.roll = roll;
    }

    /**
     * Channel id to read.
     *
     * @return the channel id as written, or null when not set.
     */
    public String getChannelId()
    {
        return channelId;
    }

    /**
     * Sets the channel id.
     *
     * @param channelId the channel id.
     */
    public void setChannelId(final String channelId)
    {
        this.channelId = channelId;
    }

    /**
     * Wait for the channel at startup.
     *
     * @return the wait timeout.
     */
    public Duration getWaitTimeout()
    {
        return waitTimeout;
    }

    /**
     * Sets the wait for the channel at startup.
     *
     * @param waitTimeout the wait timeout.
     */
    public void setWaitTimeout(final Duration waitTimeout)
    {
        this.waitTimeout = waitTimeout;
    }

    /**
     * Start position.
     *
     * @return where to start.
     */
    public StartFrom getStartFrom()
    {
        return startFrom;
    }

    /**
     * Sets the start position.
     *
     * @param startFrom where to start.
     */
    public void setStartFrom(final StartFrom startFrom)
    {
        this.startFrom = startFrom;
    }

    /**
     * Durable position name.
     *
     * @return the name, or null for the listener id.
     */
    public String getDurableName()
    {
        return durableName;
    }

    /**
     * Sets the durable position name.
     *
     * @param durableName the name: 1-64 characters of A-Z a-z 0-9 _ -.
     */
    public void setDurableName(final String durableName)
    {
        this.durableName = durableName;
    }
}
