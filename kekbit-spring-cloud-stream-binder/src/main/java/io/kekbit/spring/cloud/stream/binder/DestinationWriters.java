package io.kekbit.spring.cloud.stream.binder;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;
import io.kekbit.journal.Journal;
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
            throw ex;
        }
    }

    private static KekbitBinderException secondProducer(final KekbitDestination destination, final String name,
        final long pid, final String property, final Throwable cause)
    {
        final String holder = pid == Kekbit.UNKNOWN_WRITER_PID ? "another process" : "process " + pid +
            (pid == ProcessHandle.current().pid() ? " (this process: another binding)" : "");
        return new KekbitBinderException(property, "destination '" + name + "' under " + destination.root() +
            " already has a producer: " + holder + " holds its writer lock. A kekbit destination has exactly one " +
            "writer (one producer binding in one process); a second one would corrupt the first one's records.",
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
