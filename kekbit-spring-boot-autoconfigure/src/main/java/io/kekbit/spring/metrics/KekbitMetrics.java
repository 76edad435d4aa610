package io.kekbit.spring.metrics;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.function.Supplier;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.kekbit.spring.listener.KekbitListenerEndpoint;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds kekbit meters, one prefix per entity: {@code kekbit.writer.*} for writers and template sends,
 * {@code kekbit.listener.*} for listeners. Every meter has a {@code channel} tag, always the channel's name in this
 * application (a key of {@code kekbit.writers} or {@code kekbit.readers}, a Writer bean name; a listener that names
 * its channel by id gets the name of a writer bean on the same id when there is one), and {@code channel.id} (the
 * journal id for rolling journals).
 * <p>
 * Writers: {@code kekbit.writer.position}, {@code kekbit.writer.capacity} (gauges), {@code kekbit.writer.records},
 * {@code kekbit.writer.bytes} (function counters), {@code kekbit.writer.failures} (function counter per
 * {@code reason}) and the {@code kekbit.writer.send} timer of {@link KekbitTemplate} sends, tagged {@code result}
 * ({@code success}, {@code failure}) and {@code exception} ({@code none} or a simple class name). Listeners, also
 * tagged {@code listener}: {@code kekbit.listener.position}, {@code kekbit.listener.lag.bytes},
 * {@code kekbit.listener.lag.records} (gauges), {@code kekbit.listener.records}, {@code kekbit.listener.errors},
 * {@code kekbit.listener.skipped}, {@code kekbit.listener.dead.letters}, {@code kekbit.listener.filtered} (function
 * counters) and the {@code kekbit.listener.processing} timer, tagged {@code result} and {@code exception} like the
 * send timer.
 * Everything except the timers is read at scrape time; listeners registered after binding are bound when they
 * register, once. The timers are fed through one callback each on the template and the containers: binding to a
 * second registry moves them there.
 * <p>
 * Rolling journals: for a roll writer, {@code kekbit.writer.position} is the position inside the current segment,
 * {@code kekbit.writer.capacity} the segment capacity, {@code channel.id} the journal id, plus
 * {@code kekbit.writer.segment} (gauge), {@code kekbit.journal.segments.deleted},
 * {@code kekbit.journal.segments.forced} and {@code kekbit.journal.rolls.waited} (function counters); there is no
 * {@code kekbit.writer.bytes}. For a journal listener, {@code kekbit.listener.position} is the position inside its
 * segment, plus {@code kekbit.listener.segment} and {@code kekbit.listener.lag.segments};
 * {@code kekbit.listener.lag.bytes} counts unfinished segments as full, and {@code kekbit.listener.lag.records} counts
 * the records exactly across segments. Thread-safe.
 */
