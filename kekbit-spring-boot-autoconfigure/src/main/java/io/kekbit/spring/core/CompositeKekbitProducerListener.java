package io.kekbit.spring.core;

import java.util.List;

/**
 * Calls several {@link KekbitProducerListener}s in order, like Spring Kafka's {@code CompositeProducerListener}.
 * Thread-safe when the delegates are (the list is copied and never changes).
 */
public final class CompositeKekbitProducerListener implements KekbitProducerListener
{
    private final KekbitProducerListener[] delegates;

    /**
     * Creates the composite.
     *
     * @param delegates the listeners, called in this order.
     */
    public CompositeKekbitProducerListener(final List<? extends KekbitProducerListener> delegates)
    {
        this.delegates = delegates.toArray(new KekbitProducerListener[0]);
    }

    /** {@inheritDoc} */
    @Override
    public void onSuccess(final String writerName, final Object payload, final long position)
    {
        for (final KekbitProducerListener delegate : delegates)
        {
            delegate.onSuccess(writerName, payload, position);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onError(final String writerName, final Object payload, final RuntimeException exception)
    {
        for (final KekbitProducerListener delegate : delegates)
        {
            delegate.onError(writerName, payload, exception);
        }
    }
}
