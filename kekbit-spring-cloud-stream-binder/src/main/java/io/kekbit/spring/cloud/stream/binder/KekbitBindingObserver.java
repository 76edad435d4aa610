package io.kekbit.spring.cloud.stream.binder;

/**
 * Told when the binder's bindings come and go, so metrics can follow them. Implementations must be thread-safe:
 * Spring Cloud Stream binds from its own threads.
 */
public interface KekbitBindingObserver
{
    /**
     * A producer binding opened its writers.
     *
     * @param handler the producer's handler; its writers are open.
     */
    void producerStarted(KekbitProducerHandler handler);

    /**
     * A consumer binding created its containers.
     *
     * @param adapter the consumer's endpoint.
     */
    void consumerCreated(KekbitInboundChannelAdapter adapter);

    /**
     * The writer of a producer journal was closed: the last producer binding of its destination in this process was
     * unbound.
     *
     * @param journalName the journal name.
     */
    void writerClosed(String journalName);

    /**
     * A consumer binding was unbound; its containers are stopped.
     *
     * @param adapter the consumer's endpoint.
     */
    void consumerRemoved(KekbitInboundChannelAdapter adapter);
}
