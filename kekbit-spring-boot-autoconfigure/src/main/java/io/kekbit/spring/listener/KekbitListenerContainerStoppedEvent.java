package io.kekbit.spring.listener;

/**
 * Published when a container's poll thread has ended, whatever the cause: {@link #getStopReason()} says whether it
 * was stopped ({@code NORMAL}), stopped by the error handler, failed, or its channel ended. Thread-safe (immutable).
 */
public final class KekbitListenerContainerStoppedEvent extends KekbitListenerContainerEvent
{
    private static final long serialVersionUID = 1L;

    private final KekbitMessageListenerContainer.StopReason stopReason;
    private final String reason;

    /**
     * Creates the event.
     *
     * @param container  the stopped container.
     * @param stopReason why it stopped.
     * @param reason     the reason in words, or null for a normal stop.
     */
    public KekbitListenerContainerStoppedEvent(
        final KekbitMessageListenerContainer container,
        final KekbitMessageListenerContainer.StopReason stopReason,
        final String reason)
    {
        super(container);
        this.stopReason = stopReason;
        this.reason = reason;
    }

    /**
     * Why the container stopped.
     *
     * @return the kind of stop.
     */
    public KekbitMessageListenerContainer.StopReason getStopReason()
    {
        return stopReason;
    }

    /**
     * Why the container stopped, in words.
     *
     * @return the reason, or null for a normal stop.
     */
    public String getReason()
    {
        return reason;
    }

    @Override
    public String toString()
    {
        return "KekbitListenerContainerStoppedEvent{listener=" + getListenerId() + ", stopReason=" + stopReason +
            ", reason=" + reason + "}";
    }
}
