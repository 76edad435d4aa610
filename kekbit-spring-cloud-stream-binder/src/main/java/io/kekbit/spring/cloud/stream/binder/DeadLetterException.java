package io.kekbit.spring.cloud.stream.binder;

/**
 * A record could not be written to its dead-letter destination; the consumer stops with the record unconsumed rather
 * than lose it. Thread-safe (immutable).
 */
public class DeadLetterException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the dead-letter destination.
     * @param cause   the write failure.
     */
    public DeadLetterException(final String message, final Throwable cause)
    {
        super(message, cause);
    }

    /**
     * Whether a dead-letter failure is in a cause chain.
     *
     * @param exception the exception.
     * @return true when one of its causes is a {@link DeadLetterException}.
     */
    static boolean isCause(final Throwable exception)
    {
        return find(exception) != null;
    }

    /**
     * The dead-letter failure in a cause chain.
     *
     * @param exception the exception.
     * @return the first {@link DeadLetterException} among its causes, or null.
     */
    static DeadLetterException find(final Throwable exception)
    {
        return Causes.find(exception, DeadLetterException.class);
    }
}
