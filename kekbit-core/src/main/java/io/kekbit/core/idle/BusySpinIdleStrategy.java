package io.kekbit.core.idle;

/**
 * Spins with {@link Thread#onSpinWait()}: lowest latency, burns a whole core. Stateless and thread-safe.
 */
public final class BusySpinIdleStrategy implements IdleStrategy
{
    /**
     * Creates the strategy.
     */
    public BusySpinIdleStrategy()
    {
    }

    @Override
    public void idle()
    {
        Thread.onSpinWait();
    }

    @Override
    public void reset()
    {
    }
}
