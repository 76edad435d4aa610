package io.kekbit.spring.autoconfigure.metrics;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;
import io.kekbit.spring.metrics.KekbitMetrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link KekbitMetrics} when Micrometer and a {@link MeterRegistry} are present.
 */
@AutoConfiguration(after = KekbitAutoConfiguration.class, afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({Kekbit.class, MeterBinder.class})
@ConditionalOnBean({MeterRegistry.class, KekbitListenerEndpointRegistry.class})
public class KekbitMetricsAutoConfiguration
{
    /**
     * The kekbit meter binder.
     *
     * @param beanFactory where writer beans are found.
     * @param registry    the listener registry.
     * @param template    the template, for refused-send counts.
     * @return the binder.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitMetrics kekbitMetrics(
        final ListableBeanFactory beanFactory,
        final KekbitListenerEndpointRegistry registry,
        final ObjectProvider<KekbitTemplate> template)
    {
        return new KekbitMetrics(() -> beanFactory.getBeansOfType(Writer.class), registry, template.getIfUnique());
    }
}
