package io.kekbit.spring.listener;

/**
 * Published when a container stops by itself, at the moment it does: the error handler gave up on a record, the
 * listener threw a JVM error, the channel could not be opened, or the channel ended and the listener does not wait
 * for a new one. A {@link KekbitListenerContainerStoppedEvent} follows once the poll thread has ended. Thread-safe
 * (immutable).
 */
public final class KekbitListenerContainerFailedEvent extends KekbitListenerContainerEvent
{
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final KekbitMessageListenerContainer.StopReason stopReason;
    private final transient Throwable cause;

    /**
     * Creates the event.
     *
     * @param container  the failed container.
     * @param reason     why, in words.
     * @param stopReason the kind of failure.
     * @param cause      the exception behind it, or null.
     */
    public KekbitListenerContainerFailedEvent(
        final KekbitMessageListenerContainer container,
        final String reason,
        final KekbitMessageListenerContainer.StopReason stopReason,
        final Throwable cause)
    {
        super(container);
        this.reason = reason;
        this.stopReason = stopReason;
        this.cause = cause;
    }

    /**
     * Why the container failed, in words (also {@link KekbitMessageListenerContainer#getReason()}).
     *
     * @return the reason.
     */
    public String getReason()
    {
        return reason;
    }

    /**
     * The kind of failure.
     *
     * @return {@code ERROR_HANDLER}, {@code FAILURE} or {@code CHANNEL_ENDED}.
     */
    public KekbitMessageListenerContainer.StopReason getStopReason()
    {
        return stopReason;
    }

    /**
     * The exception behind the failure.
     *
     * @return the exception, or null when there was none (a channel that ended, a channel that never appeared).
     */
    public Throwable getCause()
    {
        return cause;
    }

    @Override
    public String toString()
    {
        return "KekbitListenerContainerFailedEvent{listener=" + getListenerId() + ", stopReason=" + stopReason +
            ", reason=" + reason + "}";
    }
}
