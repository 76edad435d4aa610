package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
     *                                        duplicate id); the message names the method.
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
        for (final Found listener : all)
        {
            final KekbitListener annotation = listener.annotation();
            final Method method = AopUtils.selectInvocableMethod(listener.method(), listener.bean().getClass());
            try
            {
                if (method.getReturnType() != void.class)
                {
                    throw new IllegalStateException("a @KekbitListener method must return void, not " +
                        method.getReturnType().getName() + ": nothing writes its return value (@SendTo is not " +
                        "supported); send results with KekbitTemplate");
                }
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
                final KekbitRecordInvoker invoker = new KekbitRecordInvoker(listener.bean(), method,
                    endpoint.channelName(), endpoint.channelId(), configurer.messageConverter(),
                    configurer.isEnvelope(endpoint.channelName()));
                registry.registerListenerContainer(new KekbitListenerContainer(endpoint, invoker, errorHandler));
            }
            catch (final RuntimeException ex)
            {
                throw new InvalidKekbitListenerException(method.toGenericString() + " of bean '" +
                    listener.beanName() + "'", ex.getMessage(), ex);
            }
        }
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
