package io.kekbit.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for kekbit channels, under the {@code kekbit} prefix. Not thread-safe: bound once at
 * startup and read afterwards.
 */
@ConfigurationProperties("kekbit")
public class KekbitProperties
{
    /**
     * Root folder of the channel files (default: the kekbit folder under java.io.tmpdir). /dev/shm/kekbit is the
     * fast choice on Linux (memory-backed).
     */
    private Path rootPath = Path.of(System.getProperty("java.io.tmpdir"), "kekbit");

    /**
     * Writers by name; each becomes a thread-safe io.kekbit.core.Writer bean with that name.
     */
    private final Map<String, WriterProperties> writers = new LinkedHashMap<>();

    /**
     * Readers by name; a @KekbitListener whose channel is the name uses these settings.
     */
    private final Map<String, KekbitReaderProperties> readers = new LinkedHashMap<>();

    /**
     * Defaults of @KekbitListener containers.
     */
    @NestedConfigurationProperty
    private final KekbitListenerProperties listener = new KekbitListenerProperties();

    /**
     * KekbitTemplate settings.
     */
    @NestedConfigurationProperty
    private final KekbitTemplateProperties template = new KekbitTemplateProperties();

    /**
     * Parses a {@code channel-id} property as written: an unsigned 64-bit id in decimal or {@code 0x} hex.
     *
     * @param property the property's full name, for the report.
     * @param value    the value as written.
     * @return the id (ids above 2^63-1 are negative longs, as in the file names).
     * @throws InvalidKekbitPropertyException when the value is missing, negative, not a number or above 2^64-1.
     */
    public static long parseChannelId(final String property, final String value)
    {
        return KekbitPropertiesValidator.channelId(property, value);
    }

    /**
     * Root folder of the channel files.
     *
     * @return the root folder.
     */
    public Path getRootPath()
    {
        return rootPath;
    }

    /**
     * Sets the root folder of the channel files.
     *
     * @param rootPath the root folder.
     */
    public void setRootPath(final Path rootPath)
    {
        this.rootPath = rootPath;
    }

    /**
     * Writers by name.
     *
     * @return the mutable map of writer settings.
     */
    public Map<String, WriterProperties> getWriters()
    {
        return writers;
    }

    /**
     * Readers by name.
     *
     * @return the mutable map of reader settings.
     */
    public Map<String, KekbitReaderProperties> getReaders()
    {
        return readers;
    }

    /**
     * Listener container defaults.
     *
     * @return the listener settings.
     */
    public KekbitListenerProperties getListener()
    {
        return listener;
    }

    /**
     * KekbitTemplate settings.
     *
     * @return the template settings.
     */
    public KekbitTemplateProperties getTemplate()
    {
        return template;
    }

    /** What a writer does when its channel file already exists at startup. */
    public enum OnExisting
    {
        /** Fail startup, naming the file. */
        FAIL,
        /**
         * Continue the channel after its last complete record when its previous writer stopped without closing it
         * (killed, crashed); a channel closed by its writer fails startup with a report. A roll writer always
         * continues its journal.
         */
        RESUME,
        /** Delete the existing channel file and its durable reader positions, and create a new, empty channel. */
        RECREATE
    }

    /** Settings of one writer, {@code kekbit.writers.<name>.*}. Not thread-safe. */
    public static class WriterProperties
    {
        /**
         * Channel id, unsigned 64-bit, in decimal or 0x hex (0 to 18446744073709551615); it also names the channel
         * file. Required.
         */
        private String channelId;

        /**
         * Writer id stored in the channel header.
         */
        private long writerId = 0;

        /**
         * Capacity of the channel's data area, at least 16KB.
         */
        private DataSize capacity = DataSize.ofMegabytes(1);

        /**
         * Size hint for the largest record payload, at most capacity / 128 - 16 bytes; unset: 1KB, or that most when
         * the capacity allows less. The channel stores it plus 8, rounded up to a multiple of 8, and accepts payloads
         * up to that stored length (1KB accepts 1032 bytes).
         */
        private DataSize maxMessageLength;

