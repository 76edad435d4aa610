package io.kekbit.spring.cloud.stream.binder.config;

import io.kekbit.spring.cloud.stream.binder.KekbitBinderHealthContributor;
import io.kekbit.spring.cloud.stream.binder.KekbitMessageChannelBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The binder's health contributor, in the binder context, where Spring Cloud Stream's binders health finds it. Only
 * with spring-boot-health on the class path. Thread-safe (configuration).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(HealthContributor.class)
public class KekbitBinderHealthConfiguration
{
    /**
     * The binder's health.
     *
     * @param binder the binder.
     * @return the contributor.
     */
    @Bean
    @ConditionalOnMissingBean(name = "kekbitBinderHealthContributor")
    public KekbitBinderHealthContributor kekbitBinderHealthContributor(final KekbitMessageChannelBinder binder)
    {
        return new KekbitBinderHealthContributor(binder);
    }
}
