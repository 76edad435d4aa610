package io.kekbit.spring.autoconfigure.health;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitHeartbeats;
import io.kekbit.spring.health.KekbitHealthContributor;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code kekbit} health contributor (one component per writer and per listener) when Spring Boot's
 * health support is present; {@code management.health.kekbit.enabled=false} switches it off.
 */
@AutoConfiguration(after = KekbitAutoConfiguration.class)
@ConditionalOnClass({Kekbit.class, HealthContributor.class})
@ConditionalOnBean(KekbitListenerEndpointRegistry.class)
@ConditionalOnEnabledHealthIndicator("kekbit")
public class KekbitHealthContributorAutoConfiguration
{
    /**
     * The {@code kekbit} health contributor.
     *
     * @param beanFactory where writer beans are found.
     * @param registry    the listener registry.
     * @param heartbeats  the heartbeat scheduler, whose failures turn a writer DOWN.
     * @return the contributor.
     */
    @Bean
    @ConditionalOnMissingBean(name = "kekbitHealthContributor")
    public KekbitHealthContributor kekbitHealthContributor(
        final ListableBeanFactory beanFactory,
        final KekbitListenerEndpointRegistry registry,
        final ObjectProvider<KekbitHeartbeats> heartbeats)
    {
        return new KekbitHealthContributor(() -> beanFactory.getBeansOfType(Writer.class), registry, name ->
        {
            final KekbitHeartbeats scheduler = heartbeats.getIfAvailable();
            return scheduler == null ? null : scheduler.getFailure(name);
        });
    }
}
