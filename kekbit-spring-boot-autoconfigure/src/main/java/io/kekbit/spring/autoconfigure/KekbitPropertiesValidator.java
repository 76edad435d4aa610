package io.kekbit.spring.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.kekbit.core.ChannelIdFormatException;
import io.kekbit.core.ChannelIdFormatException.Problem;
import io.kekbit.core.ChannelIds;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

/**
 * Checks {@link KekbitProperties} before anything is created, so invalid configuration fails startup with
 * {@link InvalidKekbitPropertyException}. Thread-safe (stateless).
 */
final class KekbitPropertiesValidator
{
    static final String NAME_PATTERN = "[A-Za-z0-9_-]{1,64}";
    static final String NAME_ALLOWED = "1-64 characters of A-Z a-z 0-9 _ - (names become file names under the root)";
    static final String TICK_UNITS = "nanos, micros, millis, secs";
    static final long MAX_JOURNAL_ID = 0xFFFF_FFFFL;
    static final String JOURNAL_IDS = "1 to 4294967295 (a journal id is 32 bits unsigned; 0 would share the folder " +
        "0000_0000 with every channel id below 2^32)";
    static final long DEFAULT_MAX_MESSAGE_LENGTH = 1024;
    static final String CHANNEL_IDS = ChannelIds.RANGE;
    static final String JOURNAL_CLASS = "io.kekbit.journal.Journal";

    private KekbitPropertiesValidator()
    {
    }

    /**
     * Validates every property.
     *
     * @param properties       the bound properties.
     * @param journalAvailable whether kekbit-journal is on the class path (roll writers and readers need it).
     * @throws InvalidKekbitPropertyException naming the first invalid property.
     */
    static void validate(final KekbitProperties properties, final boolean journalAvailable)
    {
        final Map<Long, String> channels = new HashMap<>();
        final Map<Long, String> journals = new HashMap<>();
        properties.getWriters().forEach((name, writer) ->
            validateWriter(name, writer, writer.getRoll().isEnabled() ? journals : channels, journalAvailable));
        channels.forEach((channelId, name) ->
        {
            final String journal = journals.get(channelId >>> 32);
            if (journal != null)
            {
                throw new InvalidKekbitPropertyException("kekbit.writers." + name + ".channel-id",
                    Long.toUnsignedString(channelId), "a channel id whose high 32 bits are not a journal id",
                    "roll writer '" + journal + "' writes journal " + (channelId >>> 32) + ", whose segments are " +
                    "the channels " + (channelId >>> 32) + " << 32 | n");
            }
        });
        properties.getReaders().forEach((name, reader) -> validateReader(name, reader, journalAvailable));
        properties.getReaders().forEach((name, reader) -> properties.getWriters().forEach((writerName, writer) ->
        {
            if (reader.getChannelId().equals(writer.getChannelId()) &&
                reader.isRoll() == writer.getRoll().isEnabled() && reader.isEnvelope() != writer.isEnvelope())
            {
                throw new InvalidKekbitPropertyException("kekbit.readers." + name + ".envelope", reader.isEnvelope(),
                    writer.isEnvelope() + ", as kekbit.writers." + writerName + ".envelope (the writer of the same " +
                    "channel)", "the reader and the writer of channel " + reader.getChannelId() + " disagree on " +
                    "the record envelope");
            }
        }));
        final KekbitListenerProperties listener = properties.getListener();
        try
        {
            IdleStrategy.of(listener.getIdleStrategy());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidKekbitPropertyException("kekbit.listener.idle-strategy", listener.getIdleStrategy(),
                "busy-spin, yield, backoff, sleep, sleep-<n>ms", "unknown idle strategy");
        }
        if (listener.getMaxRecordsPerPoll() < 1)
        {
            throw new InvalidKekbitPropertyException("kekbit.listener.max-records-per-poll",
                listener.getMaxRecordsPerPoll(), "1 or more", "too small");
        }
        if (listener.getRetry().getMaxAttempts() < 1)
        {
            throw new InvalidKekbitPropertyException("kekbit.listener.retry.max-attempts",
                listener.getRetry().getMaxAttempts(), "1 or more (1 = no retry)", "too small");
        }
        if (listener.getRetry().getMultiplier() < 1.0)
        {
            throw new InvalidKekbitPropertyException("kekbit.listener.retry.multiplier",
                listener.getRetry().getMultiplier(), "1.0 or more", "too small");
        }
        final Duration idleEvents = listener.getIdleEventInterval();
        if (idleEvents != null && (idleEvents.isNegative() || idleEvents.isZero()))
        {
            throw new InvalidKekbitPropertyException("kekbit.listener.idle-event-interval", idleEvents,
                "a positive duration, or unset for no idle events", "not positive");
        }
        if (listener.getDeadLetter() != null && !properties.getWriters().containsKey(listener.getDeadLetter()))
        {
            throw new InvalidKekbitPropertyException("kekbit.listener.dead-letter", listener.getDeadLetter(),
                "a key of kekbit.writers " + properties.getWriters().keySet(), "no such writer");
        }
    }

