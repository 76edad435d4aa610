package io.kekbit.spring.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.kekbit.core.Writer;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code kekbit} health contributor: a composite with a {@code writers} group (one component per writer bean)
 * and a {@code listeners} group (one component per listener container). Looked up at each health check, so
 * listeners registered late are included. Thread-safe.
 */
public final class KekbitHealthContributor implements CompositeHealthContributor
{
    private static final String WRITERS = "writers";
    private static final String LISTENERS = "listeners";

    private final Supplier<Map<String, Writer>> writers;
    private final KekbitListenerEndpointRegistry registry;
    private final Function<String, String> heartbeatFailures;

    /**
     * Creates the contributor.
     *
     * @param writers  supplies the writer beans by name.
     * @param registry the listener registry.
     */
    public KekbitHealthContributor(
        final Supplier<Map<String, Writer>> writers, final KekbitListenerEndpointRegistry registry)
    {
        this(writers, registry, name -> null);
    }

    /**
     * Creates the contributor with the writers' heartbeat state.
     *
     * @param writers           supplies the writer beans by name.
     * @param registry          the listener registry.
     * @param heartbeatFailures why a writer's heartbeats fail, by writer name; null while they succeed.
     */
    public KekbitHealthContributor(
        final Supplier<Map<String, Writer>> writers,
        final KekbitListenerEndpointRegistry registry,
        final Function<String, String> heartbeatFailures)
    {
        this.writers = writers;
        this.registry = registry;
        this.heartbeatFailures = heartbeatFailures;
    }

    /** {@inheritDoc} */
    @Override
    public HealthContributor getContributor(final String name)
    {
        if (WRITERS.equals(name) && !writers.get().isEmpty())
        {
            return writersContributor();
        }
        if (LISTENERS.equals(name) && !registry.getListenerContainers().isEmpty())
        {
            return listenersContributor();
        }
        return null;
    }

    /** {@inheritDoc} */
    @Override
    public Stream<Entry> stream()
    {
        final List<Entry> entries = new ArrayList<>(2);
        if (!writers.get().isEmpty())
        {
            entries.add(new Entry(WRITERS, writersContributor()));
        }
        if (!registry.getListenerContainers().isEmpty())
        {
            entries.add(new Entry(LISTENERS, listenersContributor()));
        }
        return entries.stream();
    }

    private HealthContributor writersContributor()
    {
        final Map<String, HealthContributor> indicators = new java.util.LinkedHashMap<>();
        writers.get().forEach((name, writer) ->
            indicators.put(name, new KekbitWriterHealthIndicator(writer, () -> heartbeatFailures.apply(name))));
        return CompositeHealthContributor.fromMap(indicators);
    }

    private HealthContributor listenersContributor()
    {
        final Map<String, KekbitMessageListenerContainer> containers = new java.util.LinkedHashMap<>();
        registry.getListenerContainers().forEach(container -> containers.put(container.getListenerId(), container));
        return CompositeHealthContributor.fromMap(containers, KekbitListenerHealthIndicator::new);
    }
}
