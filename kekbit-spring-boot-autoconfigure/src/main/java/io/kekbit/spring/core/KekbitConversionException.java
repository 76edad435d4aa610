package io.kekbit.spring.core;

/**
 * A payload could not be converted. Listener containers never retry a record that failed conversion.
 * Thread-safe (immutable).
 */
public class KekbitConversionException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what could not be converted, to which type.
     * @param cause   the converter's failure, or null.
     */
    public KekbitConversionException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
