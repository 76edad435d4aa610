package io.kekbit.benchmarks.jmh;

/**
 * Decides before each JMH iteration whether a write benchmark starts on a fresh channel (a kekbit channel is not
 * circular). It remembers the most bytes one iteration has written so far and rolls when less than three times that
 * (plus {@link #MARGIN}) is left, or less than {@link #ROLL_BELOW}, whichever is smaller (before the first iteration
 * has been measured: {@link #ROLL_BELOW}). Short iterations then use most of a channel before paying for a new one
 * (creating a pre-faulted 1.5 GiB channel takes seconds), while 50 ms iterations at 256 B roll as before. Not
 * thread-safe: used from JMH's iteration set-up only.
 */
final class RollPolicy
{
    /** Channel capacity: 1.5 GiB, within what a Java 17 mapping can address. */
    static final long CAPACITY = 3L << 29;
    /**
     * The most that must be left before any iteration: 1.1 GiB, enough for a 50 ms iteration at 22 GB/s, so a fast
     * writer never meets a full channel (and pays for creating one) inside a measurement.
     */
    static final long ROLL_BELOW = CAPACITY / 4 * 3;
    /** Added to three times the busiest iteration. */
    static final long MARGIN = 64L << 20;

    private long busiest;
    private long availableAtStart = -1;

    /**
     * Called before an iteration with what is left in the current channel.
     *
     * @param available bytes left in the channel.
     * @return whether to start on a fresh channel.
     */
    boolean shouldRoll(final long available)
    {
        if (availableAtStart >= available)
        {
            busiest = Math.max(busiest, availableAtStart - available);
        }
        return available < threshold();
    }

    /**
     * Called once the iteration's channel is chosen.
     *
     * @param available bytes left in the channel the iteration starts with.
     */
    void started(final long available)
    {
        availableAtStart = available;
    }

    /**
     * Bytes that must be left before an iteration.
     *
     * @return the threshold.
     */
    long threshold()
    {
        return busiest == 0 ? ROLL_BELOW : Math.min(ROLL_BELOW, 3 * busiest + MARGIN);
    }
}
