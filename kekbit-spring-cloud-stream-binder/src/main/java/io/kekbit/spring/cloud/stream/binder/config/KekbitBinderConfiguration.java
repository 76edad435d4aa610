package io.kekbit.spring.cloud.stream.binder.config;

import java.nio.file.Path;

import io.kekbit.spring.autoconfigure.WriterHeartbeats;
import io.kekbit.spring.cloud.stream.binder.GroupLocks;
import io.kekbit.spring.cloud.stream.binder.KekbitBindingStartupCheck;
import io.kekbit.spring.cloud.stream.binder.KekbitMessageChannelBinder;
import io.kekbit.spring.cloud.stream.binder.KekbitProvisioningProvider;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitBinderConfigurationProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitExtendedBindingProperties;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamFunctionProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * The configuration of the kekbit binder's context, named in {@code META-INF/spring.binders}: Spring Cloud Stream
 * creates it (as a child of the application context) when a binding uses the {@code kekbit} binder. Thread-safe
 * (configuration).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(org.springframework.cloud.stream.binder.Binder.class)
@EnableConfigurationProperties({KekbitBinderConfigurationProperties.class, KekbitExtendedBindingProperties.class})
@Import({KekbitBinderHealthConfiguration.class, KekbitBinderMetricsConfiguration.class})

public class KekbitBinderConfiguration
{
    /** The starter's root property, used when the binder sets none. */
    static final String STARTER_ROOT = "kekbit.root-path";

    /**
     * Works out the journals of destinations under the binder's root.
     *
     * @param properties  binder-wide settings.
     * @param environment where the starter's root is read when the binder sets none.
     * @return the provider.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitProvisioningProvider kekbitProvisioningProvider(final KekbitBinderConfigurationProperties properties,
        final Environment environment)
    {
        final Path root = properties.getRootPath() != null ? properties.getRootPath() :
            Binder.get(environment).bind(STARTER_ROOT, Path.class)
                .orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"), "kekbit"));
        return new KekbitProvisioningProvider(properties, () -> root);
    }

    /**
     * Heartbeats of the producer journals, on the daemon thread {@code kekbit-binder-heartbeat}; closing the
     * context closes it and waits for the thread to end.
     *
     * @return the heartbeats.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public WriterHeartbeats kekbitBinderHeartbeats()
    {
        return new WriterHeartbeats("kekbit-binder-heartbeat");
    }

    /**
     * The consumer-group locks this binder holds.
     *
     * @return the locks.
     */
    @Bean
    @ConditionalOnMissingBean
    public GroupLocks kekbitGroupLocks()
    {
        return new GroupLocks();
    }

    /**
     * The binder.
     *
     * @param provisioningProvider      works out the journals of destinations.
     * @param extendedBindingProperties the kekbit settings of the bindings.
     * @param heartbeats                heartbeats of the producer journals.
     * @param binderProperties          binder-wide settings (the heartbeat interval).
     * @param groupLocks                the consumer-group locks.
     * @param containerFactory          the application's listener container factory (the starter's, or the
     *                                  application's own), so that its executor (virtual threads), idle strategy,
     *                                  customizers and events apply to binder consumers.
     * @param context                   publishes the container events of a default factory.
     * @return the binder.
     */
    @Bean
    public KekbitMessageChannelBinder kekbitMessageChannelBinder(final KekbitProvisioningProvider provisioningProvider,
        final KekbitExtendedBindingProperties extendedBindingProperties, final WriterHeartbeats heartbeats,
        final KekbitBinderConfigurationProperties binderProperties, final GroupLocks groupLocks,
        final ObjectProvider<KekbitListenerContainerFactory> containerFactory, final ApplicationContext context)
    {
        KekbitListenerContainerFactory factory = containerFactory.getIfUnique();
        if (factory == null)
        {
            factory = new KekbitListenerContainerFactory();
            factory.setApplicationEventPublisher(context);
        }
        return new KekbitMessageChannelBinder(provisioningProvider, extendedBindingProperties, heartbeats,
            binderProperties.getHeartbeatInterval(), groupLocks, factory);
    }

    /**
     * Takes the configured groups' locks when the binder is created, so a second instance of a group fails startup.
     *
     * @param bindingServiceProperties  Spring Cloud Stream's binding properties (from the application context).
     * @param functionProperties        Spring Cloud Stream's function properties (the functions it binds).
     * @param environment               where {@code spring.cloud.function.definition} is read.
     * @param extendedBindingProperties the kekbit settings of the bindings.
     * @param provisioningProvider      works out the journals of destinations.
     * @param groupLocks                the consumer-group locks.
     * @param binder                    the binder, whose container factory's default idle strategy is reserved for
     *                                  the consumer containers.
     * @return the check.
     */
    @Bean
    public KekbitBindingStartupCheck kekbitBindingStartupCheck(
        final ObjectProvider<BindingServiceProperties> bindingServiceProperties,
        final ObjectProvider<StreamFunctionProperties> functionProperties, final Environment environment,
        final KekbitExtendedBindingProperties extendedBindingProperties,
        final KekbitProvisioningProvider provisioningProvider, final GroupLocks groupLocks,
        final ObjectProvider<KekbitMessageChannelBinder> binder)
    {
        final KekbitBindingStartupCheck check = new KekbitBindingStartupCheck(bindingServiceProperties.getIfAvailable(),
            functionProperties.getIfAvailable(), environment.getProperty("spring.cloud.function.definition"),
            extendedBindingProperties, provisioningProvider, groupLocks);
        final KekbitMessageChannelBinder unique = binder.getIfUnique();
        check.setContainerFactory(unique == null ? null : unique.getContainerFactory());
        return check;
    }
}
