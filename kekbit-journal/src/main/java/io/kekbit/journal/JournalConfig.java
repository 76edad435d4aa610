package io.kekbit.journal;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link JournalWriter} writes a journal: its id, the shape of each segment (every segment is an ordinary
 * channel created with {@link Header#of}), and the retention policy the writer applies in the background.
 * Thread-safe (immutable).
 * <pre>{@code
 * JournalConfig config = JournalConfig.builder(7)
 *     .segmentCapacity(64 << 20)
 *     .maxMessageLength(64 << 10)
 *     .retention(RetentionPolicy.builder().maxSegments(16).build())
 *     .build();
 * }</pre>
 */
public final class JournalConfig
{
    private final int journalId;
    private final long writerId;
    private final long segmentCapacity;
    private final long maxMessageLength;
    private final Duration timeout;
    private final TickUnit tickUnit;
    private final RetentionPolicy retention;
    private final Duration retentionInterval;
    private final int preallocatedSegments;
    private final Set<PosixFilePermission> permissions;

    private JournalConfig(final Builder builder)
    {
        this.journalId = builder.journalId;
        this.writerId = builder.writerId;
        this.segmentCapacity = builder.segmentCapacity;
        this.maxMessageLength = builder.maxMessageLength;
        this.timeout = builder.timeout;
        this.tickUnit = builder.tickUnit;
        this.retention = builder.retention;
        this.retentionInterval = builder.retentionInterval;
        this.preallocatedSegments = builder.preallocatedSegments;
        this.permissions = builder.permissions;
    }

    /**
     * Permissions of the files the writer creates (segments, their lock files, {@code journal.lock}), and, with
     * execute added where reading is allowed, of the folders it creates.
     *
     * @return the permissions; owner read and write unless configured.
     */
    public Set<PosixFilePermission> permissions()
    {
        return permissions;
    }

    /**
     * Starts a configuration for a journal.
     *
     * @param journalId the journal's id: the high 32 bits of its segments' channel ids, any int but 0. It is read
     *                  unsigned: ids above 2147483647 are passed as the negative int with the same bits (see
     *                  {@link Journal}).
     * @return a builder with defaults: 64 MiB segments, max message length 64 KiB (capped by the segment
     *         capacity), writer timeout 1 day, milliseconds, keep all segments, retention checked every second,
     *         2 segments created ahead.
     * @throws IllegalArgumentException for journal id 0 (its folder holds the ordinary channels below 2^32).
     */
    public static Builder builder(final int journalId)
    {
        return new Builder(journalId);
    }

    /**
     * The journal id.
     *
     * @return the id (high 32 bits of segment channel ids).
     */
    public int journalId()
    {
        return journalId;
    }

    /**
     * Writer id stored in each segment's header.
     *
     * @return the writer id.
     */
    public long writerId()
    {
        return writerId;
    }

    /**
     * Capacity hint of each segment, as passed to {@link Header#of}.
     *
     * @return bytes.
     */
    public long segmentCapacity()
    {
        return segmentCapacity;
    }

    /**
     * Max message length hint of each segment, as passed to {@link Header#of} (which caps it at capacity / 128).
     *
     * @return bytes.
     */
    public long maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Writer timeout stored in each segment: readers report {@code TIMEOUT} when the writer writes nothing, not even
     * a heartbeat, for this long.
     *
     * @return the timeout.
     */
    public Duration timeout()
    {
        return timeout;
    }

    /**
     * Tick unit of the segments' timeout and creation time.
     *
     * @return the unit.
     */
    public TickUnit tickUnit()
    {
        return tickUnit;
    }

    /**
     * Retention applied by the writer's background thread.
     *
     * @return the policy.
     */
    public RetentionPolicy retention()
    {
        return retention;
    }

    /**
     * How often the background thread applies the retention policy.
     *
     * @return the interval.
     */
    public Duration retentionInterval()
    {
        return retentionInterval;
    }

    /**
     * How many segments the background thread keeps created ahead of the one being written.
     *
     * @return at least 1.
     */
    public int preallocatedSegments()
    {
        return preallocatedSegments;
    }

    /**
     * Header of a segment of this journal.
     *
     * @param segment segment number.
     * @return the header, with creation time now.
     */
    public Header segmentHeader(final long segment)
    {
        return Header.of(writerId, Journal.channelId(journalId, segment), segmentCapacity, maxMessageLength, timeout,
            tickUnit);
    }

    @Override
    public String toString()
    {
        return "JournalConfig{journalId=" + journalId + ", writerId=" + writerId + ", segmentCapacity=" +
            segmentCapacity + ", maxMessageLength=" + maxMessageLength + ", timeout=" + timeout + ", tickUnit=" +
            tickUnit + ", retention=" + retention + ", retentionInterval=" + retentionInterval +
            ", preallocatedSegments=" + preallocatedSegments + ", permissions=" +
            PosixFilePermissions.toString(permissions) + "}";
    }

    /** Builds a {@link JournalConfig}. Not thread-safe. */
    public static final class Builder
    {
        private final int journalId;
        private long writerId;
        private long segmentCapacity = 64L << 20;
        private long maxMessageLength = 64L << 10;
        private Duration timeout = Duration.ofDays(1);
        private TickUnit tickUnit = TickUnit.MILLIS;
        private RetentionPolicy retention = RetentionPolicy.KEEP_ALL;
        private Duration retentionInterval = Duration.ofSeconds(1);
        private int preallocatedSegments = 2;
        private Set<PosixFilePermission> permissions = Kekbit.OWNER_ONLY;

        private Builder(final int journalId)
        {
            this.journalId = Journal.checkJournalId(journalId);
        }

        /**
         * Sets the writer id stored in segment headers.
         *
         * @param writerId any value.
         * @return this builder.
         */
        public Builder writerId(final long writerId)
        {
            this.writerId = writerId;
            return this;
        }

        /**
         * Sets each segment's capacity hint (rounded as {@link Header#of} does, at least 16 KiB).
         *
         * @param segmentCapacity bytes.
         * @return this builder.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder segmentCapacity(final long segmentCapacity)
        {
            if (segmentCapacity <= 0)
            {
                throw new IllegalArgumentException(
                    "segmentCapacity must be positive: segmentCapacity=" + segmentCapacity);
            }
            this.segmentCapacity = segmentCapacity;
            return this;
        }

        /**
         * Sets the max message length hint.
         *
         * @param maxMessageLength bytes.
         * @return this builder.
         * @throws IllegalArgumentException when not positive.
         */
        public Builder maxMessageLength(final long maxMessageLength)
        {
            if (maxMessageLength <= 0)
            {
                throw new IllegalArgumentException(
                    "maxMessageLength must be positive: maxMessageLength=" + maxMessageLength);
            }
            this.maxMessageLength = maxMessageLength;
            return this;
        }

        /**
         * Sets the writer timeout stored in segment headers.
         *
         * @param timeout a non-negative duration.
         * @return this builder.
         */
        public Builder timeout(final Duration timeout)
        {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Sets the tick unit of segment headers.
         *
         * @param tickUnit the unit.
         * @return this builder.
         */
        public Builder tickUnit(final TickUnit tickUnit)
        {
            this.tickUnit = Objects.requireNonNull(tickUnit, "tickUnit");
            return this;
        }

        /**
         * Sets the retention policy.
         *
         * @param retention the policy.
         * @return this builder.
         */
        public Builder retention(final RetentionPolicy retention)
        {
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /**
         * Sets how often the retention policy is applied.
         *
         * @param retentionInterval a positive duration.
         * @return this builder.
         * @throws IllegalArgumentException when zero or negative.
         */
        public Builder retentionInterval(final Duration retentionInterval)
        {
            if (retentionInterval.isNegative() || retentionInterval.isZero())
            {
                throw new IllegalArgumentException(
                    "retentionInterval must be positive: retentionInterval=" + retentionInterval);
            }
            this.retentionInterval = retentionInterval;
            return this;
        }

        /**
         * Sets how many segments are created ahead of the one being written. More absorb bursts that fill segments
         * faster than the background thread creates them, at the cost of disk or memory for empty segments.
         *
         * @param preallocatedSegments 1 to 16.
         * @return this builder.
         * @throws IllegalArgumentException when out of range.
         */
        public Builder preallocatedSegments(final int preallocatedSegments)
        {
            if (preallocatedSegments < 1 || preallocatedSegments > 16)
            {
                throw new IllegalArgumentException(
                    "preallocatedSegments out of range 1..16: preallocatedSegments=" + preallocatedSegments);
            }
            this.preallocatedSegments = preallocatedSegments;
            return this;
        }

        /**
         * Sets the permissions of the files and folders the writer creates, for example to let another user's
         * readers in. Each file and folder is created with them in the creating system call.
         *
         * @param permissions file permissions; folders get execute added where reading is allowed.
         * @return this builder.
         * @throws IllegalArgumentException when they do not let the owner read and write.
         */
        public Builder permissions(final Set<PosixFilePermission> permissions)
        {
            if (!permissions.contains(PosixFilePermission.OWNER_READ) ||
                !permissions.contains(PosixFilePermission.OWNER_WRITE))
            {
                throw new IllegalArgumentException(
                    "permissions must let the owner read and write: permissions=" +
                    PosixFilePermissions.toString(permissions));
            }
            this.permissions = Collections.unmodifiableSet(EnumSet.copyOf(permissions));
            return this;
        }

        /**
         * Validates and builds the configuration.
         *
         * @return the immutable configuration.
         * @throws IllegalArgumentException or {@link io.kekbit.core.ChannelException} when the segment header
         *                                  cannot be built from these values.
         */
        public JournalConfig build()
        {
            final JournalConfig config = new JournalConfig(this);
            config.segmentHeader(0);
            return config;
        }
    }
}
