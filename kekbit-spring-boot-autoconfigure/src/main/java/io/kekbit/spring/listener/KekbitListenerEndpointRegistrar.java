package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.springframework.messaging.Message;

/**
 * Collects the listeners to create: the {@link KekbitListener} methods and whatever {@link KekbitListenerConfigurer}
 * beans register. Once every configurer ran, each endpoint becomes a {@link KekbitListenerContainer} made by the
 * {@link KekbitListenerContainerFactory} and held by the {@link KekbitListenerEndpointRegistry}. Not thread-safe: used
 * on the thread that refreshes the context.
 */
public final class KekbitListenerEndpointRegistrar
{
    private static final Method ON_MESSAGE = listenerMethod(KekbitMessageListener.class, "onMessage", Message.class);
    private static final Method ON_RECORD = listenerMethod(KekbitRecordListener.class, "onRecord",
        java.nio.ByteBuffer.class, long.class);

    private final List<MethodKekbitListenerEndpoint> endpoints = new ArrayList<>();

    KekbitListenerEndpointRegistrar()
    {
    }

    /**
     * Registers an endpoint.
     *
     * @param endpoint the endpoint; it may still be configured until the containers are built.
     */
    public void registerEndpoint(final MethodKekbitListenerEndpoint endpoint)
    {
        endpoints.add(endpoint);
    }

    /**
     * Registers a listener that takes each record as a message.
     *
     * @param id       listener id.
     * @param channel  a key of {@code kekbit.readers} or {@code kekbit.writers}, or a channel id.
     * @param listener the listener.
     * @return the endpoint, to set more attributes (start position, error handler, ...).
     */
    public MethodKekbitListenerEndpoint registerListener(
        final String id, final String channel, final KekbitMessageListener listener)
    {
        return register(listener, ON_MESSAGE, id, channel);
    }

    /**
     * Registers a zero-copy listener.
     *
     * @param id       listener id.
     * @param channel  a key of {@code kekbit.readers} or {@code kekbit.writers}, or a channel id.
     * @param listener the listener.
     * @return the endpoint, to set more attributes (start position, error handler, ...).
     */
    public MethodKekbitListenerEndpoint registerListener(
        final String id, final String channel, final KekbitRecordListener listener)
    {
        return register(listener, ON_RECORD, id, channel);
    }

    /**
     * The endpoints registered so far.
     *
     * @return a snapshot, in registration order.
     */
    public List<MethodKekbitListenerEndpoint> getEndpoints()
    {
        return List.copyOf(endpoints);
    }

    private MethodKekbitListenerEndpoint register(
        final Object listener, final Method method, final String id, final String channel)
    {
        final MethodKekbitListenerEndpoint endpoint = new MethodKekbitListenerEndpoint(listener, method, id, channel)
            .description(method.getDeclaringClass().getSimpleName() + " '" + id + "' registered by a " +
                "KekbitListenerConfigurer");
        registerEndpoint(endpoint);
        return endpoint;
    }

    private static Method listenerMethod(final Class<?> type, final String name, final Class<?>... parameters)
    {
        try
        {
            return type.getMethod(name, parameters);
        }
        catch (final NoSuchMethodException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
}
