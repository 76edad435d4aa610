package io.kekbit.core.idle;

/**
 * Calls {@link Thread#yield()}: low latency, lets other threads run on a busy core. Stateless and thread-safe.
 */
public final class YieldingIdleStrategy implements IdleStrategy
{
    /**
     * Creates the strategy.
     */
    public YieldingIdleStrategy()
    {
    }

    @Override
    public void idle()
    {
        Thread.yield();
    }

    @Override
    public void reset()
    {
    }
}
