package io.kekbit.spring.metrics;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds kekbit meters. Writers: {@code kekbit.writer.position}, {@code kekbit.writer.capacity} (gauges),
 * {@code kekbit.writer.records}, {@code kekbit.writer.bytes} (function counters) and {@code kekbit.writer.failures}
 * (function counter per {@code reason}), tagged {@code channel} (writer name) and {@code channel.id}. Listeners:
 * {@code kekbit.reader.position}, {@code kekbit.reader.lag.bytes}, {@code kekbit.reader.lag.records} (gauges),
 * {@code kekbit.listener.records}, {@code kekbit.listener.errors} (function counters) and the
 * {@code kekbit.listener.processing} timer, tagged {@code channel}, {@code channel.id} and {@code listener}.
 * Everything except the timer is read at scrape time; listeners registered after binding are bound when they
 * register, once.
 * <p>
 * Rolling journals: for a roll writer, {@code kekbit.writer.position} is the position inside the current segment,
 * {@code kekbit.writer.capacity} the segment capacity, {@code channel.id} the journal id, plus
 * {@code kekbit.writer.segment} (gauge), {@code kekbit.journal.segments.deleted},
 * {@code kekbit.journal.segments.forced} and {@code kekbit.journal.rolls.waited} (function counters); there is no
 * {@code kekbit.writer.bytes}. For a journal listener, {@code kekbit.reader.position} is the position inside its
 * segment, plus {@code kekbit.reader.segment} and {@code kekbit.reader.lag.segments}; {@code kekbit.reader.lag.bytes}
 * counts unfinished segments as full, and {@code kekbit.reader.lag.records} counts the records exactly across
 * segments. Thread-safe.
 */
public final class KekbitMetrics implements MeterBinder
{
    private final Supplier<Map<String, Writer>> writers;
    private final KekbitListenerEndpointRegistry registry;
    private final KekbitTemplate template;

    /**
     * Creates the binder.
     *
     * @param writers  supplies the writer beans by name.
     * @param registry the listener registry.
     * @param template the template whose refused sends are counted, or null.
     */
    public KekbitMetrics(
        final Supplier<Map<String, Writer>> writers,
        final KekbitListenerEndpointRegistry registry,
        final KekbitTemplate template)
    {
        this.writers = writers;
        this.registry = registry;
        this.template = template;
    }

    /** {@inheritDoc} */
    @Override
    public void bindTo(final MeterRegistry meters)
    {
        writers.get().forEach((name, writer) -> bindWriter(meters, name, writer));
        registry.onContainerRegistered(container -> bindListener(meters, container));
    }

    private void bindWriter(final MeterRegistry meters, final String name, final Writer writer)
    {
        bindWriter(meters, name, writer, template);
    }

    /**
     * Binds the meters of one writer, as for a writer bean (used by integrations that open writers in code, such as
     * the Spring Cloud Stream binder).
     *
     * @param meters   the registry.
     * @param name     the writer's name, the {@code channel} tag.
     * @param writer   the writer; a {@link RollingWriter} gets the journal meters.
     * @param template the template whose refused sends to this writer are counted, or null for none.
     */
    public static void bindWriter(final MeterRegistry meters, final String name, final Writer writer,
        final KekbitTemplate template)
    {
        if (writer instanceof RollingWriter)
        {
            bindRollingWriter(meters, name, (RollingWriter)writer, template);
            return;
        }
        final Tags tags = Tags.of("channel", name, "channel.id", Long.toString(writer.header().channelId()));
        Gauge.builder("kekbit.writer.position", writer, Writer::writeOffset).tags(tags).baseUnit("bytes")
            .description("Data position where the next record goes").register(meters);
        Gauge.builder("kekbit.writer.capacity", writer, w -> w.header().capacity()).tags(tags).baseUnit("bytes")
            .description("Capacity of the channel's data area").register(meters);
        FunctionCounter.builder("kekbit.writer.records", writer, Writer::recordCount).tags(tags)
            .description("Records written (heartbeats excluded)").register(meters);
        FunctionCounter.builder("kekbit.writer.bytes", writer, Writer::writeOffset).tags(tags).baseUnit("bytes")
            .description("Bytes written, record headers and heartbeats included").register(meters);
        bindFailures(meters, name, tags, template);
    }

