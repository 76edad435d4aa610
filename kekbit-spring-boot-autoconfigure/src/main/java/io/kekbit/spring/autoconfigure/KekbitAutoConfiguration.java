package io.kekbit.spring.autoconfigure;

import java.util.List;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.CompositeKekbitProducerListener;
import io.kekbit.spring.core.JsonKekbitMessageConverter;
import io.kekbit.spring.core.KekbitProducerListener;
import io.kekbit.spring.core.KekbitMessageConverter;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.spring.listener.KekbitContainerCustomizer;
import io.kekbit.spring.listener.KekbitListenerAnnotationBeanPostProcessor;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;
import io.kekbit.spring.listener.KekbitListenerEndpointResolver;
import io.kekbit.spring.listener.EnableKekbit;
import io.kekbit.spring.listener.KekbitListenerBootstrap;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;
import io.kekbit.spring.observation.KekbitListenerObservationBinder;
import io.kekbit.spring.observation.KekbitListenerObservationConvention;
import io.kekbit.spring.observation.KekbitTemplateObservationConvention;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration for kekbit: one {@link Writer} bean per {@code kekbit.writers.<name>}, a
 * {@link KekbitTemplate}, JSON conversion with the application's Jackson mapper, heartbeats, and the
 * {@code @KekbitListener} infrastructure. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(afterName = {"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
    "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration"})
@ConditionalOnClass(Kekbit.class)
@EnableConfigurationProperties(KekbitProperties.class)
public class KekbitAutoConfiguration
{
    /**
     * Validates the properties and registers the writer beans.
     *
     * @return the registrar.
     */
    @Bean
    @ConditionalOnMissingBean
    public static KekbitWriterRegistrar kekbitWriterRegistrar()
    {
        return new KekbitWriterRegistrar();
    }

    /**
     * The template sending to writer beans by name.
     *
     * @param properties        the kekbit properties: which writers are enveloped, the default writer.
     * @param beanFactory       where writer beans are found.
     * @param converter         JSON (or user) converter for objects.
     * @param producerListeners the application's producer listeners, told about each send in order.
     * @param observations      the observation registry, used with {@code kekbit.template.observation-enabled=true}.
     * @param convention        a user's observation convention, if any.
     * @return the template.
     * @throws InvalidKekbitPropertyException when observation is enabled and there is no observation registry.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitTemplate kekbitTemplate(
        final KekbitProperties properties,
        final ListableBeanFactory beanFactory,
        final ObjectProvider<KekbitMessageConverter> converter,
        final ObjectProvider<KekbitProducerListener> producerListeners,
        final ObjectProvider<ObservationRegistry> observations,
        final ObjectProvider<KekbitTemplateObservationConvention> convention)
    {
        final KekbitTemplate template = new KekbitTemplate(
            name -> beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, Writer.class) ?
                beanFactory.getBean(name, Writer.class) : null,
            converter.getIfAvailable(),
            name -> properties.getWriters().containsKey(name) && properties.getWriters().get(name).isEnvelope(),
            properties.getTemplate().getDefaultWriter());
        final List<KekbitProducerListener> listeners = producerListeners.orderedStream().toList();
        template.setProducerListener(listeners.isEmpty() ? null :
            listeners.size() == 1 ? listeners.get(0) : new CompositeKekbitProducerListener(listeners));
        if (properties.getTemplate().isObservationEnabled())
        {
            template.setObservation(observationRegistry(observations, "kekbit.template.observation-enabled"),
                convention.getIfUnique());
        }
        return template;
    }

    /**
     * Observes every {@code @KekbitListener} delivery with {@code kekbit.listener.observation-enabled=true}.
     *
     * @param registry     the listener registry whose containers are observed.
     * @param observations the observation registry.
     * @param convention   a user's observation convention, if any.
     * @return the binder.
     * @throws InvalidKekbitPropertyException when there is no observation registry.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty("kekbit.listener.observation-enabled")
    public KekbitListenerObservationBinder kekbitListenerObservationBinder(
        final KekbitListenerEndpointRegistry registry,
        final ObjectProvider<ObservationRegistry> observations,
        final ObjectProvider<KekbitListenerObservationConvention> convention)
    {
        return new KekbitListenerObservationBinder(registry,
            observationRegistry(observations, "kekbit.listener.observation-enabled"), convention.getIfUnique());
    }

    private static ObservationRegistry observationRegistry(
        final ObjectProvider<ObservationRegistry> observations, final String property)
    {
        final ObservationRegistry registry = observations.getIfUnique();
        if (registry == null)
        {
            throw new InvalidKekbitPropertyException(property, true, "true with an ObservationRegistry bean " +
                "(spring-boot-starter-actuator, or spring-boot-micrometer-observation), or false",
                "observation is enabled but the application has no unique ObservationRegistry bean");
        }
        return registry;
    }

    /**
     * Heartbeats for idle writers.
     *
     * @param properties  the kekbit properties.
     * @param beanFactory where writer beans are found.
     * @return the heartbeat scheduler.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitHeartbeats kekbitHeartbeats(final KekbitProperties properties, final ListableBeanFactory beanFactory)
    {
        return new KekbitHeartbeats(properties, beanFactory);
    }

    /**
     * Resolves listener attributes from the properties.
     *
     * @param properties  the kekbit properties.
     * @param beanFactory where the dead-letter writer is found.
     * @param converter   the message converter.
     * @return the configurer.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitListenerEndpointResolver kekbitListenerEndpointResolver(
        final KekbitProperties properties,
        final ListableBeanFactory beanFactory,
        final ObjectProvider<KekbitMessageConverter> converter)
    {
        return new PropertiesListenerEndpointResolver(properties, beanFactory, converter);
    }

    /**
     * Applies {@code kekbit.listener.*} properties and the application's {@link IdleStrategy} bean to the listener
     * container factory; listener threads are platform threads.
     *
     * @param properties   the kekbit properties.
     * @param idleStrategy the application's idle strategy bean, if unique.
     * @return the configurer.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnThreading(Threading.PLATFORM)
    public KekbitListenerContainerFactoryConfigurer kekbitListenerContainerFactoryConfigurer(
        final KekbitProperties properties, final ObjectProvider<IdleStrategy> idleStrategy)
    {
        return configurer(properties, idleStrategy);
    }

    /**
     * As {@link #kekbitListenerContainerFactoryConfigurer}, with listener threads from a
     * {@link SimpleAsyncTaskExecutor} making virtual threads ({@code spring.threads.virtual.enabled=true}).
     *
     * @param properties   the kekbit properties.
     * @param idleStrategy the application's idle strategy bean, if unique.
     * @return the configurer.
     */
    @Bean(name = "kekbitListenerContainerFactoryConfigurer")
    @ConditionalOnMissingBean
    @ConditionalOnThreading(Threading.VIRTUAL)
    public KekbitListenerContainerFactoryConfigurer kekbitListenerContainerFactoryConfigurerVirtualThreads(
        final KekbitProperties properties, final ObjectProvider<IdleStrategy> idleStrategy)
    {
        final KekbitListenerContainerFactoryConfigurer configurer = configurer(properties, idleStrategy);
        final SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("kekbit-");
        executor.setVirtualThreads(true);
        configurer.setTaskExecutor(executor);
        return configurer;
    }

