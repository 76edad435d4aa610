package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.kekbit.spring.cloud.stream.binder.properties.DestinationKind;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitBinderConfigurationProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitProducerProperties;

import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.provisioning.ProvisioningProvider;
import org.springframework.core.log.LogAccessor;

/**
 * Works out the journals of a destination: kind, envelope, partitions and ids ({@link DestinationIds} gives the id
 * rule and refuses two names on one id). Files are created by the writers; nothing is created here but the name
 * markers. A destination is provisioned once per set of inputs (name, binding, kind, envelope, id, partitions, root):
 * the {@link KekbitBindingStartupCheck} provisions the group bindings before Spring Cloud Stream binds them, and the
 * binding then gets the same {@link KekbitDestination} without parsing, deriving or claiming its ids again. A failed
 * provisioning is not remembered. Thread-safe (the provisioned destinations are in a concurrent map).
 */
public final class KekbitProvisioningProvider implements ProvisioningProvider<
    ExtendedConsumerProperties<KekbitConsumerProperties>, ExtendedProducerProperties<KekbitProducerProperties>>
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitProvisioningProvider.class);
    private static final String BINDINGS = "spring.cloud.stream.kekbit.bindings.";

    private final KekbitBinderConfigurationProperties binderProperties;
    private final Supplier<Path> root;
    private final Map<Inputs, KekbitDestination> provisioned = new ConcurrentHashMap<>();

    /**
     * Creates the provider.
     *
     * @param binderProperties binder-wide settings.
     * @param root             root folder of the destination files.
     */
    public KekbitProvisioningProvider(final KekbitBinderConfigurationProperties binderProperties,
        final Supplier<Path> root)
    {
        this.binderProperties = binderProperties;
        this.root = root;
    }

    /**
     * Root folder of the destination files.
     *
     * @return the root.
     */
    public Path root()
    {
        return root.get();
    }

    /** {@inheritDoc} */
    @Override
    public KekbitDestination provisionProducerDestination(
        final String name, final ExtendedProducerProperties<KekbitProducerProperties> properties)
    {
        final KekbitProducerProperties extension = properties.getExtension();
        final int count = properties.isPartitioned() ? Math.max(1, properties.getPartitionCount()) : 1;
        final int[] partitions = new int[count];
        for (int p = 0; p < count; p++)
        {
            partitions[p] = p;
        }
        final String idProperty = BINDINGS + properties.getBindingName() + ".producer.channel-id";
        return destination(name, extension.getKind(), extension.getEnvelope(), extension.getChannelId(), idProperty,
            properties.isPartitioned(), partitions);
    }

    /** {@inheritDoc} */
    @Override
    public KekbitDestination provisionConsumerDestination(
        final String name, final String group, final ExtendedConsumerProperties<KekbitConsumerProperties> properties)
    {
        final KekbitConsumerProperties extension = properties.getExtension();
        final String idProperty = BINDINGS + properties.getBindingName() + ".consumer.channel-id";
        if (!properties.isPartitioned())
        {
            return destination(name, extension.getKind(), extension.getEnvelope(), extension.getChannelId(),
                idProperty, false, new int[] {0});
        }
        final int instanceCount = properties.getInstanceCount();
        final int count = extension.getPartitionCount() > 0 ? extension.getPartitionCount() : instanceCount;
        final List<Integer> assigned = new ArrayList<>();
        if (instanceCount < 1 || properties.getInstanceIndex() < 0 || properties.getInstanceIndex() >= instanceCount)
        {
            throw new KekbitBinderException("spring.cloud.stream.bindings." + properties.getBindingName() +
                ".consumer.instance-index", "instance index " + properties.getInstanceIndex() +
                " is not between 0 and instanceCount - 1 (instanceCount=" + instanceCount + ").",
                "Give each instance of a partitioned group its own instance-index from 0 to instance-count - 1.",
                null);
        }
        for (int p = 0; p < count; p++)
        {
            if (p % instanceCount == properties.getInstanceIndex())
            {
                assigned.add(p);
            }
        }
        if (assigned.isEmpty())
        {
            throw new KekbitBinderException(BINDINGS + properties.getBindingName() + ".consumer.partition-count",
                "instance " + properties.getInstanceIndex() + " of " + instanceCount + " owns none of the " + count +
                " partitions, so it would read nothing.", "Set partition-count to the producer's partition-count " +
                "(at least instance-count).", null);
        }
        final int[] partitions = new int[assigned.size()];
        for (int i = 0; i < partitions.length; i++)
        {
            partitions[i] = assigned.get(i);
        }
        return destination(name, extension.getKind(), extension.getEnvelope(), extension.getChannelId(), idProperty,
            true, partitions);
    }

    /**
     * Provisions the dead-letter destination of a consumer group.
     *
     * @param name       dead-letter destination name.
     * @param properties settings of its writer.
     * @param property   the property that names it, for errors.
     * @return the destination (one journal).
     */
    KekbitDestination provisionDeadLetter(final String name, final KekbitProducerProperties properties,
        final String property)
    {
        return destination(name, properties.getKind(), properties.getEnvelope(), properties.getChannelId(), property,
            false, new int[] {0});
    }

    private KekbitDestination destination(final String name, final DestinationKind kind, final Boolean envelope,
        final String explicitId, final String idProperty, final boolean partitioned, final int[] partitions)
    {
        final Inputs inputs = new Inputs(name, kind, envelope, explicitId, idProperty, partitioned,
            Arrays.stream(partitions).boxed().toList(), root.get());
        return provisioned.computeIfAbsent(inputs, this::provision);
    }

    private KekbitDestination provision(final Inputs inputs)
    {
        final String name = inputs.name();
        final String idProperty = inputs.idProperty();
        final String explicitId = inputs.explicitId();
        final boolean partitioned = inputs.partitioned();
        final int[] partitions = inputs.partitions().stream().mapToInt(Integer::intValue).toArray();
        final Path rootPath = inputs.root();
        final long[] ids = new long[partitions.length];
        final int span = partitioned ? maxPartition(partitions) + 1 : 1;
        final long base = explicitId == null || explicitId.isBlank() ? 0 :
            DestinationIds.parse(idProperty, explicitId, span);
        for (int i = 0; i < partitions.length; i++)
        {
            final String journalName = partitioned ? KekbitDestination.partitionName(name, partitions[i]) : name;
            ids[i] = base != 0 ? base + partitions[i] : DestinationIds.derive(journalName);
            DestinationIds.claim(rootPath, ids[i], journalName, idProperty);
        }
        final KekbitDestination destination = new KekbitDestination(name, rootPath,
            inputs.kind() != null ? inputs.kind() : binderProperties.getKind(),
            inputs.envelope() != null ? inputs.envelope() : binderProperties.isEnvelope(), partitioned, partitions,
            ids);
        LOGGER.debug(() -> "provisioned destination '" + name + "' (" + idProperty + "): journal ids " +
            Arrays.toString(ids) + " under " + rootPath);
        return destination;
    }

    /** What a provisioned destination depends on. */
    private record Inputs(String name, DestinationKind kind, Boolean envelope, String explicitId, String idProperty,
        boolean partitioned, List<Integer> partitions, Path root)
    {
    }

    private static int maxPartition(final int[] partitions)
    {
        int max = 0;
        for (final int p : partitions)
        {
            max = Math.max(max, p);
        }
        return max;
    }
}