    private static void bindRollingWriter(final MeterRegistry meters, final String name, final RollingWriter writer,
        final KekbitTemplate template)
    {
        final Tags tags = Tags.of("channel", name, "channel.id", Long.toString(writer.journalId()));
        Gauge.builder("kekbit.writer.position", writer, w -> w.writeOffset() & 0xFFFF_FFFFL).tags(tags)
            .baseUnit("bytes").description("Data position where the next record goes in the current segment")
            .register(meters);
        Gauge.builder("kekbit.writer.segment", writer, RollingWriter::segment).tags(tags)
            .description("Segment of the journal being written").register(meters);
        Gauge.builder("kekbit.writer.capacity", writer, RollingWriter::segmentCapacity).tags(tags).baseUnit("bytes")
            .description("Capacity of each segment's data area").register(meters);
        FunctionCounter.builder("kekbit.writer.records", writer, Writer::recordCount).tags(tags)
            .description("Records written (heartbeats excluded)").register(meters);
        FunctionCounter.builder("kekbit.journal.segments.deleted", writer, RollingWriter::deletedSegments).tags(tags)
            .description("Segments deleted by retention").register(meters);
        FunctionCounter.builder("kekbit.journal.segments.forced", writer, RollingWriter::forcedDeletions).tags(tags)
            .description("Segments retention deleted before a registered durable reader finished them")
            .register(meters);
        FunctionCounter.builder("kekbit.journal.rolls.waited", writer, RollingWriter::waitedRolls).tags(tags)
            .description("Rolls that waited for the next segment to be created").register(meters);
        bindFailures(meters, name, tags, template);
    }

    private static void bindFailures(final MeterRegistry meters, final String name, final Tags tags,
        final KekbitTemplate template)
    {
        if (template != null)
        {
            for (final WriteError reason : WriteError.values())
            {
                FunctionCounter.builder("kekbit.writer.failures", template, t -> t.failureCount(name, reason))
                    .tags(tags).tag("reason", reason.name())
                    .description("Sends refused by the channel, by reason").register(meters);
            }
        }
    }

    /**
     * Binds the meters of one listener container, as for a {@code @KekbitListener} (used by integrations that create
     * containers in code, such as the Spring Cloud Stream binder).
     *
     * @param meters    the registry.
     * @param container the container.
     */
    public static void bindListener(final MeterRegistry meters, final KekbitMessageListenerContainer container)
    {
        final Tags tags = Tags.of("channel", container.getEndpoint().channelName(),
            "channel.id", Long.toString(container.getEndpoint().channelId()), "listener", container.getListenerId());
        if (container.isRoll())
        {
            Gauge.builder("kekbit.reader.position", container, c -> c.getPosition() & 0xFFFF_FFFFL).tags(tags)
                .baseUnit("bytes").description("Data position of the listener's next record in its segment")
                .register(meters);
            Gauge.builder("kekbit.reader.segment", container, KekbitMessageListenerContainer::getSegment).tags(tags)
                .description("Journal segment of the listener's next record").register(meters);
            Gauge.builder("kekbit.reader.lag.segments", container, KekbitMessageListenerContainer::getLagSegments)
                .tags(tags).description("Segments between the listener's and the one being written")
                .register(meters);
            Gauge.builder("kekbit.reader.lag.bytes", container, KekbitMessageListenerContainer::getLagBytes).tags(tags)
                .baseUnit("bytes").description("Bytes written but not yet read by the listener (unfinished " +
                "segments count as full)").register(meters);
        }
        else
        {
            Gauge.builder("kekbit.reader.position", container, KekbitMessageListenerContainer::getPosition).tags(tags)
                .baseUnit("bytes").description("Data position of the listener's next record").register(meters);
            Gauge.builder("kekbit.reader.lag.bytes", container, KekbitMessageListenerContainer::getLagBytes).tags(tags)
                .baseUnit("bytes").description("Bytes written but not yet read by the listener").register(meters);
        }
        Gauge.builder("kekbit.reader.lag.records", container, KekbitMessageListenerContainer::getLagRecords)
            .tags(tags)
            .description("Records written but not yet read by the listener").register(meters);
        FunctionCounter.builder("kekbit.listener.records", container, KekbitMessageListenerContainer::getRecords)
            .tags(tags)
            .description("Records handled by the listener").register(meters);
        FunctionCounter.builder("kekbit.listener.errors", container, KekbitMessageListenerContainer::getErrors)
            .tags(tags)
            .description("Failed deliveries of the listener").register(meters);
        final Timer timer = Timer.builder("kekbit.listener.processing").tags(tags)
            .description("Time the listener method takes per record").register(meters);
        if (container instanceof KekbitListenerContainer ours)
        {
            ours.setProcessingObserver(nanos -> timer.record(nanos, TimeUnit.NANOSECONDS));
        }
    }
}
