package io.kekbit.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kekbit.spring.listener.StartFrom;

import org.springframework.boot.context.properties.ConfigurationProperties;
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
    private final Map<String, ReaderProperties> readers = new LinkedHashMap<>();

    /**
     * Defaults of @KekbitListener containers.
     */
    private final Listener listener = new Listener();

    /**
     * KekbitTemplate settings.
     */
    private final Template template = new Template();

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
    public Map<String, ReaderProperties> getReaders()
    {
        return readers;
    }

    /**
     * Listener container defaults.
     *
     * @return the listener settings.
     */
    public Listener getListener()
    {
        return listener;
    }

    /**
     * KekbitTemplate settings.
     *
     * @return the template settings.
     */
    public Template getTemplate()
    {
        return template;
    }

    /** Settings of the {@code KekbitTemplate}, {@code kekbit.template.*}. Not thread-safe. */
    public static class Template
    {
        /**
         * Writer that send(Message) and send(Object) without a writer name go to: a key of kekbit.writers or a
         * Writer bean name.
         */
        private String defaultWriter;

        /**
         * Whether every send is a Micrometer observation (kekbit.template); on enveloped writers a trace context
         * travels with the record.
         */
        private boolean observationEnabled = false;

        /**
         * Whether sends are observed.
         *
         * @return true when observed.
         */
        public boolean isObservationEnabled()
        {
            return observationEnabled;
        }

        /**
         * Sets whether sends are observed.
         *
         * @param observationEnabled true to observe.
         */
        public void setObservationEnabled(final boolean observationEnabled)
        {
            this.observationEnabled = observationEnabled;
        }

        /**
         * Writer of sends that name none.
         *
         * @return the writer name, or null.
         */
        public String getDefaultWriter()
        {
            return defaultWriter;
        }

        /**
         * Sets the writer of sends that name none.
         *
         * @param defaultWriter the writer name.
         */
        public void setDefaultWriter(final String defaultWriter)
        {
            this.defaultWriter = defaultWriter;
        }
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

    /** Settings of one reader, {@code kekbit.readers.<name>.*}. Not thread-safe. */
    public static class ReaderProperties
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

    /** Listener container defaults, {@code kekbit.listener.*}. Not thread-safe. */
    public static class Listener
    {
        /**
         * Idle strategy of listener threads: busy-spin, yield, backoff, sleep or sleep-<n>ms.
         */
        private String idleStrategy = "backoff";

        /**
         * Whether listener containers start with the application context.
         */
        private boolean autoStartup = true;

        /**
         * Most records handled per poll; the durable position is saved after each poll.
         */
        private int maxRecordsPerPoll = 64;

        /**
         * Where listeners start when their channel is not a configured reader.
         */
        private StartFrom startFrom = StartFrom.DURABLE;

        /**
         * How long a listener waits for its channel to appear before it stops (state FAILED, health DOWN); unset: it
         * waits until the channel appears (health UP, with the reason), logging once that it waits.
         */
        private Duration waitTimeout;

        /**
         * How long stopping waits for a listener thread to finish the record in hand.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(10);

        /**
         * Retry of records whose listener threw.
         */
        private final Retry retry = new Retry();

        /**
         * Writer name (a key of kekbit.writers) that receives a copy of records that failed every attempt.
         */
        private String deadLetter;

        /**
         * Whether a listener stops, instead of skipping the record, once a record failed every attempt.
         */
        private boolean stopOnError = false;

        /**
         * Whether a listener whose channel was closed, filled or timed out waits for the channel to be re-created
         * (and reads the new channel from its start) instead of stopping.
         */
        private boolean awaitRecreate = false;

        /**
         * Whether every delivery to a listener is a Micrometer observation (kekbit.listener), continuing the trace
         * of the send on enveloped channels.
         */
        private boolean observationEnabled = false;

        /**
         * Whether deliveries are observed.
         *
         * @return true when observed.
         */
        public boolean isObservationEnabled()
        {
            return observationEnabled;
        }

        /**
         * Sets whether deliveries are observed.
         *
         * @param observationEnabled true to observe.
         */
        public void setObservationEnabled(final boolean observationEnabled)
        {
            this.observationEnabled = observationEnabled;
        }

        /**
         * How long a listener must receive no record before a KekbitListenerContainerIdleEvent is published (and
         * again after each further interval while it stays idle); unset: no idle events.
         */
        private Duration idleEventInterval;

        /**
         * Interval of idle events.
         *
         * @return the interval, or null for none.
         */
        public Duration getIdleEventInterval()
        {
            return idleEventInterval;
        }

        /**
         * Sets the interval of idle events.
         *
         * @param idleEventInterval the interval, or null for none.
         */
        public void setIdleEventInterval(final Duration idleEventInterval)
        {
            this.idleEventInterval = idleEventInterval;
        }

        /**
         * Whether a listener waits for its channel to be re-created.
         *
         * @return true to wait.
         */
        public boolean isAwaitRecreate()
        {
            return awaitRecreate;
        }

        /**
         * Sets whether a listener waits for its channel to be re-created.
         *
         * @param awaitRecreate true to wait.
         */
        public void setAwaitRecreate(final boolean awaitRecreate)
        {
            this.awaitRecreate = awaitRecreate;
        }

        /**
         * Idle strategy name.
         *
         * @return the name.
         */
        public String getIdleStrategy()
        {
            return idleStrategy;
        }

        /**
         * Sets the idle strategy name.
         *
         * @param idleStrategy busy-spin, yield, backoff, sleep or sleep-&lt;n&gt;ms.
         */
        public void setIdleStrategy(final String idleStrategy)
        {
            this.idleStrategy = idleStrategy;
        }

        /**
         * Whether containers start automatically.
         *
         * @return true to start with the context.
         */
        public boolean isAutoStartup()
        {
            return autoStartup;
        }

        /**
         * Sets whether containers start automatically.
         *
         * @param autoStartup true to start with the context.
         */
        public void setAutoStartup(final boolean autoStartup)
        {
            this.autoStartup = autoStartup;
        }

        /**
         * Records per poll.
         *
         * @return the batch size.
         */
        public int getMaxRecordsPerPoll()
        {
            return maxRecordsPerPoll;
        }

        /**
         * Sets records per poll.
         *
         * @param maxRecordsPerPoll the batch size, at least 1.
         */
        public void setMaxRecordsPerPoll(final int maxRecordsPerPoll)
        {
            this.maxRecordsPerPoll = maxRecordsPerPoll;
        }

        /**
         * Default start position.
         *
         * @return where to start.
         */
        public StartFrom getStartFrom()
        {
            return startFrom;
        }

        /**
         * Sets the default start position.
         *
         * @param startFrom where to start.
         */
        public void setStartFrom(final StartFrom startFrom)
        {
            this.startFrom = startFrom;
        }

        /**
         * Default wait for the channel.
         *
         * @return the wait timeout.
         */
        public Duration getWaitTimeout()
        {
            return waitTimeout;
        }

        /**
         * Sets the default wait for the channel.
         *
         * @param waitTimeout the wait timeout.
         */
        public void setWaitTimeout(final Duration waitTimeout)
        {
            this.waitTimeout = waitTimeout;
        }

        /**
         * Shutdown timeout.
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
         * Retry settings.
         *
         * @return the retry settings.
         */
        public Retry getRetry()
        {
            return retry;
        }

        /**
         * Dead-letter writer name.
         *
         * @return the writer name, or null when none.
         */
        public String getDeadLetter()
        {
            return deadLetter;
        }

        /**
         * Sets the dead-letter writer name.
         *
         * @param deadLetter a key of kekbit.writers.
         */
        public void setDeadLetter(final String deadLetter)
        {
            this.deadLetter = deadLetter;
        }

        /**
         * Whether a listener stops after a record failed every attempt.
         *
         * @return true to stop.
         */
        public boolean isStopOnError()
        {
            return stopOnError;
        }

        /**
         * Sets whether a listener stops after a record failed every attempt.
         *
         * @param stopOnError true to stop.
         */
        public void setStopOnError(final boolean stopOnError)
        {
            this.stopOnError = stopOnError;
        }
    }

    /** Retry back-off of failed records, {@code kekbit.listener.retry.*}. Not thread-safe. */
    public static class Retry
    {
        /**
         * Total delivery attempts of a record whose listener throws, first delivery included.
         */
        private int maxAttempts = 3;

        /**
         * Delay before the first retry.
         */
        private Duration initialInterval = Duration.ofMillis(100);

        /**
         * Factor applied to the delay after each retry; 1 keeps it fixed.
         */
        private double multiplier = 1.0;

        /**
         * Longest delay between two attempts.
         */
        private Duration maxInterval = Duration.ofSeconds(10);

        /**
         * Exception types (class names) a record is delivered once for, without retry, before it is skipped,
         * dead-lettered or stops the container; a cause of one of these types counts too. Conversion errors are
         * never retried. JVM errors (OutOfMemoryError, StackOverflowError, LinkageError) always stop the container.
         */
        private List<Class<? extends Throwable>> notRetryable = new ArrayList<>();

        /**
         * Delivery attempts.
         *
         * @return the attempts, at least 1.
         */
        public int getMaxAttempts()
        {
            return maxAttempts;
        }

        /**
         * Sets the delivery attempts.
         *
         * @param maxAttempts the attempts, at least 1.
         */
        public void setMaxAttempts(final int maxAttempts)
        {
            this.maxAttempts = maxAttempts;
        }

        /**
         * First delay.
         *
         * @return the delay.
         */
        public Duration getInitialInterval()
        {
            return initialInterval;
        }

        /**
         * Sets the first delay.
         *
         * @param initialInterval the delay.
         */
        public void setInitialInterval(final Duration initialInterval)
        {
            this.initialInterval = initialInterval;
        }

        /**
         * Delay multiplier.
         *
         * @return the multiplier.
         */
        public double getMultiplier()
        {
            return multiplier;
        }

        /**
         * Sets the delay multiplier.
         *
         * @param multiplier the multiplier, at least 1.
         */
        public void setMultiplier(final double multiplier)
        {
            this.multiplier = multiplier;
        }

        /**
         * Longest delay.
         *
         * @return the delay.
         */
        public Duration getMaxInterval()
        {
            return maxInterval;
        }

        /**
         * Sets the longest delay.
         *
         * @param maxInterval the delay.
         */
        public void setMaxInterval(final Duration maxInterval)
        {
            this.maxInterval = maxInterval;
        }

        /**
         * Exception types delivered once, never retried (conversion errors always are).
         *
         * @return the types, in addition to conversion errors.
         */
        public List<Class<? extends Throwable>> getNotRetryable()
        {
            return notRetryable;
        }

        /**
         * Sets the exception types never retried.
         *
         * @param notRetryable class names, for example {@code java.lang.IllegalArgumentException}.
         */
        public void setNotRetryable(final List<Class<? extends Throwable>> notRetryable)
        {
            this.notRetryable = notRetryable;
        }
    }
}
