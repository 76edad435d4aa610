package io.kekbit.core.idle;

import java.util.concurrent.locks.LockSupport;

/**
 * Parks for a fixed period: cheapest on CPU, adds up to the period to latency. Stateless and thread-safe.
 */
public final class SleepingIdleStrategy implements IdleStrategy
{
    private final long periodNanos;

    /**
     * Creates the strategy.
     *
     * @param periodNanos how long to park, at least 1 ns.
     * @throws IllegalArgumentException when the period is not positive.
     */
    public SleepingIdleStrategy(final long periodNanos)
    {
        if (periodNanos < 1)
        {
            throw new IllegalArgumentException("period must be positive: periodNanos=" + periodNanos);
        }
        this.periodNanos = periodNanos;
    }

    @Override
    public void idle()
    {
        LockSupport.parkNanos(periodNanos);
    }

    @Override
    public void reset()
    {
    }

    /**
     * The park period.
     *
     * @return nanoseconds.
     */
    public long periodNanos()
    {
        return periodNanos;
    }
}
