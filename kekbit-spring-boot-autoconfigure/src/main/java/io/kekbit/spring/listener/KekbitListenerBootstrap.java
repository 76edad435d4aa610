package io.kekbit.spring.listener;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the listener infrastructure for {@link EnableKekbit}. Thread-safe (stateless).
 */
public class KekbitListenerBootstrap implements ImportBeanDefinitionRegistrar
{
    /** Bean name of the {@link KekbitListenerAnnotationBeanPostProcessor}. */
    public static final String ANNOTATION_PROCESSOR_BEAN_NAME =
        "io.kekbit.spring.listener.internalKekbitListenerAnnotationProcessor";
    /** Bean name of the {@link KekbitListenerEndpointRegistry}. */
    public static final String ENDPOINT_REGISTRY_BEAN_NAME = "kekbitListenerEndpointRegistry";

    /** {@inheritDoc} */
    @Override
    public void registerBeanDefinitions(final AnnotationMetadata metadata, final BeanDefinitionRegistry registry)
    {
        if (!registry.containsBeanDefinition(ANNOTATION_PROCESSOR_BEAN_NAME))
        {
            final RootBeanDefinition processor =
                new RootBeanDefinition(KekbitListenerAnnotationBeanPostProcessor.class);
            processor.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.registerBeanDefinition(ANNOTATION_PROCESSOR_BEAN_NAME, processor);
        }
        if (!registry.containsBeanDefinition(ENDPOINT_REGISTRY_BEAN_NAME))
        {
            registry.registerBeanDefinition(ENDPOINT_REGISTRY_BEAN_NAME,
                new RootBeanDefinition(KekbitListenerEndpointRegistry.class));
        }
    }
}
