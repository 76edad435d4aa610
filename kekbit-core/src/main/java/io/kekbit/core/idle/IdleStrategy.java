package io.kekbit.core.idle;

/**
 * What a polling thread does between polls. Call {@link #idle(int)} with the work count of each poll: it resets on
 * work and idles when there was none. Implementations keep per-thread state and are <b>not thread-safe</b>: use one
 * instance per polling thread.
 */
public interface IdleStrategy
{
    /**
     * Idles if {@code workCount} is zero, resets otherwise.
     *
     * @param workCount work done in the last poll (records, bytes, ...).
     */
    default void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    /**
     * Idles once, unconditionally.
     */
    void idle();

    /**
     * Resets any back-off state after work was done.
     */
    void reset();

    /**
     * Creates an idle strategy by name, for configuration: {@code busy-spin}, {@code yield}, {@code backoff},
     * {@code sleep} (1 ms) or {@code sleep-<millis>ms}.
     *
     * @param name the name, case-insensitive.
     * @return a new strategy.
     * @throws IllegalArgumentException when the name is unknown.
     */
    static IdleStrategy of(final String name)
    {
        final String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        switch (n)
        {
            case "busy-spin":
            case "busyspin":
                return new BusySpinIdleStrategy();
            case "yield":
            case "yielding":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy();
            case "sleep":
            case "sleeping":
                return new SleepingIdleStrategy(1_000_000L);
            default:
                if (n.matches("sleep-\\d+ms"))
                {
                    return new SleepingIdleStrategy(Long.parseLong(n.substring(6, n.length() - 2)) * 1_000_000L);
                }
                throw new IllegalArgumentException(
                    "unknown idle strategy (allowed: busy-spin, yield, backoff, sleep, sleep-<n>ms): name=" + name);
        }
    }
}
