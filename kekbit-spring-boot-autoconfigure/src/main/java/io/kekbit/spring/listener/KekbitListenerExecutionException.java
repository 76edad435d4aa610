package io.kekbit.spring.listener;

/**
 * A listener method threw; the message names the method, the channel and the position. Thread-safe (immutable).
 */
public class KekbitListenerExecutionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the method, channel and position.
     * @param cause   what the method threw.
     */
    public KekbitListenerExecutionException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
