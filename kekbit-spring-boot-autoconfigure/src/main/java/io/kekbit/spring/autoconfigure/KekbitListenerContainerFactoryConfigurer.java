package io.kekbit.spring.autoconfigure;

import java.util.function.Supplier;

import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.core.task.TaskExecutor;

/**
 * Configures a {@link KekbitListenerContainerFactory} with the same settings as the auto-configured one: the
 * {@code kekbit.listener.*} properties, the listener task executor (virtual threads when
 * {@code spring.threads.virtual.enabled=true}) and the application's {@link IdleStrategy} bean. Use it to define a
 * factory of your own that starts from Boot's defaults (like Boot's
 * {@code ConcurrentKafkaListenerContainerFactoryConfigurer}):
 * <pre>{@code
 * @Bean
 * KekbitListenerContainerFactory kekbitListenerContainerFactory(KekbitListenerContainerFactoryConfigurer configurer) {
 *     KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
 *     configurer.configure(factory);
 *     factory.addContainerCustomizer(container -> container.setAutoStartup(false));
 *     return factory;
 * }
 * }</pre>
 * Thread-safe once configured (it only reads its settings).
 */
public class KekbitListenerContainerFactoryConfigurer
{
    private final KekbitProperties properties;
    private TaskExecutor taskExecutor;
    private Supplier<? extends IdleStrategy> idleStrategy;

    /**
     * Creates a configurer.
     *
     * @param properties the kekbit properties.
     */
    public KekbitListenerContainerFactoryConfigurer(final KekbitProperties properties)
    {
        this.properties = properties;
    }

    /**
     * Sets the executor of the listeners' poll tasks.
     *
     * @param taskExecutor the executor, or null for the factory's default (platform threads).
     */
    void setTaskExecutor(final TaskExecutor taskExecutor)
    {
        this.taskExecutor = taskExecutor;
    }

    /**
     * Sets the idle strategy of listeners that name none.
     *
     * @param idleStrategy called once per container, or null to use {@code kekbit.listener.idle-strategy}.
     */
    void setIdleStrategy(final Supplier<? extends IdleStrategy> idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    /**
     * Applies the settings to a factory.
     *
     * @param factory the factory to configure.
     */
    public void configure(final KekbitListenerContainerFactory factory)
    {
        final PropertyMapper map = PropertyMapper.get();
        map.from(properties.getListener()::getIdleEventInterval).to(factory::setIdleEventInterval);
        map.from(() -> taskExecutor).to(factory::setTaskExecutor);
        if (idleStrategy != null)
        {
            factory.setIdleStrategy(idleStrategy);
        }
    }
}
