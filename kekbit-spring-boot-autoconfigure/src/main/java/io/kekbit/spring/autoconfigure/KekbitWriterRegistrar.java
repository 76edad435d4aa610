package io.kekbit.spring.autoconfigure;

import java.util.Map;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;
import io.kekbit.spring.core.RollingWriter;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Validates the {@code kekbit.*} properties and registers one {@link Writer} bean per {@code kekbit.writers.<name>},
 * named after its key, unless the context already defines a {@link Writer} bean with that name (the user's writer
 * wins); a bean of another type with that name fails startup naming both. Each writer bean is made by a
 * {@link KekbitWriterFactoryBean} (a definition ahead-of-time processing can write as code), is thread-safe and is
 * closed (CLOSE written) when the context closes; a roll writer's bean is a {@link RollingWriter}. Thread-safe (runs
 * once at startup).
 */
public class KekbitWriterRegistrar
    implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, BeanClassLoaderAware
{
    private Environment environment;
    private ClassLoader classLoader;

    /** {@inheritDoc} */
    @Override
    public void setBeanClassLoader(final ClassLoader classLoader)
    {
        this.classLoader = classLoader;
    }

    /** {@inheritDoc} */
    @Override
    public void setEnvironment(final Environment environment)
    {
        this.environment = environment;
    }

    /**
     * Validates the properties and registers the writer beans.
     *
     * @param registry the bean definition registry.
     * @throws InvalidKekbitPropertyException when a property is invalid.
     */
    @Override
    public void postProcessBeanDefinitionRegistry(final BeanDefinitionRegistry registry) throws BeansException
    {
        final KekbitProperties properties = Binder.get(environment)
            .bind("kekbit", KekbitProperties.class).orElseGet(KekbitProperties::new);
        try
        {
            KekbitPropertiesValidator.validate(properties,
                ClassUtils.isPresent(KekbitPropertiesValidator.JOURNAL_CLASS, classLoader));
        }
        catch (final InvalidKekbitPropertyException ex)
        {
            throw locate(ex, environment);
        }
        for (final Map.Entry<String, WriterProperties> entry : properties.getWriters().entrySet())
        {
            final String name = entry.getKey();
            if (registry.containsBeanDefinition(name))
            {
                if (isWriter(registry, name))
                {
                    continue;
                }
                throw nameTaken(registry, name);
            }
            final WriterProperties writer = entry.getValue();
            final RootBeanDefinition definition = new RootBeanDefinition(KekbitWriterFactoryBean.class);
            definition.getPropertyValues().add("name", name);
            definition.getPropertyValues().add("roll", writer.getRoll().isEnabled());
            registry.registerBeanDefinition(name, definition);
        }
    }

    /**
     * The report with the value as written and its origin, as Spring's own binding reports show them.
     */
    static InvalidKekbitPropertyException locate(final InvalidKekbitPropertyException ex, final Environment environment)
    {
        try
        {
            final ConfigurationPropertyName name = ConfigurationPropertyName.adapt(ex.getProperty(), '.');
            for (final ConfigurationPropertySource source : ConfigurationPropertySources.get(environment))
            {
                final ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null && property.getValue() != null)
                {
                    return ex.withSource(String.valueOf(property.getValue()),
                        property.getOrigin() == null ? null : property.getOrigin().toString());
                }
            }
        }
        catch (final RuntimeException lookupFailure)
        {
            // A property name that is not a valid configuration property name (an invalid writer key): report as is.
        }
        return ex;
    }

    private static boolean isWriter(final BeanDefinitionRegistry registry, final String name)
    {
        if (KekbitWriterFactoryBean.class.getName().equals(registry.getBeanDefinition(name).getBeanClassName()))
        {
            // Ours, already registered (by ahead-of-time generated code, for example).
            return true;
        }
        if (registry instanceof ConfigurableListableBeanFactory)
        {
            final Class<?> type = ((ConfigurableListableBeanFactory)registry).getType(name, false);
            return type != null && Writer.class.isAssignableFrom(type);
        }
        return false;
    }

    private static KekbitStartupException nameTaken(final BeanDefinitionRegistry registry, final String name)
    {
        final BeanDefinition existing = registry.getBeanDefinition(name);
        Class<?> type = null;
        if (registry instanceof ConfigurableListableBeanFactory)
        {
            type = ((ConfigurableListableBeanFactory)registry).getType(name, false);
        }
        final String typeName = type != null ? type.getName() :
            existing.getBeanClassName() != null ? existing.getBeanClassName() : "unknown type";
        final String source = existing.getResourceDescription() != null ?
            ", defined in " + existing.getResourceDescription() : "";
        return new KekbitStartupException(KekbitWriterReports.subject(name),
            "the writer's bean name '" + name + "' is taken by another bean: '" + name + "' of type " + typeName +
            source + ". The writer bean cannot be registered, so sends to '" + name + "' would fail.",
            "Rename the writer (the key under kekbit.writers, which is also the name used by KekbitTemplate.send and " +
            "@KekbitListener) or rename the other bean. A bean of type io.kekbit.core.Writer with that name is used " +
            "instead of the configured writer.",
            null);
    }

    /** {@inheritDoc} */
    @Override
    public void postProcessBeanFactory(final ConfigurableListableBeanFactory beanFactory) throws BeansException
    {
    }
}
