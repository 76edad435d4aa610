package io.kekbit.spring.autoconfigure;

import java.util.Map;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;
import io.kekbit.spring.core.RollingWriter;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Validates the {@code kekbit.*} properties and registers one {@link Writer} bean per {@code kekbit.writers.<name>},
 * named after its key, unless the context already defines a bean with that name (the user's bean wins). Each
 * writer is thread-safe and closed (CLOSE written) when the context closes; a roll writer's bean is a
 * {@link RollingWriter}. Thread-safe (runs once at startup).
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
        KekbitPropertiesValidator.validate(properties,
            ClassUtils.isPresent(KekbitPropertiesValidator.JOURNAL_CLASS, classLoader));
        for (final Map.Entry<String, WriterProperties> entry : properties.getWriters().entrySet())
        {
            final String name = entry.getKey();
            if (registry.containsBeanDefinition(name))
            {
                continue;
            }
            final WriterProperties writer = entry.getValue();
            final RootBeanDefinition definition = new RootBeanDefinition();
            definition.setBeanClass(writer.getRoll().isEnabled() ? RollingWriter.class : Writer.class);
            definition.setInstanceSupplier(() -> KekbitWriterFactory.create(properties.getRootPath(), name, writer));
            definition.setDestroyMethodName("close");
            definition.setAttribute("kekbit.channelId", writer.getChannelId());
            registry.registerBeanDefinition(name, definition);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void postProcessBeanFactory(final ConfigurableListableBeanFactory beanFactory) throws BeansException
    {
    }
}
