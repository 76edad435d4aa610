package io.kekbit.spring.cloud.stream.binder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import io.kekbit.core.Writer;
import io.kekbit.spring.health.KekbitListenerHealthIndicator;
import io.kekbit.spring.health.KekbitWriterHealthIndicator;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * The binder's health, shown by Spring Cloud Stream under {@code binders} in {@code /actuator/health}: a
 * {@code producers} group with the starter's writer indicator per destination journal (DOWN when its latest write or
 * roll failed) and a {@code consumers} group with the starter's listener indicator per consumer container (DOWN when
 * the container stopped by itself, with the reason; position and counts as details). Built from the current bindings
 * at each check. Thread-safe.
 */
public final class KekbitBinderHealthContributor implements CompositeHealthContributor
{
    private static final String PRODUCERS = "producers";
    private static final String CONSUMERS = "consumers";

    private final KekbitMessageChannelBinder binder;

    /**
     * Creates the contributor.
     *
     * @param binder the binder whose bindings are shown.
     */
    public KekbitBinderHealthContributor(final KekbitMessageChannelBinder binder)
    {
        this.binder = binder;
    }

    /** {@inheritDoc} */
    @Override
    public HealthContributor getContributor(final String name)
    {
        if (PRODUCERS.equals(name))
        {
            return producers();
        }
        return CONSUMERS.equals(name) ? consumers() : null;
    }

    /** {@inheritDoc} */
    @Override
    public Stream<HealthContributors.Entry> stream()
    {
        return Stream.of(new HealthContributors.Entry(PRODUCERS, producers()),
            new HealthContributors.Entry(CONSUMERS, consumers()));
    }

    private CompositeHealthContributor producers()
    {
        final Map<String, HealthContributor> indicators = new LinkedHashMap<>();
        for (final KekbitProducerHandler handler : binder.getProducers())
        {
            final KekbitDestination destination = handler.getDestination();
            for (int i = 0; i < destination.size(); i++)
            {
                final Writer writer = handler.writer(destination.journalName(i));
                if (writer != null)
                {
                    indicators.put(destination.journalName(i), new KekbitWriterHealthIndicator(writer));
                }
            }
        }
        for (final KekbitDeadLetterHandler handler : binder.getDeadLetterHandlers())
        {
            indicators.put(handler.getDestination().getName(), new KekbitWriterHealthIndicator(handler.getWriter()));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }

    private CompositeHealthContributor consumers()
    {
        final Map<String, HealthContributor> indicators = new LinkedHashMap<>();
        for (final KekbitInboundChannelAdapter adapter : binder.getConsumers())
        {
            for (final KekbitMessageListenerContainer container : adapter.getContainers())
            {
                indicators.put(container.getListenerId(), new KekbitListenerHealthIndicator(container));
            }
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