        /**
         * Writer timeout: readers report TIMEOUT when the writer writes nothing, not even a heartbeat, for this long.
         */
        private Duration timeout = Duration.ofSeconds(30);

        /**
         * Unit of the header's timeout and creation time: nanos, micros, millis or secs.
         */
        private String tickUnit = "millis";

        /**
         * Interval of the heartbeats the starter writes so readers do not time out while the application is idle;
         * zero disables them.
         */
        private Duration heartbeatInterval = Duration.ofSeconds(5);

        /**
         * What to do when the channel file already exists at startup: resume, fail or recreate. A channel held by
         * a live writer (another instance) always fails startup.
         */
        private OnExisting onExisting = OnExisting.RESUME;

        /**
         * Whether records carry the kekbit envelope (headers + body, see docs/envelope.md). Readers of the channel
         * must be configured for it too; false keeps records raw and byte-compatible with the Rust crate.
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
         * Rolling journal instead of a single channel: channel-id becomes the journal id and capacity the segment
         * capacity.
         */
        private final Roll roll = new Roll();

        /**
         * Rolling journal settings.
         *
         * @return the roll settings.
         */
        public Roll getRoll()
        {
            return roll;
        }

        /**
         * Channel id; it also names the channel file.
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
         * Writer id stored in the header.
         *
         * @return the writer id.
         */
        public long getWriterId()
        {
            return writerId;
        }

        /**
         * Sets the writer id.
         *
         * @param writerId the writer id.
         */
        public void setWriterId(final long writerId)
        {
            this.writerId = writerId;
        }

        /**
         * Capacity of the data area.
         *
         * @return the capacity.
         */
        public DataSize getCapacity()
        {
            return capacity;
        }

        /**
         * Sets the capacity.
         *
         * @param capacity the capacity.
         */
        public void setCapacity(final DataSize capacity)
        {
            this.capacity = capacity;
        }

        /**
         * Largest payload.
         *
         * @return the max message length.
         */
        public DataSize getMaxMessageLength()
        {
            return maxMessageLength;
        }

        /**
         * Sets the largest payload.
         *
         * @param maxMessageLength the max message length.
         */
        public void setMaxMessageLength(final DataSize maxMessageLength)
        {
            this.maxMessageLength = maxMessageLength;
        }

        /**
         * Writer timeout.
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
         * Tick unit name.
         *
         * @return nanos, micros, millis or secs.
         */
        public String getTickUnit()
        {
            return tickUnit;
        }

        /**
         * Sets the tick unit name.
         *
         * @param tickUnit nanos, micros, millis or secs.
         */
        public void setTickUnit(final String tickUnit)
        {
            this.tickUnit = tickUnit;
        }

        /**
         * Heartbeat interval.
         *
         * @return the interval; zero when disabled.
         */
        public Duration getHeartbeatInterval()
        {
            return heartbeatInterval;
        }

        /**
         * Sets the heartbeat interval.
         *
         * @param heartbeatInterval the interval; zero disables heartbeats.
         */
        public void setHeartbeatInterval(final Duration heartbeatInterval)
        {
            this.heartbeatInterval = heartbeatInterval;
        }

        /**
         * What to do with an existing channel file.
         *
         * @return resume, fail or recreate.
         */
        public OnExisting getOnExisting()
        {
            return onExisting;
        }

        /**
         * Sets what to do with an existing channel file.
         *
         * @param onExisting resume, fail or recreate.
         */
        public void setOnExisting(final OnExisting onExisting)
        {
            this.onExisting = onExisting;
        }
    }

    /** Rolling journal settings of a writer, {@code kekbit.writers.<name>.roll.*}. Not thread-safe. */
    public static class Roll
    {
        /**
         * Whether the writer writes a rolling journal (a sequence of segments) instead of a single channel.
         */
        private boolean enabled = false;