public final class KekbitMetrics implements MeterBinder
{
    static final String CHANNEL = "channel";
    static final String CHANNEL_ID = "channel.id";
    static final String RESULT = "result";
    static final String EXCEPTION = "exception";
    /** A listener's channel attribute that is an id rather than a name: decimal or 0x hex. */
    private static final Pattern CHANNEL_ID_ATTRIBUTE = Pattern.compile("0[xX][0-9a-fA-F]+|[0-9]+");

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
        final Map<String, Writer> all = writers.get();
        all.forEach((name, writer) -> bindWriter(meters, name, writer));
        if (template != null)
        {
            template.setSendObserver(new SendTimers(meters, all));
        }
        registry.onContainerRegistered(container ->
            bindListener(meters, container, channelName(container.getEndpoint())));
    }

    /**
     * Tags of a writer's meters: {@code channel} (the writer name) and {@code channel.id} (the journal id for a
     * rolling writer).
     */
    static Tags writerTags(final String name, final Writer writer)
    {
        return Tags.of(CHANNEL, name, CHANNEL_ID, Long.toString(channelId(writer)));
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
        final Tags tags = writerTags(name, writer);
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
        final Tags tags = writerTags(name, writer);
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
     * containers in code, such as the Spring Cloud Stream binder); its {@code channel} tag is the endpoint's channel
     * name.
     *
     * @param meters    the registry.
     * @param container the container.
     */
    public static void bindListener(final MeterRegistry meters, final KekbitMessageListenerContainer container)
    {
        bindListener(meters, container, container.getEndpoint().channelName());
    }

    private static void bindListener(
        final MeterRegistry meters, final KekbitMessageListenerContainer container, final String channel)
    {
        final Tags tags = Tags.of(CHANNEL, channel,
            CHANNEL_ID, Long.toString(container.getEndpoint().channelId()), "listener", container.getListenerId());
        if (container.isRoll())
        {
            Gauge.builder("kekbit.listener.position", container, c -> c.getPosition() & 0xFFFF_FFFFL).tags(tags)
                .baseUnit("bytes").description("Data position of the listener's next record in its segment")
                .register(meters);
            Gauge.builder("kekbit.listener.segment", container, KekbitMessageListenerContainer::getSegment)
                .tags(tags).description("Journal segment of the listener's next record").register(meters);
            Gauge.builder("kekbit.listener.lag.segments", container, KekbitMessageListenerContainer::getLagSegments)
                .tags(tags).description("Segments between the listener's and the one being written")
                .register(meters);
            Gauge.builder("kekbit.listener.lag.bytes", container, KekbitMessageListenerContainer::getLagBytes)
                .tags(tags).baseUnit("bytes").description("Bytes written but not yet read by the listener " +
                "(unfinished segments count as full)").register(meters);
        }
        else
        {
            Gauge.builder("kekbit.listener.position", container, KekbitMessageListenerContainer::getPosition)
                .tags(tags).baseUnit("bytes").description("Data position of the listener's next record")
                .register(meters);
            Gauge.builder("kekbit.listener.lag.bytes", container, KekbitMessageListenerContainer::getLagBytes)
                .tags(tags).baseUnit("bytes").description("Bytes written but not yet read by the listener")
                .register(meters);
        }
        Gauge.builder("kekbit.listener.lag.records", container, KekbitMessageListenerContainer::getLagRecords)
            .tags(tags)
            .description("Records written but not yet read by the listener").register(meters);
        FunctionCounter.builder("kekbit.listener.records", container, KekbitMessageListenerContainer::getRecords)
            .tags(tags).description("Records handled by the listener, skipped ones included").register(meters);
        FunctionCounter.builder("kekbit.listener.errors", container, KekbitMessageListenerContainer::getErrors)
            .tags(tags).description("Failed deliveries of the listener (each retry counts)").register(meters);
        FunctionCounter.builder("kekbit.listener.skipped", container, KekbitMessageListenerContainer::getSkipped)
            .tags(tags).description("Records the error handler gave up on and skipped").register(meters);
        FunctionCounter.builder("kekbit.listener.dead.letters", container,
            KekbitMessageListenerContainer::getDeadLetters).tags(tags)
            .description("Records written to the dead-letter channel").register(meters);
        FunctionCounter.builder("kekbit.listener.filtered", container,
            KekbitMessageListenerContainer::getFilteredRecords).tags(tags)
            .description("Records the listener's filter discarded").register(meters);
        if (container instanceof KekbitListenerContainer ours)
        {
            ours.setProcessingObserver(new ProcessingTimers(meters, tags));
        }
    }

    /**
     * The {@code channel} tag: the channel's name in this application. A listener that names its channel by id gets
     * the name of a writer bean on the same channel id when there is one, so that its meters and the writer's share
     * the tag; otherwise its channel attribute (a reader name, or the id as written).
     */
    private String channelName(final KekbitListenerEndpoint endpoint)
    {
        final String name = endpoint.channelName();
        if (!CHANNEL_ID_ATTRIBUTE.matcher(name).matches())
        {
            return name;
        }
        for (final Map.Entry<String, Writer> writer : writers.get().entrySet())
        {
            if (channelId(writer.getValue()) == endpoint.channelId())
            {
                return writer.getKey();
            }
        }
        return name;
    }

    private static long channelId(final Writer writer)
    {
        return writer instanceof RollingWriter ? ((RollingWriter)writer).journalId() : writer.header().channelId();
    }
}
