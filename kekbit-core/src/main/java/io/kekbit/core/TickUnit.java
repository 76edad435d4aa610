package io.kekbit.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Unit of the header's timeout and creation time. The id stored in the header is the power of ten:
 * a tick is {@code 10^-id} seconds. Thread-safe (immutable).
 */
public enum TickUnit
{
    /** Nanoseconds, id 9. */
    NANOS(9, 1L),
    /** Microseconds, id 6. */
    MICROS(6, 1_000L),
    /** Milliseconds, id 3. */
    MILLIS(3, 1_000_000L),
    /** Seconds, id 0. */
    SECS(0, 1_000_000_000L);

    /** Offset from {@link System#nanoTime()} to Unix epoch nanoseconds, fixed at class load (no allocation later). */
    private static final long EPOCH_NANOS_OFFSET;

    static
    {
        final Instant now = Instant.now();
        final long nano = System.nanoTime();
        EPOCH_NANOS_OFFSET = now.getEpochSecond() * 1_000_000_000L + now.getNano() - nano;
    }

    private final int id;
    private final long nanosPerTick;

    TickUnit(final int id, final long nanosPerTick)
    {
        this.id = id;
        this.nanosPerTick = nanosPerTick;
    }

    /**
     * The id stored in the header.
     *
     * @return 9, 6, 3 or 0.
     */
    public int id()
    {
        return id;
    }

    /**
     * Looks up a unit by its header id.
     *
     * @param id the stored id.
     * @return the unit.
     * @throws ChannelException with {@link ChannelError#INVALID_TICK_UNIT} when the id is not 0, 3, 6 or 9.
     */
    public static TickUnit fromId(final int id)
    {
        final TickUnit unit = fromIdOrNull(id);
        if (unit == null)
        {
            throw new ChannelException(ChannelError.INVALID_TICK_UNIT, null,
                "tick unit id: expected one of 9 (nanos), 6 (micros), 3 (millis), 0 (secs), actual " + id);
        }
        return unit;
    }

    /**
     * Looks up a unit by its header id.
     *
     * @param id the stored id.
     * @return the unit, or null when the id is unknown.
     */
    public static TickUnit fromIdOrNull(final int id)
    {
        switch (id)
        {
            case 9:
                return NANOS;
            case 6:
                return MICROS;
            case 3:
                return MILLIS;
            case 0:
                return SECS;
            default:
                return null;
        }
    }

    /**
     * Converts a duration to whole ticks of this unit, rounding down and saturating at {@link Long#MAX_VALUE}.
     *
     * @param duration a non-negative duration.
     * @return the number of ticks.
     */
    public long convert(final Duration duration)
    {
        final long seconds = duration.getSeconds();
        final long ticksPerSecond = 1_000_000_000L / nanosPerTick;
        if (seconds > Long.MAX_VALUE / ticksPerSecond)
        {
            return Long.MAX_VALUE;
        }
        return seconds * ticksPerSecond + duration.getNano() / nanosPerTick;
    }

    /**
     * Converts ticks of this unit (read as unsigned) to a duration.
     *
     * @param ticks the number of ticks.
     * @return the duration, saturated at the largest duration representable.
     */
    public Duration toDuration(final long ticks)
    {
        final long ticksPerSecond = 1_000_000_000L / nanosPerTick;
        final long seconds = Long.divideUnsigned(ticks, ticksPerSecond);
        if (seconds < 0)
        {
            return Duration.ofSeconds(Long.MAX_VALUE, 999_999_999L);
        }
        final long rest = Long.remainderUnsigned(ticks, ticksPerSecond);
        return Duration.ofSeconds(seconds, rest * nanosPerTick);
    }

    /**
     * Current Unix time in this unit. Does not allocate.
     *
     * @return ticks since 1970-01-01T00:00:00Z.
     */
    public long now()
    {
        if (this == MILLIS)
        {
            return System.currentTimeMillis();
        }
        if (this == SECS)
        {
            return System.currentTimeMillis() / 1000L;
        }
        return (System.nanoTime() + EPOCH_NANOS_OFFSET) / nanosPerTick;
    }

    /**
     * Unix time in this unit at a reading of {@link System#nanoTime()}, on the clock {@link #now()} uses for
     * {@link #NANOS} and {@link #MICROS} (fixed to the wall clock when the class loads). Does not allocate.
     *
     * @param nanoTime a value returned by {@link System#nanoTime()}.
     * @return ticks since 1970-01-01T00:00:00Z.
     */
    public long fromNanoTime(final long nanoTime)
    {
        return (nanoTime + EPOCH_NANOS_OFFSET) / nanosPerTick;
    }

    /**
     * The first {@link System#nanoTime()} reading at which {@link #fromNanoTime(long)} reaches {@code ticks}: the
     * inverse of {@link #fromNanoTime(long)}. Does not allocate.
     *
     * @param ticks Unix time in this unit, read as unsigned.
     * @return the reading, or {@link Long#MAX_VALUE} when it lies beyond what {@code System.nanoTime()} can reach.
     */
    public long toNanoTime(final long ticks)
    {
        if (ticks < 0 || ticks > Long.MAX_VALUE / nanosPerTick)
        {
            return Long.MAX_VALUE;
        }
        final long epochNanos = ticks * nanosPerTick;
        final long nanoTime = epochNanos - EPOCH_NANOS_OFFSET;
        if (((epochNanos ^ nanoTime) & (epochNanos ^ EPOCH_NANOS_OFFSET)) < 0)
        {
            return Long.MAX_VALUE;
        }
        return nanoTime;
    }
}
