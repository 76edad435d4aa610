package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.util.Arrays;

import io.kekbit.spring.cloud.stream.binder.properties.DestinationKind;

import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;

/**
 * A provisioned destination: its journals (or channels), one per partition that this binding writes or reads. An
 * unpartitioned destination is one journal named like the destination; partition {@code p} of a partitioned one is
 * the journal {@code <destination>-<p>}. Thread-safe (immutable).
 */
public final class KekbitDestination implements ProducerDestination, ConsumerDestination
{
    private final String name;
    private final Path root;
    private final DestinationKind kind;
    private final boolean envelope;
    private final boolean partitioned;
    private final int[] partitions;
    private final long[] ids;

    KekbitDestination(final String name, final Path root, final DestinationKind kind, final boolean envelope,
        final boolean partitioned, final int[] partitions, final long[] ids)
    {
        this.name = name;
        this.root = root;
        this.kind = kind;
        this.envelope = envelope;
        this.partitioned = partitioned;
        this.partitions = partitions.clone();
        this.ids = ids.clone();
    }

    /**
     * Name of the journal of a partition.
     *
     * @param destination destination name.
     * @param partition   partition number.
     * @return {@code <destination>-<partition>}.
     */
    static String partitionName(final String destination, final int partition)
    {
        return destination + "-" + partition;
    }

    /** {@inheritDoc} */
    @Override
    public String getName()
    {
        return name;
    }

    /** {@inheritDoc} */
    @Override
    public String getNameForPartition(final int partition)
    {
        return partitioned ? partitionName(name, partition) : name;
    }

    /**
     * Root folder of the files.
     *
     * @return the root.
     */
    public Path root()
    {
        return root;
    }

    /**
     * What the destination is on disk.
     *
     * @return the kind.
     */
    public DestinationKind kind()
    {
        return kind;
    }

    /**
     * Whether records carry the kekbit envelope.
     *
     * @return true when enveloped.
     */
    public boolean isEnvelope()
    {
        return envelope;
    }

    /**
     * Whether the destination is split into partition journals.
     *
     * @return true when partitioned.
     */
    public boolean isPartitioned()
    {
        return partitioned;
    }

    /**
     * Number of journals this binding writes or reads.
     *
     * @return the count.
     */
    public int size()
    {
        return partitions.length;
    }

    /**
     * Partition number of the i-th journal.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the partition (0 when unpartitioned).
     */
    public int partition(final int index)
    {
        return partitions[index];
    }

    /**
     * Journal (or channel) id of the i-th journal.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the id.
     */
    public long id(final int index)
    {
        return ids[index];
    }

    /**
     * Name of the i-th journal.
     *
     * @param index 0 to {@link #size()} - 1.
     * @return the destination name, or {@code <destination>-<partition>}.
     */
    public String journalName(final int index)
    {
        return getNameForPartition(partitions[index]);
    }

    @Override
    public String toString()
    {
        return "KekbitDestination{name=" + name + ", kind=" + kind + ", envelope=" + envelope + ", partitions=" +
            Arrays.toString(partitions) + ", ids=" + Arrays.toString(ids) + "}";
    }
}
