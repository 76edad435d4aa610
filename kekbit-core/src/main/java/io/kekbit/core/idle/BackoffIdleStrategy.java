package io.kekbit.core.idle;

import java.util.concurrent.locks.LockSupport;

/**
 * Spins, then yields, then parks with a period doubling from {@code minParkNanos} to {@code maxParkNanos}: fast
 * when records flow, close to no CPU when idle. Not thread-safe: one instance per polling thread.
 */
public final class BackoffIdleStrategy implements IdleStrategy
{
    /** Default spins before yielding. */
    public static final int DEFAULT_MAX_SPINS = 100;
    /** Default yields before parking. */
    public static final int DEFAULT_MAX_YIELDS = 50;
    /** Default first park period: 1 µs. */
    public static final long DEFAULT_MIN_PARK_NANOS = 1_000L;
    /** Default longest park period: 1 ms. */
    public static final long DEFAULT_MAX_PARK_NANOS = 1_000_000L;

    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private int spins;
    private int yields;
    private long parkNanos;

    /**
     * Creates the strategy with the defaults.
     */
    public BackoffIdleStrategy()
    {
        this(DEFAULT_MAX_SPINS, DEFAULT_MAX_YIELDS, DEFAULT_MIN_PARK_NANOS, DEFAULT_MAX_PARK_NANOS);
    }

    /**
     * Creates the strategy.
     *
     * @param maxSpins     spins before yielding, at least 0.
     * @param maxYields    yields before parking, at least 0.
     * @param minParkNanos first park period, at least 1.
     * @param maxParkNanos longest park period, at least {@code minParkNanos}.
     * @throws IllegalArgumentException when a value is out of range.
     */
    public BackoffIdleStrategy(
        final int maxSpins, final int maxYields, final long minParkNanos, final long maxParkNanos)
    {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos < 1 || maxParkNanos < minParkNanos)
        {
            throw new IllegalArgumentException("invalid backoff: maxSpins=" + maxSpins + ", maxYields=" + maxYields +
                ", minParkNanos=" + minParkNanos + ", maxParkNanos=" + maxParkNanos);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    @Override
    public void idle()
    {
        if (spins < maxSpins)
        {
            spins++;
            Thread.onSpinWait();
        }
        else if (yields < maxYields)
        {
            yields++;
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset()
    {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }
}
