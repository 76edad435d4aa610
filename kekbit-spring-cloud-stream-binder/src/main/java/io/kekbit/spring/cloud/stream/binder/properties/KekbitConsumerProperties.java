package io.kekbit.spring.cloud.stream.binder.properties;

import java.time.Duration;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * kekbit settings of a consumer binding, under {@code spring.cloud.stream.kekbit.bindings.<binding>.consumer} (or
 * {@code spring.cloud.stream.kekbit.default.consumer}). Not thread-safe: bound once at startup, then only read.
 */
public class KekbitConsumerProperties
{
    /**
     * Journal id (or channel id for kind=channel) of the destination, as its producer sets it; when unset it is
     * derived from the destination name.
     */
    private String channelId;

    /** Kind of the destination; when unset, spring.cloud.stream.kekbit.binder.kind. */
    private DestinationKind kind;

    /** Whether records carry the kekbit envelope; when unset, spring.cloud.stream.kekbit.binder.envelope. */
    private Boolean envelope;

    /**
     * Partitions of a partitioned destination (its producer's partitionCount); when 0, the consumer's
     * instanceCount. This instance reads the partitions p with p % instanceCount == instanceIndex (with an
     * instanceIndexList, Spring Cloud Stream binds once per listed index).
     */
    private int partitionCount;

    /**
     * Idle strategy of the consumer thread: backoff, sleeping, yielding or busy-spin; when unset, the application's
     * IdleStrategy bean, else backoff.
     */
    private String idleStrategy;

    /**
     * Most records handled per poll; the group's durable position is saved after each poll, so it also bounds how
     * many records a crashed consumer delivers again.
     */
    private int maxRecordsPerPoll = 64;

    /** How long stopping the binding waits for the consumer thread. */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * Whether records that still fail after maxAttempts are written to a dead-letter destination (a group is
     * required).
     */
    private boolean enableDlq;

    /** Name of the dead-letter destination; when unset, error.&lt;destination&gt;.&lt;group&gt;. */
    private String dlqName;

    /** Settings of the dead-letter destination's writer. */
    @NestedConfigurationProperty
    private final KekbitProducerProperties dlqProducerProperties = new KekbitProducerProperties();

    /**
     * Gets the explicit id.
     *
     * @return the id text, or null to derive it from the name.
     */
    public String getChannelId()
    {
        return channelId;
    }

    /**
     * Sets the explicit id.
     *
     * @param channelId the id text, or null to derive it from the name.
     */
    public void setChannelId(final String channelId)
    {
        this.channelId = channelId;
    }

    /**
     * Gets the kind.
     *
     * @return the kind, or null for the binder's default.
     */
    public DestinationKind getKind()
    {
        return kind;
    }

    /**
     * Sets the kind.
     *
     * @param kind the kind, or null for the binder's default.
     */
    public void setKind(final DestinationKind kind)
    {
        this.kind = kind;
    }

    /**
     * Whether records are enveloped.
     *
     * @return the setting, or null for the binder's default.
     */
    public Boolean getEnvelope()
    {
        return envelope;
    }

    /**
     * Sets whether records are enveloped.
     *
     * @param envelope the setting, or null for the binder's default.
     */
    public void setEnvelope(final Boolean envelope)
    {
        this.envelope = envelope;
    }

    /**
     * Gets the partition count.
     *
     * @return the count, or 0 for the instance count.
     */
    public int getPartitionCount()
    {
        return partitionCount;
    }

    /**
     * Sets the partition count.
     *
     * @param partitionCount the count, or 0 for the instance count.
     */
    public void setPartitionCount(final int partitionCount)
    {
        this.partitionCount = partitionCount;
    }

    /**
     * Gets the idle strategy name.
     *
     * @return the name, or null for the application's idle strategy bean (else backoff).
     */
    public String getIdleStrategy()
    {
        return idleStrategy;
    }

    /**
     * Sets the idle strategy name.
     *
     * @param idleStrategy the name.
     */
    public void setIdleStrategy(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    /**
     * Gets the most records per poll.
     *
     * @return the count.
     */
    public int getMaxRecordsPerPoll()
    {
        return maxRecordsPerPoll;
    }

    /**
     * Sets the most records per poll.
     *
     * @param maxRecordsPerPoll the count, at least 1.
     */
    public void setMaxRecordsPerPoll(final int maxRecordsPerPoll)
    {
        this.maxRecordsPerPoll = maxRecordsPerPoll;
    }

    /**
     * Gets the shutdown timeout.
     *
     * @return the timeout.
     */
    public Duration getShutdownTimeout()
    {
        return shutdownTimeout;
    }

    /**
     * Sets the shutdown timeout.
     *
     * @param shutdownTimeout the timeout.
     */
    public void setShutdownTimeout(final Duration shutdownTimeout)
    {
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Whether failed records go to a dead-letter destination.
     *
     * @return true when enabled.
     */
    public boolean isEnableDlq()
    {
        return enableDlq;
    }

    /**
     * Sets whether failed records go to a dead-letter destination.
     *
     * @param enableDlq true to enable.
     */
    public void setEnableDlq(final boolean enableDlq)
    {
        this.enableDlq = enableDlq;
    }

    /**
     * Gets the dead-letter destination name.
     *
     * @return the name, or null for the default.
     */
    public String getDlqName()
    {
        return dlqName;
    }

    /**
     * Sets the dead-letter destination name.
     *
     * @param dlqName the name, or null for the default.
     */
    public void setDlqName(final String dlqName)
    {
        this.dlqName = dlqName;
    }

    /**
     * Gets the dead-letter writer settings.
     *
     * @return the settings, never null.
     */
    public KekbitProducerProperties getDlqProducerProperties()
    {
        return dlqProducerProperties;
    }
}