    /**
     * Parses a channel id as written: unsigned 64-bit, decimal or {@code 0x} hex.
     *
     * @param property the property, for the report.
     * @param value    the value as written.
     * @return the id (ids above 2^63-1 are negative longs, as in the file names).
     * @throws InvalidKekbitPropertyException when missing, negative, not a number or above 2^64-1.
     */
    static long channelId(final String property, final String value)
    {
        return channelId(property, value, CHANNEL_IDS);
    }

    private static long channelId(final String property, final String value, final String allowed)
    {
        try
        {
            return ChannelIds.parse(value);
        }
        catch (final ChannelIdFormatException ex)
        {
            throw new InvalidKekbitPropertyException(property, ex.problem() == Problem.EMPTY ? null : value, allowed,
                problem(ex.problem()));
        }
    }

    /** A channel id's problem in the words of a property report. */
    private static String problem(final Problem problem)
    {
        switch (problem)
        {
            case EMPTY:
                return "missing";
            case NEGATIVE:
                return "negative (a channel id is unsigned; write ids above 9223372036854775807 as they are, or in " +
                    "0x hex)";
            default:
                return "not an unsigned 64-bit number";
        }
    }

    static TickUnit tickUnit(final String property, final String value)
    {
        if (value != null)
        {
            final String name = value.trim().toUpperCase(Locale.ROOT);
            for (final TickUnit unit : TickUnit.values())
            {
                if (unit.name().equals(name))
                {
                    return unit;
                }
            }
        }
        throw new InvalidKekbitPropertyException(property, value, TICK_UNITS, "unknown tick unit");
    }

    /**
     * Largest payload a channel of this capacity accepts: the header's max message length for the largest hint,
     * minus the length word.
     */
    static long largestPayload(final long capacity)
    {
        return Header.of(0, 0, capacity, capacity, Duration.ZERO, TickUnit.MILLIS).maxMessageLength() -
            RecordDescriptor.LENGTH_WORD;
    }

    /**
     * Max message length of a writer: as set, else 1KB or the largest payload its capacity allows when smaller.
     */
    static long maxMessageLength(final WriterProperties writer)
    {
        if (writer.getMaxMessageLength() != null)
        {
            return writer.getMaxMessageLength().toBytes();
        }
        return Math.min(DEFAULT_MAX_MESSAGE_LENGTH, largestPayload(writer.getCapacity().toBytes()));
    }

