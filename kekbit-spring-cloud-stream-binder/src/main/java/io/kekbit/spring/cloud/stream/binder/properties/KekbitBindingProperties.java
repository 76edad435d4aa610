package io.kekbit.spring.cloud.stream.binder.properties;

import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;

/**
 * The kekbit settings of one binding: {@code spring.cloud.stream.kekbit.bindings.<binding>.consumer|producer}. Not
 * thread-safe: bound once at startup, then only read.
 */
public class KekbitBindingProperties implements BinderSpecificPropertiesProvider
{
    /** Consumer settings. */
    private KekbitConsumerProperties consumer = new KekbitConsumerProperties();

    /** Producer settings. */
    private KekbitProducerProperties producer = new KekbitProducerProperties();

    /** {@inheritDoc} */
    @Override
    public KekbitConsumerProperties getConsumer()
    {
        return consumer;
    }

    /**
     * Sets the consumer settings.
     *
     * @param consumer the settings.
     */
    public void setConsumer(final KekbitConsumerProperties consumer)
    {
        this.consumer = consumer;
    }

    /** {@inheritDoc} */
    @Override
    public KekbitProducerProperties getProducer()
    {
        return producer;
    }

    /**
     * Sets the producer settings.
     *
     * @param producer the settings.
     */
    public void setProducer(final KekbitProducerProperties producer)
    {
        this.producer = producer;
    }
}
