package io.kekbit.spring.cloud.stream.binder;

/**
 * Ends a retry that was waiting for its next attempt when its binding stops: the record stays unconsumed (the
 * binder's error handler stops the container without skipping or dead-lettering it), to be delivered again when the
 * group next starts. Thrown on the consumer's own thread.
 */
final class ConsumerStoppingException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    ConsumerStoppingException(final String binding)
    {
        super("binding '" + binding + "' stopped while the record waited for its next attempt; it stays unconsumed",
            null, false, false);
    }

    /**
     * Whether an exception is, or was caused by, a stop during a retry.
     *
     * @param exception what the container caught.
     * @return true when a {@link ConsumerStoppingException} is in its cause chain.
     */
    static boolean isCause(final Throwable exception)
    {
        return Causes.find(exception, ConsumerStoppingException.class) != null;
    }
}
