package io.kekbit.spring.cloud.stream.binder.config;

import io.kekbit.spring.cloud.stream.binder.KekbitBinderMetrics;
import io.kekbit.spring.cloud.stream.binder.KekbitMessageChannelBinder;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The binder's meters, registered in the application's {@link MeterRegistry} (found in the parent context) as
 * bindings are created. Only with Micrometer on the class path and a registry in the context. Thread-safe
 * (configuration).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
public class KekbitBinderMetricsConfiguration
{
    /**
     * Registers the binding meters with the binder.
     *
     * @param binder the binder.
     * @param meters the application's registry (the primary one when there are several).
     * @return the metrics.
     */
    @Bean
    @ConditionalOnBean(MeterRegistry.class)
    public KekbitBinderMetrics kekbitBinderMetrics(final KekbitMessageChannelBinder binder,
        final ObjectProvider<MeterRegistry> meters)
    {
        final KekbitBinderMetrics metrics = new KekbitBinderMetrics(meters.getObject());
        binder.addBindingObserver(metrics);
        return metrics;
    }
}
