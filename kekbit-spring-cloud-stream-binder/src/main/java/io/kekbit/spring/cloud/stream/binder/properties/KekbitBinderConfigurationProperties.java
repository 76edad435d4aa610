package io.kekbit.spring.cloud.stream.binder.properties;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the kekbit binder as a whole, under {@code spring.cloud.stream.kekbit.binder}. Not thread-safe: bound
 * once at startup, then only read.
 */
@ConfigurationProperties("spring.cloud.stream.kekbit.binder")
public class KekbitBinderConfigurationProperties
{
    /**
     * Root folder of the destination files; when unset, the starter's kekbit.root-path (by default
     * java.io.tmpdir/kekbit). Every process that shares a destination must use the same root.
     */
    private Path rootPath;

    /** Kind of destinations whose binding does not set one. */
    private DestinationKind kind = DestinationKind.JOURNAL;

    /**
     * Whether destinations whose binding does not say otherwise carry the kekbit record envelope (headers + body);
     * without it only the payload is written and message headers, contentType included, are lost.
     */
    private boolean envelope = true;

    /**
     * Interval of the heartbeats the binder writes on idle producer destinations, so their consumers see a live
     * writer; 0 turns heartbeats off.
     */
    private Duration heartbeatInterval = Duration.ofSeconds(5);

    /**
     * Gets the root folder.
     *
     * @return the root, or null to use the starter's.
     */
    public Path getRootPath()
    {
        return rootPath;
    }

    /**
     * Sets the root folder.
     *
     * @param rootPath the root, or null to use the starter's.
     */
    public void setRootPath(final Path rootPath)
    {
        this.rootPath = rootPath;
    }

    /**
     * Gets the default destination kind.
     *
     * @return the kind.
     */
    public DestinationKind getKind()
    {
        return kind;
    }

    /**
     * Sets the default destination kind.
     *
     * @param kind the kind.
     */
    public void setKind(final DestinationKind kind)
    {
        this.kind = kind;
    }

    /**
     * Whether destinations are enveloped by default.
     *
     * @return true when enveloped.
     */
    public boolean isEnvelope()
    {
        return envelope;
    }

    /**
     * Sets whether destinations are enveloped by default.
     *
     * @param envelope true for the envelope.
     */
    public void setEnvelope(final boolean envelope)
    {
        this.envelope = envelope;
    }

    /**
     * Gets the heartbeat interval.
     *
     * @return the interval; zero when off.
     */
    public Duration getHeartbeatInterval()
    {
        return heartbeatInterval;
    }

    /**
     * Sets the heartbeat interval.
     *
     * @param heartbeatInterval the interval; zero turns heartbeats off.
     */
    public void setHeartbeatInterval(final Duration heartbeatInterval)
    {
        this.heartbeatInterval = heartbeatInterval;
    }
}
