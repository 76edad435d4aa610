package io.kekbit.spring.cloud.stream.binder;

import io.kekbit.core.Writer;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.kekbit.spring.metrics.KekbitMetrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Registers the starter's meters for the binder's bindings: each producer journal as a writer
 * ({@code kekbit.writer.*}, tag {@code channel} = journal name) and each consumer container as a listener
 * ({@code kekbit.listener.position}, {@code kekbit.listener.lag.bytes}, {@code kekbit.listener.lag.records} for
 * channels, {@code kekbit.listener.lag.segments} for journals, {@code kekbit.listener.records},
 * {@code kekbit.listener.errors}, {@code kekbit.listener.skipped}, {@code kekbit.listener.dead.letters},
 * {@code kekbit.listener.processing}; tag {@code listener} = {@code kekbit-<journal>.<group>}). Gauges are read at
 * scrape time. The meters are removed when the binding is unbound (a writer's when its last producer binding is), so
 * a registry does not keep gauges of closed journals. Thread-safe (Micrometer registries are).
 */
public final class KekbitBinderMetrics implements KekbitBindingObserver
{
    private final MeterRegistry meters;

    /**
     * Creates the metrics.
     *
     * @param meters the application's registry.
     */
    public KekbitBinderMetrics(final MeterRegistry meters)
    {
        this.meters = meters;
    }

    /** {@inheritDoc} */
    @Override
    public void producerStarted(final KekbitProducerHandler handler)
    {
        final KekbitDestination destination = handler.getDestination();
        for (int i = 0; i < destination.size(); i++)
        {
            final Writer writer = handler.writer(destination.journalName(i));
            if (writer != null)
            {
                KekbitMetrics.bindWriter(meters, destination.journalName(i), writer, null);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void consumerCreated(final KekbitInboundChannelAdapter adapter)
    {
        for (final KekbitMessageListenerContainer container : adapter.getContainers())
        {
            KekbitMetrics.bindListener(meters, container);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void writerClosed(final String journalName)
    {
        for (final Meter meter : meters.getMeters())
        {
            final String name = meter.getId().getName();
            if ((name.startsWith("kekbit.writer.") || name.startsWith("kekbit.journal.")) &&
                journalName.equals(meter.getId().getTag("channel")))
            {
                meters.remove(meter);
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void consumerRemoved(final KekbitInboundChannelAdapter adapter)
    {
        for (final KekbitMessageListenerContainer container : adapter.getContainers())
        {
            final String listenerId = container.getListenerId();
            for (final Meter meter : meters.getMeters())
            {
                if (listenerId.equals(meter.getId().getTag("listener")))
                {
                    meters.remove(meter);
                }
            }
        }
    }
}
