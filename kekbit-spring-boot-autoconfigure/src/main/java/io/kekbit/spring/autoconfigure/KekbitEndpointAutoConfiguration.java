package io.kekbit.spring.autoconfigure;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;
import io.kekbit.spring.actuate.KekbitEndpoint;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code kekbit} Actuator endpoint when Actuator is present and the endpoint is available (enabled
 * and exposed).
 */
@AutoConfiguration(after = KekbitAutoConfiguration.class)
@ConditionalOnClass({Kekbit.class, Endpoint.class, ConditionalOnAvailableEndpoint.class})
@ConditionalOnBean(KekbitListenerEndpointRegistry.class)
@ConditionalOnAvailableEndpoint(KekbitEndpoint.class)
public class KekbitEndpointAutoConfiguration
{
    /**
     * The endpoint.
     *
     * @param beanFactory where writer beans are found.
     * @param registry    the listener registry.
     * @return the endpoint.
     */
    @Bean
    @ConditionalOnMissingBean
    public KekbitEndpoint kekbitEndpoint(
        final ListableBeanFactory beanFactory, final KekbitListenerEndpointRegistry registry)
    {
        return new KekbitEndpoint(() -> beanFactory.getBeansOfType(Writer.class), registry);
    }
}
