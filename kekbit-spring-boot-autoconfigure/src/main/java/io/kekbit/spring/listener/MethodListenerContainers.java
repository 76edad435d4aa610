package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.util.Objects;

import io.kekbit.spring.core.KekbitMessageConverter;

/**
 * Builds {@link KekbitListenerContainer}s for endpoints that integrations create in code rather than with
 * {@link KekbitListener} (the Spring Cloud Stream binder): the same container, invoker and error handling as an
 * annotated listener. The caller owns the container: it starts and stops it, and calls {@link #destroy} once it is
 * stopped for good. Thread-safe (stateless).
 */
public final class MethodListenerContainers
{
    private MethodListenerContainers()
    {
    }

    /**
     * Creates a container that calls a method for each record, as a {@link KekbitListener} method is called.
     *
     * @param endpoint     what to read and how.
     * @param bean         the object holding the method.
     * @param method       a method returning void whose parameters a {@link KekbitListener} method may have.
     * @param converter    converter for POJO payloads; may be null when the method needs none.
     * @param envelope     whether the records carry the kekbit envelope.
     * @param errorHandler decides what happens to a record whose method threw.
     * @return the container, not started.
     * @throws IllegalStateException when the method's signature is not supported; the message names the method.
     */
    public static KekbitListenerContainer create(
        final KekbitListenerEndpoint endpoint,
        final Object bean,
        final Method method,
        final KekbitMessageConverter converter,
        final boolean envelope,
        final KekbitErrorHandler errorHandler)
    {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(errorHandler, "errorHandler");
        final KekbitRecordInvoker invoker = new KekbitRecordInvoker(bean, method, endpoint.channelName(),
            endpoint.channelId(), converter, envelope);
        return new KekbitListenerContainer(endpoint, invoker, errorHandler);
    }

    /**
     * Releases what a stopped container keeps open for lag metrics (its probe reader's mapping).
     *
     * @param container a container created by {@link #create}, stopped.
     */
    public static void destroy(final KekbitListenerContainer container)
    {
        container.destroy();
    }
}
