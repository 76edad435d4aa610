package io.kekbit.spring.listener;

/**
 * Decides what happens to a record whose {@link KekbitListener} method threw. A single bean of this type replaces
 * the default ({@link DefaultKekbitErrorHandler}); {@link KekbitListener#errorHandler()} picks one by bean name.
 * Implementations must be thread-safe: several listener threads may share one.
 */
@FunctionalInterface
public interface KekbitErrorHandler
{
    /** Result of {@link #handle}: move on to the next record. */
    long SKIP = -1;
    /** Result of {@link #handle}: stop the container, leaving the record unconsumed; health reports DOWN. */
    long STOP = -2;

    /**
     * Called on the listener thread after a delivery of a record threw.
     *
     * @param exception       what the listener (or argument conversion) threw.
     * @param record          the record; its buffer is valid only during this call.
     * @param deliveryAttempt 1 for the first delivery, 2 for the first retry, and so on.
     * @return a delay in milliseconds (>= 0) after which the record is delivered again, {@link #SKIP} or
     *         {@link #STOP}.
     */
    long handle(Exception exception, FailedRecord record, int deliveryAttempt);
}
