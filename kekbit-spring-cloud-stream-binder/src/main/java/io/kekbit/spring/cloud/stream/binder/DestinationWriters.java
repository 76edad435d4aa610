package io.kekbit.spring.cloud.stream.binder;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;
import io.kekbit.journal.Journal;
import io.kekbit.spring.autoconfigure.InvalidKekbitPropertyException;
import io.kekbit.spring.autoconfigure.KekbitProperties;
import io.kekbit.spring.autoconfigure.KekbitStartupException;
import io.kekbit.spring.autoconfigure.KekbitWriters;
import io.kekbit.spring.cloud.stream.binder.properties.DestinationKind;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitProducerProperties;

/**
 * Opens the writer of one journal (or channel) of a destination through the starter's writer factory, and turns a
 * second producer into a {@link KekbitBinderException} naming the binding. Thread-safe (stateless).
 */
final class DestinationWriters
{
    private DestinationWriters()
    {
    }

    /**
     * Opens the writer of the i-th journal of a destination.
     *
     * @param destination the provisioned destination.
     * @param index       0 to {@code destination.size() - 1}.
     * @param properties  the producer's kekbit settings.
     * @param property    the property that binds this producer to the destination, for errors.
     * @return a thread-safe writer; a {@link io.kekbit.spring.core.RollingWriter} for a journal.
     * @throws KekbitBinderException when a live writer (another producer) holds the journal.
     */
    static Writer open(final KekbitDestination destination, final int index, final KekbitProducerProperties properties,
        final String property)
    {
        return open(destination, index, properties, property, null);
    }

    /**
     * Opens the writer of the i-th journal of a destination.
     *
     * @param destination the provisioned destination.
     * @param index       0 to {@code destination.size() - 1}.
     * @param properties  the producer's kekbit settings.
     * @param property    the property that binds this producer to the destination, for errors.
     * @param prefix      prefix of the producer's kekbit properties (ending with a dot), for errors; null to keep the
     *                    starter's property names.
     * @return a thread-safe writer; a {@link io.kekbit.spring.core.RollingWriter} for a journal.
     * @throws KekbitBinderException when a live writer holds the journal, a fixed channel was closed by its previous
     *                               writer, or a setting is invalid.
     */
    static Writer open(final KekbitDestination destination, final int index, final KekbitProducerProperties properties,
        final String property, final String prefix)
    {
        check(properties, prefix == null ? property : prefix);
        final long id = destination.id(index);
        final String name = destination.journalName(index);
        final boolean journal = destination.kind() == DestinationKind.JOURNAL;
        final long pid = journal ? Journal.writerPid(destination.root(), (int)id) :
            Kekbit.writerPid(destination.root(), id);
        if (pid != Kekbit.NO_WRITER)
        {
            throw secondProducer(destination, name, pid, property, null);
        }
        try
        {
            return KekbitWriters.open(destination.root(), name, writerProperties(destination, index, properties));
        }
        catch (final KekbitStartupException ex)
        {
            if (ex.getProblem().contains("live writer"))
            {
                throw secondProducer(destination, name, Kekbit.UNKNOWN_WRITER_PID, property, ex);
            }
            if (!journal && ex.getProblem().contains("was closed by its previous writer"))
            {
                throw new KekbitBinderException(prefix == null ? property : prefix + "kind", ex.getProblem(),
                    "A fixed channel (kind=channel) ends when its producer stops. Use kind=journal (the default) to " +
                    "continue a destination across restarts, or delete " +
                    Kekbit.storagePath(destination.root(), id) + " to start it empty.", ex);
            }
            throw new KekbitBinderException(property, ex.getProblem(), ex.getAction(), ex);
        }
        catch (final InvalidKekbitPropertyException ex)
        {
            final String starterPrefix = "kekbit.writers." + name + ".";
            final String invalid = prefix != null && ex.getProperty().startsWith(starterPrefix) ?
                prefix + ex.getProperty().substring(starterPrefix.length()).replace("roll.", "") : ex.getProperty();
            throw new KekbitBinderException(invalid, "'" + ex.getValue() + "' is invalid: " + ex.getMessage(),
                "Set " + invalid + " to " + ex.getAllowed() + ".", ex);
        }
    }

