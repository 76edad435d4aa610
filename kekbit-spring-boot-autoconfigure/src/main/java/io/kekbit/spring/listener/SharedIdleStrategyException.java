package io.kekbit.spring.listener;

/**
 * Thrown when one stateful {@link io.kekbit.core.idle.IdleStrategy} object would be given to a second listener
 * container. An idle strategy keeps per-thread state, so each container needs its own: declare the bean
 * {@code @Scope("prototype")}. Immutable, so thread-safe.
 */
public final class SharedIdleStrategyException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is shared, by which listeners, and the fix.
     */
    public SharedIdleStrategyException(final String message)
    {
        super(message);
    }
}
