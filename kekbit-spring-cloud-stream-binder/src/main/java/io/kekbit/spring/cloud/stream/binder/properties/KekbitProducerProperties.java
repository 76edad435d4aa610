package io.kekbit.spring.cloud.stream.binder.properties;

import java.time.Duration;

import io.kekbit.spring.autoconfigure.KekbitProperties;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * kekbit settings of a producer binding, under {@code spring.cloud.stream.kekbit.bindings.<binding>.producer} (or
 * {@code spring.cloud.stream.kekbit.default.producer} for every binding). Not thread-safe: bound once at startup,
 * then only read.
 */
public class KekbitProducerProperties
{
    /**
     * Journal id (or channel id for kind=channel) of the destination, in decimal or 0x hex; when unset it is derived
     * from the destination name (see the binder README). A partitioned destination uses this id + partition.
     */
    private String channelId;

    /** Kind of the destination; when unset, spring.cloud.stream.kekbit.binder.kind. */
    private DestinationKind kind;

    /** Whether records carry the kekbit envelope; when unset, spring.cloud.stream.kekbit.binder.envelope. */
    private Boolean envelope;

    /** Capacity of each journal segment (or of the channel for kind=channel). */
    private DataSize capacity = DataSize.ofMegabytes(1);

    /**
     * Largest record, envelope included; when unset, the starter's default (1 KB, at most an eighth of the
     * capacity).
     */
    private DataSize maxMessageLength;

    /** How long consumers wait without a record or heartbeat before they consider the writer gone. */
    private Duration timeout = Duration.ofSeconds(30);

    /** Journal segments created ahead of need. */
    private int preallocatedSegments = 2;

    /** Retention of the journal's segments; by default every segment is kept. */
    @NestedConfigurationProperty
    private final KekbitProperties.Retention retention = new KekbitProperties.Retention();

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
     * Gets the segment (or channel) capacity.
     *
     * @return the capacity.
     */
    public DataSize getCapacity()
    {
        return capacity;
    }

    /**
     * Sets the segment (or channel) capacity.
     *
     * @param capacity the capacity.
     */
    public void setCapacity(final DataSize capacity)
    {
        this.capacity = capacity;
    }

    /**
     * Gets the largest record.
     *
     * @return the size, or null for the starter's default.
     */
    public DataSize getMaxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Sets the largest record.
     *
     * @param maxMessageLength the size, or null for the starter's default.
     */
    public void setMaxMessageLength(final DataSize maxMessageLength)
    {
        this.maxMessageLength = maxMessageLength;
    }

    /**
     * Gets the writer timeout.
     *
     * @return the timeout.
     */
    public Duration getTimeout()
    {
        return timeout;
    }

    /**
     * Sets the writer timeout.
     *
     * @param timeout the timeout.
     */
    public void setTimeout(final Duration timeout)
    {
        this.timeout = timeout;
    }

    /**
     * Gets the number of preallocated segments.
     *
     * @return the count.
     */
    public int getPreallocatedSegments()
    {
        return preallocatedSegments;
    }

    /**
     * Sets the number of preallocated segments.
     *
     * @param preallocatedSegments the count.
     */
    public void setPreallocatedSegments(final int preallocatedSegments)
    {
        this.preallocatedSegments = preallocatedSegments;
    }

    /**
     * Gets the retention settings.
     *
     * @return the retention, never null.
     */
    public KekbitProperties.Retention getRetention()
    {
        return retention;
    }
}
