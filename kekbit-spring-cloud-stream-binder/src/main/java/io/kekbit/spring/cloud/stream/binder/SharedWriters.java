package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.WriterHeartbeats;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitProducerProperties;

import org.springframework.core.log.LogAccessor;

/**
 * The producer writers of this process, one per journal (or channel), shared by reference count among the producer
 * bindings of one destination: {@code spring.cloud.stream.output-bindings=orders} and
 * {@code StreamBridge.send("orders-out-0", ...)}, or two bindings naming the same destination, write through one
 * writer, as they would share a topic on Kafka. The first binding opens the writer with its settings (capacity,
 * retention, ...); the others must agree on the kind and the envelope, and the writer is closed with the last of
 * them. A writer held by another process still fails the binding ({@link DestinationWriters}). Thread-safe
 * (synchronized).
 */
public final class SharedWriters
{
    private static final LogAccessor LOGGER = new LogAccessor(SharedWriters.class);

    private final WriterHeartbeats heartbeats;
    private final Duration heartbeatInterval;
    private final Map<Path, Entry> writers = new HashMap<>();

    /**
     * Creates the registry.
     *
     * @param heartbeats        the binder's heartbeats; each writer is registered once, when it is opened, and
     *                          unregistered when it is closed.
     * @param heartbeatInterval heartbeat interval of idle writers; zero turns heartbeats off.
     */
    public SharedWriters(final WriterHeartbeats heartbeats, final Duration heartbeatInterval)
    {
        this.heartbeats = heartbeats;
        this.heartbeatInterval = heartbeatInterval;
    }

    /**
     * Opens the writer of the i-th journal of a destination, or shares the one this process already has open.
     *
     * @param destination the provisioned destination.
     * @param index       0 to {@code destination.size() - 1}.
     * @param properties  the producer's kekbit settings.
     * @param property    the property that binds this producer to the destination, for errors.
     * @param prefix      prefix of the producer's kekbit properties (ending with a dot), for errors.
     * @return the thread-safe writer; give it back with {@link #release}.
     * @throws KekbitBinderException when another process holds the journal, a setting is invalid, or the binding
     *                               disagrees with the open writer on the kind or the envelope.
     */
    public synchronized Writer acquire(final KekbitDestination destination, final int index,
        final KekbitProducerProperties properties, final String property, final String prefix)
    {
        final Path key = key(destination, index);
        final Entry open = writers.get(key);
        if (open != null)
        {
            if (open.destination.kind() != destination.kind())
            {
                throw mismatch(destination, index, prefix + "kind", "kind " + open.destination.kind(),
                    "kind " + destination.kind());
            }
            if (open.destination.isEnvelope() != destination.isEnvelope())
            {
                throw mismatch(destination, index, prefix + "envelope", "envelope=" + open.destination.isEnvelope(),
                    "envelope=" + destination.isEnvelope());
            }
            open.references++;
            return open.writer;
        }
        final Writer writer = DestinationWriters.open(destination, index, properties, property, prefix);
        final String name = destination.journalName(index);
        writers.put(key, new Entry(destination, name, writer));
        heartbeats.register(name, writer, heartbeatInterval);
        return writer;
    }

    /**
     * Gives back a writer from {@link #acquire}; the last binding to give it back closes it.
     *
     * @param destination the destination it was acquired for.
     * @param index       the journal index it was acquired for.
     * @return true when this closed the writer.
     */
    public synchronized boolean release(final KekbitDestination destination, final int index)
    {
        final Path key = key(destination, index);
        final Entry entry = writers.get(key);
        if (entry == null || --entry.references > 0)
        {
            return false;
        }
        writers.remove(key);
        heartbeats.unregister(entry.name);
        try
        {
            entry.writer.close();
        }
        catch (final RuntimeException ex)
        {
            LOGGER.warn(ex, () -> "closing the writer of '" + entry.name + "' failed");
        }
        return true;
    }

    /**
     * How many bindings of this process share the writer of a journal.
     *
     * @param destination the destination.
     * @param index       the journal index.
     * @return the count, 0 when the writer is not open.
     */
    public synchronized int references(final KekbitDestination destination, final int index)
    {
        final Entry entry = writers.get(key(destination, index));
        return entry == null ? 0 : entry.references;
    }

    private static Path key(final KekbitDestination destination, final int index)
    {
        return destination.root().toAbsolutePath().normalize()
            .resolve(destination.kind() + "-" + Long.toUnsignedString(destination.id(index)));
    }

    private static KekbitBinderException mismatch(final KekbitDestination destination, final int index,
        final String property, final String open, final String asked)
    {
        return new KekbitBinderException(property, "destination '" + destination.journalName(index) + "' is " +
            "already written in this process by another binding with " + open + ", but this binding asks for " + asked +
            ". Bindings sharing a destination share its writer.", "Set the same " + property.substring(
            property.lastIndexOf('.') + 1) + " on every producer binding of the destination.", null);
    }

    /** An open writer and the bindings sharing it. */
    private static final class Entry
    {
        private final KekbitDestination destination;
        private final String name;
        private final Writer writer;
        private int references = 1;

        Entry(final KekbitDestination destination, final String name, final Writer writer)
        {
            this.destination = destination;
            this.name = name;
            this.writer = writer;
        }
    }
}
