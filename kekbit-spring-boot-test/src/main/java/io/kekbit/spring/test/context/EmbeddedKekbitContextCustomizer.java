package io.kekbit.spring.test.context;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.log.LogAccessor;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Makes a new channel root for each context it customizes and points {@code kekbit.root-path} at it. Part of the
 * context cache key through {@link #equals(Object)}: two test classes with the same {@link EmbeddedKekbit} attributes
 * (and otherwise the same configuration) share one context, and so one root. Thread-safe (immutable).
 */
final class EmbeddedKekbitContextCustomizer implements ContextCustomizer
{
    /** The property the starter reads its root from. */
    static final String ROOT_PATH_PROPERTY = "kekbit.root-path";
    /** Name of the property source holding {@value #ROOT_PATH_PROPERTY}. */
    static final String PROPERTY_SOURCE_NAME = "embeddedKekbit";

    private static final LogAccessor LOGGER = new LogAccessor(EmbeddedKekbitContextCustomizer.class);

    private final String parent;
    private final boolean deleteOnClose;

    EmbeddedKekbitContextCustomizer(final EmbeddedKekbit annotation)
    {
        this.parent = annotation.parent();
        this.deleteOnClose = annotation.deleteOnClose();
    }

    @Override
    public void customizeContext(
        final ConfigurableApplicationContext context, final MergedContextConfiguration mergedConfig)
    {
        for (final String property : mergedConfig.getPropertySourceProperties())
        {
            final String key = property.split("[=:]", 2)[0].trim();
            if (ROOT_PATH_PROPERTY.equals(key) || "kekbit.rootPath".equals(key))
            {
                throw new IllegalStateException("@EmbeddedKekbit on " + mergedConfig.getTestClass().getName() +
                    " sets " + ROOT_PATH_PROPERTY + " itself, and the test's properties set it too (" + property +
                    "): remove " + ROOT_PATH_PROPERTY + " from @SpringBootTest(properties) / @TestPropertySource, or " +
                    "remove @EmbeddedKekbit");
            }
        }
        if (!(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry))
        {
            throw new IllegalStateException("@EmbeddedKekbit needs a context whose bean factory accepts beans before " +
                "refresh (a GenericApplicationContext, as @SpringBootTest makes); got " + context.getClass().getName());
        }
        final ConfigurableEnvironment environment = context.getEnvironment();
        final Path parentFolder = Path.of(parent.isEmpty() ?
            System.getProperty("java.io.tmpdir") : environment.resolveRequiredPlaceholders(parent));
        final EmbeddedKekbitRoot root = EmbeddedKekbitRoot.create(parentFolder);
        environment.getPropertySources().addFirst(
            new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(ROOT_PATH_PROPERTY, root.path().toString())));
        final ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(EmbeddedKekbitRoot.BEAN_NAME, root);
        if (deleteOnClose)
        {
            // Disposable beans are destroyed in the reverse order of their registration. This one is registered
            // before the context refreshes, so it runs last: after the writers have written CLOSE, the listener
            // containers have stopped and every other bean that may hold a channel has been closed. A refresh that
            // fails destroys the beans too, so a context that fails to start leaves no root behind either.
            ((DefaultSingletonBeanRegistry)beanFactory).registerDisposableBean(
                EmbeddedKekbitRoot.BEAN_NAME, root::delete);
        }
        LOGGER.info(() -> "kekbit root of this test context (" + mergedConfig.getTestClass().getSimpleName() +
            "): " + root.path() + (deleteOnClose ? "" : " (kept after close)"));
    }

    @Override
    public boolean equals(final Object other)
    {
        return other instanceof EmbeddedKekbitContextCustomizer that && deleteOnClose == that.deleteOnClose &&
            parent.equals(that.parent);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(parent, deleteOnClose);
    }
}
