package io.kekbit.spring.test.context;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Returns an {@link EmbeddedKekbitContextCustomizer} for test classes annotated with {@link EmbeddedKekbit} (on the
 * class, a superclass or an enclosing class), nothing for the others. Registered in {@code META-INF/spring.factories}.
 * Thread-safe (stateless).
 */
final class EmbeddedKekbitContextCustomizerFactory implements ContextCustomizerFactory
{
    @Override
    public ContextCustomizer createContextCustomizer(
        final Class<?> testClass, final List<ContextConfigurationAttributes> configAttributes)
    {
        final EmbeddedKekbit annotation = TestContextAnnotationUtils.findMergedAnnotation(
            testClass, EmbeddedKekbit.class);
        return annotation == null ? null : new EmbeddedKekbitContextCustomizer(annotation);
    }
}
