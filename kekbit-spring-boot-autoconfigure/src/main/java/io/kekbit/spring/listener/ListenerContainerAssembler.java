package io.kekbit.spring.listener;

import java.lang.reflect.Method;

import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.spring.core.KekbitTemplate;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.validation.Validator;

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
    private final KekbitRecordFilterStrategy defaultFilter;
    private final Validator validator;

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
        this.defaultFilter = beanFactory.getBeanProvider(KekbitRecordFilterStrategy.class).getIfUnique();
        this.validator = beanFactory.getBeanProvider(Validator.class).getIfUnique();
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
            factory.checkNotShared(idle, endpoint.id(), "idle strategy bean '" + idleName + "'");
        }
        else if (idleName.isEmpty())
        {
            idle = factory.defaultIdleStrategy(endpoint.id());
        }
        return factory.createListenerContainer(endpoint, invoker(source, endpoint), errorHandler(source), idle);
    }

    /**
     * Analyses the method once: a batch or record invoker, with its filter, its {@code @SendTo} reply and payload
     * validation.
     */
    private KekbitRecordInvoker invoker(
        final MethodKekbitListenerEndpoint source, final KekbitListenerEndpoint endpoint)
    {
        final Method method = source.getMethod();
        final String replyWriter = source.getSendTo();
        final boolean returnsValue = method.getReturnType() != void.class && method.getReturnType() != Void.class;
        if (replyWriter == null && returnsValue)
        {
            throw new IllegalStateException("a @KekbitListener method that returns a value (" +
                method.getGenericReturnType().getTypeName() + ") needs @SendTo(\"<writer>\") naming the writer its " +
                "result is sent to; or return void and send with KekbitTemplate");
        }
        if (replyWriter != null && !returnsValue)
        {
            throw new IllegalStateException("@SendTo on a method that returns void: there is no result to send; " +
                "return the reply (a payload or a Message) or remove @SendTo");
        }
        final String filterName = source.getFilter();
        final KekbitRecordFilterStrategy filter = filterName.isEmpty() ? defaultFilter :
            "none".equals(filterName) ? null : filterBean(filterName);
        final boolean envelope = resolver.isEnvelope(endpoint.channelName());
        if (isBatch(source.getBatch()))
        {
            if (replyWriter != null)
            {
                throw new IllegalStateException("@SendTo is not supported on a batch listener (batch = \"true\"); " +
                    "send results with KekbitTemplate");
            }
            return new KekbitRecordInvoker(new BatchRecordInvoker(source.getBean(), method, endpoint.id(),
                endpoint.channelName(), endpoint.channelId(), resolver.messageConverter(), envelope, filter));
        }
        final ListenerReply reply = replyWriter == null ? null : new ListenerReply(template(replyWriter),
            replyWriter, endpoint.id(), endpoint.channelName(), endpoint.channelId());
        return new KekbitRecordInvoker(source.getBean(), method, endpoint.channelName(), endpoint.channelId(),
            resolver.messageConverter(), envelope, endpoint.id(), filter, reply, validator);
    }

    private static boolean isBatch(final String batch)
    {
        if (batch.isEmpty() || "false".equalsIgnoreCase(batch))
        {
            return false;
        }
        if ("true".equalsIgnoreCase(batch))
        {
            return true;
        }
        throw new IllegalStateException("batch: expected true or false, actual '" + batch + "'");
    }

    private KekbitTemplate template(final String replyWriter)
    {
        final KekbitTemplate template = beanFactory.getBeanProvider(KekbitTemplate.class).getIfUnique();
        if (template == null)
        {
            throw new IllegalStateException("@SendTo(\"" + replyWriter + "\") needs a unique KekbitTemplate bean " +
                "to send the result");
        }
        try
        {
            template.writer(replyWriter);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("@SendTo: " + ex.getMessage(), ex);
        }
        return template;
    }

    private KekbitRecordFilterStrategy filterBean(final String name)
    {
        if (!beanFactory.containsBean(name) || !beanFactory.isTypeMatch(name, KekbitRecordFilterStrategy.class))
        {
            throw new IllegalStateException("filter: no KekbitRecordFilterStrategy bean named '" + name + "'");
        }
        return beanFactory.getBean(name, KekbitRecordFilterStrategy.class);
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
}
