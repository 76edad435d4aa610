package io.kekbit.spring.autoconfigure;

import java.time.Duration;

import io.kekbit.spring.listener.StartFrom;

import org.springframework.boot.context.properties.NestedConfigurationProperty;

/** Listener container defaults, {@code kekbit.listener.*}. Not thread-safe. */
public class KekbitListenerProperties
{
    /**
     * Idle strategy of listener threads: busy-spin, yield, backoff, sleep or sleep-<n>ms.
     */
    private String idleStrategy = "backoff";

    /**
     * Whether listener containers start with the application context.
     */
    private boolean autoStartup = true;

    /**
     * Most records handled per poll; the durable position is saved after each poll.
     */
    private int maxRecordsPerPoll = 64;

    /**
     * Where listeners start when their channel is not a configured reader.
     */
    private StartFrom startFrom = StartFrom.DURABLE;

    /**
     * How long a listener waits for its channel to appear before it stops (state FAILED, health DOWN); unset: it
     * waits until the channel appears (health UP, with the reason), logging once that it waits.
     */
    private Duration waitTimeout;

    /**
     * How long a blocking stop (stop(), registry.stop(id)) waits for a listener thread to finish the record in hand;
     * at shutdown Spring waits up to spring.lifecycle.timeout-per-shutdown-phase instead.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * Retry of records whose listener threw.
     */
    @NestedConfigurationProperty
    private final KekbitRetryProperties retry = new KekbitRetryProperties();

    /**
     * Writer name (a key of kekbit.writers) that receives a copy of records that failed every attempt.
     */
    private String deadLetter;

    /**
     * Whether a listener stops, instead of skipping the record, once a record failed every attempt.
     */
    private boolean stopOnError = false;

    /**
     * Whether a listener whose channel was closed, filled or timed out waits for the channel to be re-created
     * (and reads the new channel from its start) instead of stopping.
     */
    private boolean awaitRecreate = false;

    /**
     * Whether every delivery to a listener is a Micrometer observation (kekbit.listener), continuing the trace
     * of the send on enveloped channels.
     */
    private boolean observationEnabled = false;

    /**
     * Whether deliveries are observed.
     *
     * @return true when observed.
     */
    public boolean isObservationEnabled()
    {
        return observationEnabled;
    }

    /**
     * Sets whether deliveries are observed.
     *
     * @param observationEnabled true to observe.
     */
    public void setObservationEnabled(final boolean observationEnabled)
    {
        this.observationEnabled = observationEnabled;
    }

    /**
     * How long a listener must receive no record before a KekbitListenerContainerIdleEvent is published (and
     * again after each further interval while it stays idle); unset: no idle events.
     */
    private Duration idleEventInterval;

    /**
     * Interval of idle events.
     *
     * @return the interval, or null for none.
     */
    public Duration getIdleEventInterval()
    {
        return idleEventInterval;
    }

    /**
     * Sets the interval of idle events.
     *
     * @param idleEventInterval the interval, or null for none.
     */
    public void setIdleEventInterval(final Duration idleEventInterval)
    {
        this.idleEventInterval = idleEventInterval;
    }

    /**
     * Whether a listener waits for its channel to be re-created.
     *
     * @return true to wait.
     */
    public boolean isAwaitRecreate()
    {
        return awaitRecreate;
    }

    /**
     * Sets whether a listener waits for its channel to be re-created.
     *
     * @param awaitRecreate true to wait.
     */
    public void setAwaitRecreate(final boolean awaitRecreate)
    {
        this.awaitRecreate = awaitRecreate;
    }

    /**
     * Idle strategy name.
     *
     * @return the name.
     */
    public String getIdleStrategy()
    {
        return idleStrategy;
    }

    /**
     * Sets the idle strategy name.
     *
     * @param idleStrategy busy-spin, yield, backoff, sleep or sleep-&lt;n&gt;ms.
     */
    public void setIdleStrategy(final String idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    /**
     * Whether containers start automatically.
     *
     * @return true to start with the context.
     */
    public boolean isAutoStartup()
    {
        return autoStartup;
    }

    /**
     * Sets whether containers start automatically.
     *
     * @param autoStartup true to start with the context.
     */
    public void setAutoStartup(final boolean autoStartup)
    {
        this.autoStartup = autoStartup;
    }

    /**
     * Records per poll.
     *
     * @return the batch size.
     */
    public int getMaxRecordsPerPoll()
    {
        return maxRecordsPerPoll;
    }

    /**
     * Sets records per poll.
     *
     * @param maxRecordsPerPoll the batch size, at least 1.
     */
    public void setMaxRecordsPerPoll(final int maxRecordsPerPoll)
    {
        this.maxRecordsPerPoll = maxRecordsPerPoll;
    }

    /**
     * Default start position.
     *
     * @return where to start.
     */
    public StartFrom getStartFrom()
    {
        return startFrom;
    }

    /**
     * Sets the default start position.
     *
     * @param startFrom where to start.
     */
    public void setStartFrom(final StartFrom startFrom)
    {
        this.startFrom = startFrom;
    }

    /**
     * Default wait for the channel.
     *
     * @return the wait timeout.
     */
    public Duration getWaitTimeout()
    {
        return waitTimeout;
    }

    /**
     * Sets the default wait for the channel.
     *
     * @param waitTimeout the wait timeout.
     */
    public void setWaitTimeout(final Duration waitTimeout)
    {
        this.waitTimeout = waitTimeout;
    }

    /**
     * Shutdown timeout.
     *
     * @return the timeout.
     */
    public Duration getShutdownTimeout()
    {
        return shutdownTimeout;
    }

    /**
     * Sets the shutdown timeout.
     *
     * @param shutdownTimeout the timeout.
     */
    public void setShutdownTimeout(final Duration shutdownTimeout)
    {
        this.shutdownTimeout = shutdownTimeout;
    }

    /**
     * Retry settings.
     *
     * @return the retry settings.
     */
    public KekbitRetryProperties getRetry()
    {
        return retry;
    }

    /**
     * Dead-letter writer name.
     *
     * @return the writer name, or null when none.
     */
    public String getDeadLetter()
    {
        return deadLetter;
    }

    /**
     * Sets the dead-letter writer name.
     *
     * @param deadLetter a key of kekbit.writers.
     */
    public void setDeadLetter(final String deadLetter)
    {
        this.deadLetter = deadLetter;
    }

    /**
     * Whether a listener stops after a record failed every attempt.
     *
     * @return true to stop.
     */
    public boolean isStopOnError()
    {
        return stopOnError;
    }

    /**
     * Sets whether a listener stops after a record failed every attempt.
     *
     * @param stopOnError true to stop.
     */
    public void setStopOnError(final boolean stopOnError)
    {
        this.stopOnError = stopOnError;
    }
}