        /**
         * Segments created ahead of the one being written, 1 to 16.
         */
        private int preallocatedSegments = 2;

        /**
         * Retention of old segments.
         */
        private final Retention retention = new Retention();

        /**
         * Whether the writer writes a rolling journal.
         *
         * @return true for a journal.
         */
        public boolean isEnabled()
        {
            return enabled;
        }

        /**
         * Sets whether the writer writes a rolling journal.
         *
         * @param enabled true for a journal.
         */
        public void setEnabled(final boolean enabled)
        {
            this.enabled = enabled;
        }

        /**
         * Segments created ahead.
         *
         * @return 1 to 16.
         */
        public int getPreallocatedSegments()
        {
            return preallocatedSegments;
        }

        /**
         * Sets the segments created ahead.
         *
         * @param preallocatedSegments 1 to 16.
         */
        public void setPreallocatedSegments(final int preallocatedSegments)
        {
            this.preallocatedSegments = preallocatedSegments;
        }

        /**
         * Retention settings.
         *
         * @return the retention settings.
         */
        public Retention getRetention()
        {
            return retention;
        }
    }

    /**
     * Retention of a rolling journal's old segments, {@code kekbit.writers.<name>.roll.retention.*}. A segment a
     * registered durable reader (a listener) has not finished is kept unless delete-unread is set. Not thread-safe.
     */
    public static class Retention
    {
        /**
         * Most segments kept, the one being written included; 0 keeps all.
         */
        private int maxSegments = 0;

        /**
         * Most bytes of segment files kept; unset keeps all.
         */
        private DataSize maxSize;

        /**
         * Age (from when a segment was closed) after which it is deleted; unset keeps all.
         */
        private Duration maxAge;

        /**
         * Whether segments that a registered durable reader has not finished may be deleted anyway (that reader then
         * stops with a FAILED gap).
         */
        private boolean deleteUnread = false;

        /**
         * How often the writer's background thread applies the retention limits.
         */
        private Duration interval = Duration.ofSeconds(1);

        /**
         * Most segments kept.
         *
         * @return the limit; 0 for none.
         */
        public int getMaxSegments()
        {
            return maxSegments;
        }

        /**
         * Sets the most segments kept.
         *
         * @param maxSegments the limit; 0 for none.
         */
        public void setMaxSegments(final int maxSegments)
        {
            this.maxSegments = maxSegments;
        }

        /**
         * Most bytes kept.
         *
         * @return the limit, or null for none.
         */
        public DataSize getMaxSize()
        {
            return maxSize;
        }

        /**
         * Sets the most bytes kept.
         *
         * @param maxSize the limit, or null for none.
         */
        public void setMaxSize(final DataSize maxSize)
        {
            this.maxSize = maxSize;
        }

        /**
         * Age limit.
         *
         * @return the age, or null for none.
         */
        public Duration getMaxAge()
        {
            return maxAge;
        }

        /**
         * Sets the age limit.
         *
         * @param maxAge the age, or null for none.
         */
        public void setMaxAge(final Duration maxAge)
        {
            this.maxAge = maxAge;
        }

        /**
         * Whether unread segments may be deleted.
         *
         * @return true to force deletion.
         */
        public boolean isDeleteUnread()
        {
            return deleteUnread;
        }

        /**
         * Sets whether unread segments may be deleted.
         *
         * @param deleteUnread true to force deletion.
         */
        public void setDeleteUnread(final boolean deleteUnread)
        {
            this.deleteUnread = deleteUnread;
        }

        /**
         * Retention interval.
         *
         * @return the interval.
         */
        public Duration getInterval()
        {
            return interval;
        }

        /**
         * Sets the retention interval.
         *
         * @param interval a positive duration.
         */
        public void setInterval(final Duration interval)
        {
            this.interval = interval;
        }
    }

}
