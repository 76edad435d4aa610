package io.kekbit.spring.listener;

/**
 * Published when a listener received no record for {@code kekbit.listener.idle-event-interval}, and again after each
 * further interval while it stays idle (like Spring Kafka's {@code ListenerContainerIdleEvent}). Thread-safe
 * (immutable).
 */
public final class KekbitListenerContainerIdleEvent extends KekbitListenerContainerEvent
{
    private static final long serialVersionUID = 1L;

    private final long idleMillis;
    private final long position;

    /**
     * Creates the event.
     *
     * @param container  the idle container.
     * @param idleMillis how long it has received nothing, in milliseconds.
     * @param position   its position.
     */
    public KekbitListenerContainerIdleEvent(
        final KekbitMessageListenerContainer container, final long idleMillis, final long position)
    {
        super(container);
        this.idleMillis = idleMillis;
        this.position = position;
    }

    /**
     * How long the listener has received nothing.
     *
     * @return milliseconds since the last record, or since it started polling.
     */
    public long getIdleMillis()
    {
        return idleMillis;
    }

    /**
     * Where the listener waits for the next record.
     *
     * @return its position.
     */
    public long getPosition()
    {
        return position;
    }

    @Override
    public String toString()
    {
        return "KekbitListenerContainerIdleEvent{listener=" + getListenerId() + ", idleMillis=" + idleMillis +
            ", position=" + position + "}";
    }
}
