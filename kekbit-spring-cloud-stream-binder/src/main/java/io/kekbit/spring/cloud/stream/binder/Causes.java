package io.kekbit.spring.cloud.stream.binder;

/**
 * Looks through an exception's cause chain, which Spring's messaging and the listener container wrap around what the
 * binder throws. Thread-safe (stateless).
 */
final class Causes
{
    private Causes()
    {
    }

    /**
     * The first exception of a type in a cause chain, the exception itself included.
     *
     * @param exception where to start; may be null.
     * @param type      the type looked for.
     * @param <T>       the type.
     * @return the exception found, or null.
     */
    static <T extends Throwable> T find(final Throwable exception, final Class<T> type)
    {
        Throwable cause = exception;
        while (cause != null)
        {
            if (type.isInstance(cause))
            {
                return type.cast(cause);
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return null;
    }
}
