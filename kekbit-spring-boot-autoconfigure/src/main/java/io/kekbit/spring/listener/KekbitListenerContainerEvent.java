package io.kekbit.spring.listener;

import org.springframework.context.ApplicationEvent;

/**
 * Base of the events a {@link KekbitMessageListenerContainer} publishes. The source is the container. Events are
 * published on the container's poll thread: an {@code @EventListener} that blocks delays the listener. Thread-safe
 * (immutable).
 */
public abstract class KekbitListenerContainerEvent extends ApplicationEvent
{
    private static final long serialVersionUID = 1L;

    /**
     * Creates an event.
     *
     * @param container the container publishing it.
     */
    protected KekbitListenerContainerEvent(final KekbitMessageListenerContainer container)
    {
        super(container);
    }

    /**
     * The container publishing the event.
     *
     * @return the container.
     */
    public KekbitMessageListenerContainer getContainer()
    {
        return (KekbitMessageListenerContainer)getSource();
    }

    /**
     * Id of the listener.
     *
     * @return the listener id.
     */
    public String getListenerId()
    {
        return getContainer().getListenerId();
    }
}
