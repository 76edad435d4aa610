package io.kekbit.spring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Retry back-off of failed records, {@code kekbit.listener.retry.*}. Not thread-safe. */
public class KekbitRetryProperties
{
    /**
     * Total delivery attempts of a record whose listener throws, first delivery included.
     */
    private int maxAttempts = 3;

    /**
     * Delay before the first retry.
     */
    private Duration initialInterval = Duration.ofMillis(100);

    /**
     * Factor applied to the delay after each retry; 1 keeps it fixed.
     */
    private double multiplier = 1.0;

    /**
     * Longest delay between two attempts.
     */
    private Duration maxInterval = Duration.ofSeconds(10);

    /**
     * Exception types (class names) a record is delivered once for, without retry, before it is skipped,
     * dead-lettered or stops the container; a cause of one of these types counts too. Conversion errors are
     * never retried. JVM errors (OutOfMemoryError, StackOverflowError, LinkageError) always stop the container.
     */
    private List<Class<? extends Throwable>> notRetryable = new ArrayList<>();

    /**
     * Delivery attempts.
     *
     * @return the attempts, at least 1.
     */
    public int getMaxAttempts()
    {
        return maxAttempts;
    }

    /**
     * Sets the delivery attempts.
     *
     * @param maxAttempts the attempts, at least 1.
     */
    public void setMaxAttempts(final int maxAttempts)
    {
        this.maxAttempts = maxAttempts;
    }

    /**
     * First delay.
     *
     * @return the delay.
     */
    public Duration getInitialInterval()
    {
        return initialInterval;
    }

    /**
     * Sets the first delay.
     *
     * @param initialInterval the delay.
     */
    public void setInitialInterval(final Duration initialInterval)
    {
        this.initialInterval = initialInterval;
    }

    /**
     * Delay multiplier.
     *
     * @return the multiplier.
     */
    public double getMultiplier()
    {
        return multiplier;
    }

    /**
     * Sets the delay multiplier.
     *
     * @param multiplier the multiplier, at least 1.
     */
    public void setMultiplier(final double multiplier)
    {
        this.multiplier = multiplier;
    }

    /**
     * Longest delay.
     *
     * @return the delay.
     */
    public Duration getMaxInterval()
    {
        return maxInterval;
    }

    /**
     * Sets the longest delay.
     *
     * @param maxInterval the delay.
     */
    public void setMaxInterval(final Duration maxInterval)
    {
        this.maxInterval = maxInterval;
    }

    /**
     * Exception types delivered once, never retried (conversion errors always are).
     *
     * @return the types, in addition to conversion errors.
     */
    public List<Class<? extends Throwable>> getNotRetryable()
    {
        return notRetryable;
    }

    /**
     * Sets the exception types never retried.
     *
     * @param notRetryable class names, for example {@code java.lang.IllegalArgumentException}.
     */
    public void setNotRetryable(final List<Class<? extends Throwable>> notRetryable)
    {
        this.notRetryable = notRetryable;
    }
}
