package io.kekbit.spring.cloud.stream.binder.properties;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.cloud.stream.binder.AbstractExtendedBindingProperties;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/**
 * The kekbit settings of every binding: {@code spring.cloud.stream.kekbit.bindings.<binding>.*}, with defaults under
 * {@code spring.cloud.stream.kekbit.default.*}. Thread-safe once bound (Spring Cloud Stream merges the defaults into
 * each binding's entry when it is first asked for).
 */
@ConfigurationProperties("spring.cloud.stream.kekbit")
public class KekbitExtendedBindingProperties extends
    AbstractExtendedBindingProperties<KekbitConsumerProperties, KekbitProducerProperties, KekbitBindingProperties>
{
    /** Prefix of the settings every binding inherits. */
    public static final String DEFAULTS_PREFIX = "spring.cloud.stream.kekbit.default";

    /** {@inheritDoc} */
    @Override
    public String getDefaultsPrefix()
    {
        return DEFAULTS_PREFIX;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, KekbitBindingProperties> getBindings()
    {
        return doGetBindings();
    }

    /** {@inheritDoc} */
    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass()
    {
        return KekbitBindingProperties.class;
    }
}