    /**
     * A duration as a user would write it: {@code 30s} rather than {@code PT30S}.
     */
    static String duration(final Duration value)
    {
        final long millis = value.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0)
        {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0)
        {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /**
     * A byte count as a user would write it: {@code 64KB} rather than {@code 65536B}.
     */
    static String size(final long bytes)
    {
        if (bytes > 0 && bytes % (1024 * 1024) == 0)
        {
            return bytes / (1024 * 1024) + "MB";
        }
        return bytes > 0 && bytes % 1024 == 0 ? bytes / 1024 + "KB" : bytes + "B";
    }

    private static long minimumCapacity(final long maxLength)
    {
        long capacity = ChannelHeaderDescriptor.MIN_CAPACITY;
        while (largestPayload(capacity) < maxLength && capacity < Kekbit.maxCapacity() / 2)
        {
            capacity *= 2;
        }
        return capacity;
    }

    static long maxCapacity()
    {
        return Kekbit.maxCapacity();
    }

    static void checkName(final String prefix, final String name)
    {
        if (name == null || !name.matches(NAME_PATTERN))
        {
            throw new InvalidKekbitPropertyException(prefix + "[" + name + "]", name, NAME_ALLOWED, "invalid name");
        }
    }

    private static void validateWriter(
        final String name, final WriterProperties writer, final Map<Long, String> seen, final boolean journalAvailable)
    {
        checkName("kekbit.writers", name);
        final String prefix = "kekbit.writers." + name + ".";
        final boolean roll = writer.getRoll().isEnabled();
        final long channelId =
            channelId(prefix + "channel-id", writer.getChannelId(), roll ? JOURNAL_IDS : CHANNEL_IDS);
        if (roll)
        {
            checkJournalId(prefix + "channel-id", writer.getChannelId(), channelId);
        }
        final String other = seen.putIfAbsent(channelId, name);
        if (other != null)
        {
            throw new InvalidKekbitPropertyException(prefix + "channel-id", writer.getChannelId(),
                roll ? "a journal id no other roll writer uses" : "a channel id no other writer uses",
                "writer '" + other + "' already writes this " + (roll ? "journal" : "channel"));
        }
        final long capacity = writer.getCapacity() == null ? -1 : writer.getCapacity().toBytes();
        final long max = maxCapacity();
        if (capacity < ChannelHeaderDescriptor.MIN_CAPACITY || capacity > max)
        {
            throw new InvalidKekbitPropertyException(prefix + "capacity", writer.getCapacity(),
                ChannelHeaderDescriptor.MIN_CAPACITY + "B (16KB) to " + max + "B on this JDK (Java " +
                Runtime.version().feature() + ")", capacity < 0 ? "missing" : "out of range");
        }
        final long maxLength = maxMessageLength(writer);
        final long largest = largestPayload(capacity);
        if (writer.getMaxMessageLength() != null && (maxLength < 1 || maxLength > largest))
        {
            throw new InvalidKekbitPropertyException(prefix + "max-message-length", writer.getMaxMessageLength(),
                "1B to " + largest + "B for a capacity of " + size(capacity) + " (the format caps a record at " +
                "capacity / 128 - 8 bytes, length word included)", maxLength < 1 ? "too small" :
                "above what the capacity allows (larger records would be refused); raise the capacity to at least " +
                size(minimumCapacity(maxLength)) + " or lower max-message-length");
        }
        if (writer.getTimeout() == null || writer.getTimeout().isNegative())
        {
            throw new InvalidKekbitPropertyException(prefix + "timeout", writer.getTimeout(), "a positive duration",
                "invalid");
        }
        tickUnit(prefix + "tick-unit", writer.getTickUnit());
        if (writer.getHeartbeatInterval() == null || writer.getHeartbeatInterval().isNegative() ||
            (!writer.getTimeout().isZero() && writer.getHeartbeatInterval().compareTo(writer.getTimeout()) >= 0))
        {
            throw new InvalidKekbitPropertyException(prefix + "heartbeat-interval", writer.getHeartbeatInterval(),
                "0 to disable, or a duration shorter than the timeout (" + duration(writer.getTimeout()) + ")",
                "readers would time out between heartbeats");
        }
        if (roll)
        {
            validateRoll(prefix + "roll.", writer.getRoll(), journalAvailable);
        }
    }

    private static void validateRoll(
        final String prefix, final KekbitProperties.Roll roll, final boolean journalAvailable)
    {
        if (!journalAvailable)
        {
            throw new InvalidKekbitPropertyException(prefix + "enabled", true,
                "false, or add io.kekbit:kekbit-journal to the class path (kekbit-spring-boot-starter brings it)",
                "kekbit-journal is not on the class path");
        }
        if (roll.getPreallocatedSegments() < 1 || roll.getPreallocatedSegments() > 16)
        {
            throw new InvalidKekbitPropertyException(prefix + "preallocated-segments",
                roll.getPreallocatedSegments(), "1 to 16", "out of range");
        }
        final KekbitProperties.Retention retention = roll.getRetention();
        if (retention.getMaxSegments() < 0)
        {
            throw new InvalidKekbitPropertyException(prefix + "retention.max-segments", retention.getMaxSegments(),
                "0 (keep all) or more", "negative");
        }
        if (retention.getMaxSize() != null && retention.getMaxSize().isNegative())
        {
            throw new InvalidKekbitPropertyException(prefix + "retention.max-size", retention.getMaxSize(),
                "0B (keep all) or more", "negative");
        }
        if (retention.getMaxAge() != null && (retention.getMaxAge().isNegative() || retention.getMaxAge().isZero()))
        {
            throw new InvalidKekbitPropertyException(prefix + "retention.max-age", retention.getMaxAge(),
                "a positive duration, or unset to keep all", "not positive");
        }
        if (retention.getInterval() == null || retention.getInterval().isNegative() ||
            retention.getInterval().isZero())
        {
            throw new InvalidKekbitPropertyException(prefix + "retention.interval", retention.getInterval(),
                "a positive duration", "not positive");
        }
    }

    private static void checkJournalId(final String property, final String written, final long id)
    {
        if (Long.compareUnsigned(id, 1) < 0 || Long.compareUnsigned(id, MAX_JOURNAL_ID) > 0)
        {
            throw new InvalidKekbitPropertyException(property, written, JOURNAL_IDS, "not a journal id");
        }
    }

    private static void validateReader(
        final String name, final KekbitReaderProperties reader, final boolean journalAvailable)
    {
        checkName("kekbit.readers", name);
        final String prefix = "kekbit.readers." + name + ".";
        final long channelId = channelId(prefix + "channel-id", reader.getChannelId(),
            reader.isRoll() ? JOURNAL_IDS : CHANNEL_IDS);
        if (reader.isRoll())
        {
            if (!journalAvailable)
            {
                throw new InvalidKekbitPropertyException(prefix + "roll", true,
                    "false, or add io.kekbit:kekbit-journal to the class path (kekbit-spring-boot-starter brings it)",
                    "kekbit-journal is not on the class path");
            }
            checkJournalId(prefix + "channel-id", reader.getChannelId(), channelId);
        }
        if (reader.getDurableName() != null && !reader.getDurableName().matches(NAME_PATTERN))
        {
            throw new InvalidKekbitPropertyException(prefix + "durable-name", reader.getDurableName(), NAME_ALLOWED,
                "invalid name");
        }
    }
}
