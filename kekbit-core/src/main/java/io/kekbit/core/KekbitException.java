package io.kekbit.core;

/**
 * Root of the unchecked exceptions thrown by kekbit for cold-path failures (create, open, map, close).
 * Thread-safe (immutable).
 */
public class KekbitException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the file or value concerned.
     */
    public KekbitException(final String message)
    {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the file or value concerned.
     * @param cause   the underlying failure.
     */
    public KekbitException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
