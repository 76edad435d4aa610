package io.kekbit.spring.listener;

/**
 * A bean that registers listeners programmatically, without {@link KekbitListener} (like Spring Kafka's
 * {@code KafkaListenerConfigurer}). Every such bean is called once, in order, after all singletons exist and before
 * the listener containers start; the endpoints it registers go through the same resolution (properties, error
 * handler, idle strategy), the same {@link KekbitListenerContainerFactory} and the same registry as annotated
 * methods.
 * <pre>{@code
 * @Bean
 * KekbitListenerConfigurer auditListeners(AuditLog log) {
 *     return registrar -> registrar.registerListener("audit", "orders",
 *         (KekbitRecordListener) (payload, position) -> log.append(payload, position));
 * }
 * }</pre>
 * Implementations are called on the thread that refreshes the context.
 */
@FunctionalInterface
public interface KekbitListenerConfigurer
{
    /**
     * Registers endpoints.
     *
     * @param registrar where endpoints are registered.
     */
    void configureKekbitListeners(KekbitListenerEndpointRegistrar registrar);
}