    /** Checks what the starter's writer factory would adjust silently or fail on without naming the binding. */
    private static void check(final KekbitProducerProperties properties, final String prefix)
    {
        final long capacity = properties.getCapacity() == null ? 0 : properties.getCapacity().toBytes();
        if (capacity <= 0)
        {
            throw new KekbitBinderException(prefix + "capacity", "'" + properties.getCapacity() + "' is not a " +
                "capacity.", "Set it to a positive size such as 1MB.", null);
        }
        if (properties.getMaxMessageLength() != null &&
            (properties.getMaxMessageLength().toBytes() <= 0 || properties.getMaxMessageLength().toBytes() > capacity))
        {
            throw new KekbitBinderException(prefix + "max-message-length", "'" + properties.getMaxMessageLength() +
                "' does not fit a segment of capacity " + properties.getCapacity() + ".", "Set it to a positive size " +
                "no larger than " + prefix + "capacity, or raise the capacity.", null);
        }
        if (properties.getTimeout() == null || properties.getTimeout().isNegative() || properties.getTimeout().isZero())
        {
            throw new KekbitBinderException(prefix + "timeout", "'" + properties.getTimeout() + "' is not a timeout.",
                "Set it to a positive duration such as 30s.", null);
        }
        if (properties.getPreallocatedSegments() < 0)
        {
            throw new KekbitBinderException(prefix + "preallocated-segments", "'" +
                properties.getPreallocatedSegments() + "' is not a segment count.", "Set it to 0 or more.", null);
        }
    }

    private static KekbitBinderException secondProducer(final KekbitDestination destination, final String name,
        final long pid, final String property, final Throwable cause)
    {
        final String holder = pid == Kekbit.UNKNOWN_WRITER_PID ? "another process" : "process " + pid +
            (pid == ProcessHandle.current().pid() ? " (this process: another application context)" : "");
        return new KekbitBinderException(property, "destination '" + name + "' under " + destination.root() +
            " already has a producer: " + holder + " holds its writer lock. A kekbit destination has exactly one " +
            "writer process (the producer bindings of one application share it); a second one would corrupt the " +
            "first one's records.",
            "Send from one producer only: stop the other one, or point this binding at another destination (" +
            property + "), and merge the two streams in a consumer if needed. To run several producers, give each " +
            "its own destination; a Kafka binder is the way to have many writers on one topic.", cause);
    }

    static KekbitProperties.WriterProperties writerProperties(final KekbitDestination destination, final int index,
        final KekbitProducerProperties properties)
    {
        final KekbitProperties.WriterProperties writer = new KekbitProperties.WriterProperties();
        writer.setChannelId(Long.toUnsignedString(destination.id(index)));
        writer.setCapacity(properties.getCapacity());
        writer.setMaxMessageLength(properties.getMaxMessageLength());
        writer.setTimeout(properties.getTimeout());
        writer.setEnvelope(destination.isEnvelope());
        writer.setOnExisting(KekbitProperties.OnExisting.RESUME);
        if (destination.kind() == DestinationKind.JOURNAL)
        {
            final KekbitProperties.Roll roll = writer.getRoll();
            roll.setEnabled(true);
            roll.setPreallocatedSegments(properties.getPreallocatedSegments());
            final KekbitProperties.Retention from = properties.getRetention();
            final KekbitProperties.Retention to = roll.getRetention();
            to.setMaxSegments(from.getMaxSegments());
            to.setMaxSize(from.getMaxSize());
            to.setMaxAge(from.getMaxAge());
            to.setDeleteUnread(from.isDeleteUnread());
            to.setInterval(from.getInterval());
        }
        return writer;
    }
}
