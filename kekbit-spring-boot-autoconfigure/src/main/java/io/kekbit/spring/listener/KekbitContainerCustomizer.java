package io.kekbit.spring.listener;

/**
 * Customizes each container the {@link KekbitListenerContainerFactory} creates, after the factory applied its own
 * settings and before the container is registered and started (like Spring Kafka's {@code ContainerCustomizer}).
 * Customizer beans are applied in {@link org.springframework.core.Ordered order}. Called on the thread that creates
 * the container; implementations should be stateless or thread-safe.
 */
@FunctionalInterface
public interface KekbitContainerCustomizer
{
    /**
     * Customizes a container.
     *
     * @param container the new container, not started.
     */
    void customize(KekbitListenerContainer container);
}
