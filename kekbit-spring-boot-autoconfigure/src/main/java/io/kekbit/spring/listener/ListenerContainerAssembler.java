package io.kekbit.spring.listener;

import java.util.IdentityHashMap;
import java.util.Map;

import io.kekbit.core.idle.BusySpinIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.core.idle.YieldingIdleStrategy;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;

/**
 * Turns a {@link MethodKekbitListenerEndpoint}, annotated or programmatic, into a container: resolves the settings
 * with the {@link KekbitListenerEndpointResolver}, picks the error handler and the idle strategy, analyses the method
 * once, and has the {@link KekbitListenerContainerFactory} create the container. Not thread-safe: used on the thread
 * that refreshes the context.
 */
final class ListenerContainerAssembler
{
    private final ConfigurableBeanFactory beanFactory;
    private final KekbitListenerEndpointResolver resolver;
    private final KekbitListenerContainerFactory factory;
    private final KekbitErrorHandler defaultErrorHandler;
    /** Idle strategy objects given to a container so far, with the listener that got each. */
    private final Map<IdleStrategy, String> idleOwners = new IdentityHashMap<>();

    ListenerContainerAssembler(
        final ConfigurableBeanFactory beanFactory,
        final KekbitListenerEndpointResolver resolver,
        final KekbitListenerContainerFactory factory)
    {
        this.beanFactory = beanFactory;
        this.resolver = resolver;
        this.factory = factory;
        final KekbitErrorHandler unique = beanFactory.getBeanProvider(KekbitErrorHandler.class).getIfUnique();
        this.defaultErrorHandler = unique != null ? unique : resolver.defaultErrorHandler();
    }

    /**
     * Creates the container of an endpoint.
     *
     * @param source the endpoint as registered.
     * @return the container, not started.
     * @throws IllegalStateException when a setting is invalid; the message names it.
     */
    KekbitListenerContainer assemble(final MethodKekbitListenerEndpoint source)
    {
        final String idleName = source.getIdleStrategy();
        final boolean idleBean = !idleName.isEmpty() && beanFactory.containsBean(idleName) &&
            beanFactory.isTypeMatch(idleName, IdleStrategy.class);
        final KekbitListenerEndpoint endpoint = resolver.resolve(source.getId(), source.getChannel(),
            source.getStartFrom(), idleBean ? "" : idleName, source.getAutoStartup());
        IdleStrategy idle = null;
        if (idleBean)
        {
            idle = beanFactory.getBean(idleName, IdleStrategy.class);
            checkNotShared(idle, endpoint.id(), "idle strategy bean '" + idleName + "'");
        }
        else if (idleName.isEmpty())
        {
            idle = factory.defaultIdleStrategy();
            if (idle != null)
            {
                checkNotShared(idle, endpoint.id(), "the default idle strategy (" + idle.getClass().getName() + ")");
            }
        }
        final KekbitRecordInvoker invoker = new KekbitRecordInvoker(source.getBean(), source.getMethod(),
            endpoint.channelName(), endpoint.channelId(), resolver.messageConverter(),
            resolver.isEnvelope(endpoint.channelName()));
        return factory.createListenerContainer(endpoint, invoker, errorHandler(source), idle);
    }

    private KekbitErrorHandler errorHandler(final MethodKekbitListenerEndpoint source)
    {
        final String handlerName = source.getErrorHandlerBeanName();
        final String deadLetter = source.getDeadLetter();
        final boolean handlerSet = !handlerName.isEmpty() || source.getErrorHandler() != null;
        if (!deadLetter.isEmpty())
        {
            if (handlerSet)
            {
                throw new IllegalStateException("deadLetter '" + deadLetter + "' and errorHandler '" +
                    (handlerName.isEmpty() ? source.getErrorHandler() : handlerName) + "' are exclusive: the " +
                    "dead-letter writer belongs to the default error handler; set one of them");
            }
            return resolver.deadLetterErrorHandler(deadLetter);
        }
        if (source.getErrorHandler() != null)
        {
            return source.getErrorHandler();
        }
        return handlerName.isEmpty() ? defaultErrorHandler : beanFactory.getBean(handlerName, KekbitErrorHandler.class);
    }

    /**
     * An idle strategy keeps per-thread state, so one object may serve one container only, unless it has no state.
     */
    private void checkNotShared(final IdleStrategy idle, final String listenerId, final String what)
    {
        if (idle instanceof BusySpinIdleStrategy || idle instanceof YieldingIdleStrategy ||
            idle instanceof SleepingIdleStrategy)
        {
            return;
        }
        final String owner = idleOwners.putIfAbsent(idle, listenerId);
        if (owner != null)
        {
            throw new IllegalStateException(what + " is one object shared by listeners '" + owner + "' and '" +
                listenerId + "', but an idle strategy keeps per-thread state: declare the bean " +
                "@Scope(\"prototype\") so that each listener gets its own");
        }
    }
}
