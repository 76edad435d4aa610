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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.log.LogAccessor;
import org.springframework.messaging.handler.annotation.SendTo;

/**
 * Finds {@link KekbitListener} methods on beans and, once all singletons exist, registers an endpoint for each with a
 * {@link KekbitListenerEndpointRegistrar}, lets the {@link KekbitListenerConfigurer} beans register theirs, then
 * builds every container with the {@link KekbitListenerContainerFactory} and registers it with the
 * {@link KekbitListenerEndpointRegistry}.
 * Classes without listener methods are remembered and skipped. Thread-safe.
 */
public class KekbitListenerAnnotationBeanPostProcessor
    implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, ApplicationEventPublisherAware
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitListenerAnnotationBeanPostProcessor.class);

    private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();
    private final List<Found> found = new ArrayList<>();
    private ConfigurableBeanFactory beanFactory;
    private ApplicationEventPublisher eventPublisher;

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
    public void setApplicationEventPublisher(final ApplicationEventPublisher eventPublisher)
    {
        this.eventPublisher = eventPublisher;
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
     * Builds and registers the containers of every listener method found and of every endpoint the
     * {@link KekbitListenerConfigurer} beans register, all through the same {@link KekbitListenerContainerFactory}.
     *
     * @throws InvalidKekbitListenerException when a listener is invalid (unsupported parameter, unknown channel,
     *                                        duplicate id); the message names the method or the registered listener.
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
        final KekbitListenerEndpointRegistrar registrar = new KekbitListenerEndpointRegistrar();
        for (final Found listener : all)
        {
            final Method method = AopUtils.selectInvocableMethod(listener.method(), listener.bean().getClass());
            final String description = method.toGenericString() + " of bean '" + listener.beanName() + "'";
            try
            {
                registrar.registerEndpoint(endpoint(listener, method).description(description));
            }
            catch (final RuntimeException ex)
            {
                throw new InvalidKekbitListenerException(description, ex.getMessage(), ex);
            }
        }
        beanFactory.getBeanProvider(KekbitListenerConfigurer.class).orderedStream()
            .forEach(configurer -> configurer.configureKekbitListeners(registrar));
        final List<MethodKekbitListenerEndpoint> endpoints = registrar.getEndpoints();
        if (endpoints.isEmpty())
        {
            return;
        }
        final KekbitListenerEndpointRegistry registry = beanFactory.getBean(KekbitListenerEndpointRegistry.class);
        final ListenerContainerAssembler assembler = new ListenerContainerAssembler(beanFactory,
            beanFactory.getBean(KekbitListenerEndpointResolver.class),
            beanFactory.getBeanProvider(KekbitListenerContainerFactory.class).getIfAvailable(this::defaultFactory));
        for (final MethodKekbitListenerEndpoint endpoint : endpoints)
        {
            try
            {
                registry.registerListenerContainer(assembler.assemble(endpoint));
            }
            catch (final RuntimeException ex)
            {
                throw new InvalidKekbitListenerException(endpoint.getDescription(), ex.getMessage(), ex);
            }
        }
    }

    /** The factory of an application without a factory bean (plain {@code @EnableKekbit}). */
    private KekbitListenerContainerFactory defaultFactory()
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        factory.setApplicationEventPublisher(eventPublisher);
        return factory;
    }

    private MethodKekbitListenerEndpoint endpoint(final Found listener, final Method method)
    {
        final KekbitListener annotation = listener.annotation();
        String id = resolve(annotation.id());
        if (id.isEmpty())
        {
            id = defaultId(listener.beanName(), method.getName());
        }
        return new MethodKekbitListenerEndpoint(listener.bean(), method, id, resolve(annotation.channel()))
            .startFrom(resolve(annotation.startFrom()))
            .idleStrategy(resolve(annotation.idleStrategy()))
            .autoStartup(resolve(annotation.autoStartup()))
            .errorHandler(resolve(annotation.errorHandler()))
            .deadLetter(resolve(annotation.deadLetter()))
            .filter(resolve(annotation.filter()))
            .batch(resolve(annotation.batch()))
            .sendTo(sendTo(method));
    }

    /**
     * The writer named by a method's {@code @SendTo}, with placeholders resolved.
     *
     * @return the writer name, or null without {@code @SendTo}.
     * @throws IllegalStateException when {@code @SendTo} names no writer or several.
     */
    private String sendTo(final Method method)
    {
        final SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
        if (sendTo == null)
        {
            return null;
        }
        final String[] writers = sendTo.value();
        if (writers.length != 1 || resolve(writers[0]).isEmpty())
        {
            throw new IllegalStateException("@SendTo must name exactly one writer (a key of kekbit.writers or a " +
                "Writer bean), actual " + java.util.Arrays.toString(writers));
        }
        return resolve(writers[0]);
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
