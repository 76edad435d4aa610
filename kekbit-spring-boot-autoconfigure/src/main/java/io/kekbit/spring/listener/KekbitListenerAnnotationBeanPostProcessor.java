package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kekbit.spring.core.KekbitTemplate;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.log.LogAccessor;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.validation.Validator;

/**
 * Finds {@link KekbitListener} methods on beans and, once all singletons exist, builds a
 * {@link KekbitListenerContainer} for each and registers it with the {@link KekbitListenerEndpointRegistry}.
 * Classes without listener methods are remembered and skipped. Thread-safe.
 */
public class KekbitListenerAnnotationBeanPostProcessor
    implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitListenerAnnotationBeanPostProcessor.class);

    private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();
    private final List<Found> found = new ArrayList<>();
    private ConfigurableBeanFactory beanFactory;

    private record Found(String beanName, Object bean, Method method, KekbitListener annotation)
    {
    }

    /** {@inheritDoc} */
    @Override
    public void setBeanFactory(final BeanFactory beanFactory)
    {
        this.beanFactory = (ConfigurableBeanFactory)beanFactory;
    }

    /** {@inheritDoc} */
    @Override
    public Object postProcessAfterInitialization(final Object bean, final String beanName) throws BeansException
    {
        final Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (nonAnnotatedClasses.contains(targetClass))
        {
            return bean;
        }
        final Map<Method, KekbitListener> methods = MethodIntrospector.selectMethods(targetClass,
            (MethodIntrospector.MetadataLookup<KekbitListener>)method ->
                AnnotatedElementUtils.findMergedAnnotation(method, KekbitListener.class));
        if (methods.isEmpty())
        {
            nonAnnotatedClasses.add(targetClass);
            return bean;
        }
        synchronized (found)
        {
            methods.forEach((method, annotation) -> found.add(new Found(beanName, bean, method, annotation)));
        }
        LOGGER.debug(() -> methods.size() + " @KekbitListener method(s) on bean '" + beanName + "'");
        return bean;
    }

    /**
     * Builds and registers the containers of every listener method found.
     *
     * @throws InvalidKekbitListenerException when a listener is invalid (unsupported parameter, unknown channel,
     *                                        duplicate id, a return value without {@code @SendTo}, an unknown
     *                                        {@code @SendTo} writer or filter bean); the message names the method.
     */
    @Override
    public void afterSingletonsInstantiated()
    {
        final List<Found> all;
        synchronized (found)
        {
            all = new ArrayList<>(found);
            found.clear();
        }
        if (all.isEmpty())
        {
            return;
        }
        final KekbitListenerEndpointRegistry registry = beanFactory.getBean(KekbitListenerEndpointRegistry.class);
        final KekbitListenerConfigurer configurer = beanFactory.getBean(KekbitListenerConfigurer.class);
        KekbitErrorHandler defaultHandler = beanFactory.getBeanProvider(KekbitErrorHandler.class).getIfUnique();
        if (defaultHandler == null)
        {
            defaultHandler = configurer.defaultErrorHandler();
        }
        final KekbitRecordFilterStrategy defaultFilter =
            beanFactory.getBeanProvider(KekbitRecordFilterStrategy.class).getIfUnique();
        final Validator validator = beanFactory.getBeanProvider(Validator.class).getIfUnique();
        for (final Found listener : all)
        {
            final KekbitListener annotation = listener.annotation();
            final Method method = AopUtils.selectInvocableMethod(listener.method(), listener.bean().getClass());
            try
            {
                final String replyWriter = replyWriter(method);
                String id = resolve(annotation.id());
                if (id.isEmpty())
                {
                    id = defaultId(listener.beanName(), method.getName());
                }
                final KekbitListenerEndpoint endpoint = configurer.resolve(id, resolve(annotation.channel()),
                    resolve(annotation.startFrom()), resolve(annotation.idleStrategy()),
                    resolve(annotation.autoStartup()));
                final String handlerName = resolve(annotation.errorHandler());
                final String deadLetter = resolve(annotation.deadLetter());
                final KekbitErrorHandler errorHandler;
                if (!deadLetter.isEmpty())
                {
                    if (!handlerName.isEmpty())
                    {
                        throw new IllegalStateException("deadLetter '" + deadLetter + "' and errorHandler '" +
                            handlerName + "' are exclusive: the dead-letter writer belongs to the default error " +
                            "handler; set one of them");
                    }
                    errorHandler = configurer.deadLetterErrorHandler(deadLetter);
                }
                else
                {
                    errorHandler = handlerName.isEmpty() ? defaultHandler :
                        beanFactory.getBean(handlerName, KekbitErrorHandler.class);
                }
                final String filterName = resolve(annotation.filter());
                final KekbitRecordFilterStrategy filter = filterName.isEmpty() ? defaultFilter :
                    "none".equals(filterName) ? null : filterBean(filterName);
                final KekbitRecordInvoker invoker;
                if (isBatch(resolve(annotation.batch())))
                {
                    if (replyWriter != null)
                    {
                        throw new IllegalStateException("@SendTo is not supported on a batch listener (batch = " +
                            "\"true\"); send results with KekbitTemplate");
                    }
                    invoker = new KekbitRecordInvoker(new BatchRecordInvoker(listener.bean(), method, endpoint.id(),
                        endpoint.channelName(), endpoint.channelId(), configurer.messageConverter(),
                        configurer.isEnvelope(endpoint.channelName()), filter));
                }
                else
                {
                    invoker = new KekbitRecordInvoker(listener.bean(), method, endpoint.channelName(),
                        endpoint.channelId(), configurer.messageConverter(), configurer.isEnvelope(
                        endpoint.channelName()), endpoint.id(), filter, replyWriter == null ? null :
                        new ListenerReply(template(replyWriter), replyWriter, endpoint.id(), endpoint.channelName(),
                        endpoint.channelId()), validator);
                }
                registry.registerListenerContainer(new KekbitListenerContainer(endpoint, invoker, errorHandler));
            }
            catch (final RuntimeException ex)
            {
                throw new InvalidKekbitListenerException(method.toGenericString() + " of bean '" +
                    listener.beanName() + "'", ex.getMessage(), ex);
            }
        }
    }

    /**
     * The writer a method's return value goes to: null for a void method without {@code @SendTo}.
     *
     * @throws IllegalStateException when a method returns a value without {@code @SendTo}, or has {@code @SendTo}
     *                               but returns void or names no writer or several.
     */
    private String replyWriter(final Method method)
    {
        final SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
        final boolean returnsValue = method.getReturnType() != void.class && method.getReturnType() != Void.class;
        if (sendTo == null)
        {
            if (returnsValue)
            {
                throw new IllegalStateException("a @KekbitListener method that returns a value (" +
                    method.getGenericReturnType().getTypeName() + ") needs @SendTo(\"<writer>\") naming the writer " +
                    "its result is sent to; or return void and send with KekbitTemplate");
            }
            return null;
        }
        if (!returnsValue)
        {
            throw new IllegalStateException("@SendTo on a method that returns void: there is no result to send; " +
                "return the reply (a payload or a Message) or remove @SendTo");
        }
        final String[] writers = sendTo.value();
        if (writers.length != 1 || resolve(writers[0]).isEmpty())
        {
            throw new IllegalStateException("@SendTo must name exactly one writer (a key of kekbit.writers or a " +
                "Writer bean), actual " + java.util.Arrays.toString(writers));
        }
        return resolve(writers[0]);
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

    private String resolve(final String value)
    {
        final String resolved = beanFactory.resolveEmbeddedValue(value);
        return resolved == null ? "" : resolved.trim();
    }

    static String defaultId(final String beanName, final String methodName)
    {
        final String id = (beanName + "-" + methodName).replaceAll("[^A-Za-z0-9_-]", "_");
        return id.length() > 64 ? id.substring(id.length() - 64) : id;
    }
}