    /**
     * The factory of every listener container, configured from the properties and customized by each
     * {@link KekbitContainerCustomizer} bean in order.
     *
     * @param configurer  applies the properties.
     * @param customizers the application's container customizers.
     * @return the factory.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitListenerContainerFactory kekbitListenerContainerFactory(
        final KekbitListenerContainerFactoryConfigurer configurer,
        final ObjectProvider<KekbitContainerCustomizer> customizers)
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        configurer.configure(factory);
        customizers.orderedStream().forEach(factory::addContainerCustomizer);
        return factory;
    }

    private static KekbitListenerContainerFactoryConfigurer configurer(
        final KekbitProperties properties, final ObjectProvider<IdleStrategy> idleStrategy)
    {
        final KekbitListenerContainerFactoryConfigurer configurer =
            new KekbitListenerContainerFactoryConfigurer(properties);
        if (idleStrategy.getIfUnique() != null)
        {
            // Called once per container: a prototype bean gives each listener its own instance.
            configurer.setIdleStrategy(idleStrategy::getIfUnique);
        }
        return configurer;
    }

    /**
     * Imports {@link EnableKekbit} (listener post-processor and endpoint registry) unless the application already
     * registered the post-processor.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableKekbit
    @ConditionalOnMissingBean(name = KekbitListenerBootstrap.ANNOTATION_PROCESSOR_BEAN_NAME,
        value = KekbitListenerAnnotationBeanPostProcessor.class)
    static class EnableKekbitConfiguration
    {
    }

    /** JSON conversion with the application's Jackson 3 mapper, when Jackson is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JsonConverterConfiguration
    {
        /**
         * The JSON converter.
         *
         * @param mapper the application's mapper, or a default one.
         * @return the converter.
         */
        @Bean
        @ConditionalOnMissingBean
        KekbitMessageConverter kekbitMessageConverter(final ObjectProvider<JsonMapper> mapper)
        {
            return new JsonKekbitMessageConverter(mapper.getIfAvailable(() -> JsonMapper.builder().build()));
        }
    }
}
