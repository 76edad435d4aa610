package io.kekbit.sample.stream;

import io.kekbit.sample.stream.bench.SourceWriter;
import io.kekbit.sample.stream.bridge.BridgeApplication;
import io.kekbit.sample.stream.bridge.BridgeHeaders;
import io.kekbit.sample.stream.bridge.PositionFilter;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mirror} bridge (kekbit journal to Kafka topic) in its own JVM, killed with SIGKILL at random moments
 * while a writer in this JVM keeps appending to the journal, and restarted each time. A plain Kafka consumer reads the
 * topic and checks: after dropping duplicates by {@link BridgeHeaders#KEKBIT_POSITION}, every record written is there
 * once and in order; each duplicate repeats the record first seen at its position; and each restart repeats at most
 * one poll's worth of records. Seeded: the seed is printed, and {@code -Dsample.crash.seed=...} replays a run's kill
 * moments.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly is SIGKILL on Linux")
class MirrorBridgeCrashTest
{
    private static final String JOURNAL = "crash-source";
    private static final String TOPIC = "crash-mirror";
    private static final int KILLS = 3;
    /**
     * {@code max-records-per-poll} of the bridge's kekbit consumer (bridge.yaml): one batch, what a restart may repeat
     * (the batch in flight when it was killed: some of it may have reached Kafka, none of it was saved).
     */
    private static final int MAX_RECORDS_PER_POLL = 64;
    /** Small segments, so that the stream spans several and the positions cross segment boundaries. */
    private static final String SEGMENT_CAPACITY = "128KB";

    @TempDir
    Path root;

    @Test
    void shouldMirrorEveryRecordInOrderAcrossSigkills() throws Exception
    {
        final CrashRun run = CrashRun.seeded("MirrorBridgeCrashTest");
        final EmbeddedKafkaKraftBroker broker = LocalKafkaBroker.startOnFreePort();
        final List<ConsumerRecord<byte[], byte[]>> received = new CopyOnWriteArrayList<>();
        Thread consumerThread = null;
        final AtomicBoolean consuming = new AtomicBoolean(true);
        int written = 0;
        try (SourceWriter writer = SourceWriter.start(root, JOURNAL,
            "spring.cloud.stream.kekbit.bindings.source-out-0.producer.capacity=" + SEGMENT_CAPACITY))
        {
            run.startSending(sequence -> writer.send(CrashRun.payload(sequence)));
            AppJvm bridge = startBridge(broker);
            try
            {
                bridge.awaitOutput("Started BridgeApplication", AppJvm.STARTUP);
                consumerThread = consume(broker.getBrokersAsString(), received, consuming);
                bridge = run.killRepeatedly(bridge, () -> startBridge(broker), "Started BridgeApplication", KILLS,
                    received::size);
                final int before = received.size();
                bridge.awaitCondition("the restarted bridge mirrors", Duration.ofSeconds(60),
                    () -> received.size() > before);
                written = run.stopSending();
                final int total = written;
                bridge.awaitCondition("all " + total + " records on the topic", Duration.ofSeconds(120),
                    () -> distinctPositions(received) >= total);
            }
            finally
            {
                bridge.close();
            }
        }
        finally
        {
            run.stopSending();
            consuming.set(false);
            if (consumerThread != null)
            {
                consumerThread.join();
            }
            broker.destroy();
        }

        check(received, written, run.countsAtKill());
    }

    private static void check(final List<ConsumerRecord<byte[], byte[]>> received, final int written,
        final List<Integer> countsAtKill)
    {
        final Deliveries deliveries = new Deliveries("position");
        final Set<Long> segments = new TreeSet<>();
        for (final ConsumerRecord<byte[], byte[]> record : received)
        {
            final Header header = record.headers().lastHeader(BridgeHeaders.KEKBIT_POSITION);
            final long position = PositionFilter.parse(BridgeHeaders.KEKBIT_POSITION,
                header == null ? null : header.value());
            final Header segment = record.headers().lastHeader(BridgeHeaders.KEKBIT_SEGMENT);
            segments.add(PositionFilter.parse(BridgeHeaders.KEKBIT_SEGMENT, segment == null ? null : segment.value()));
            assertThat(segments.contains(position >>> 32)).as("segment header of position " + position).isTrue();
            deliveries.add(position, new String(record.value(), StandardCharsets.UTF_8));
        }
        final List<String> kept = deliveries.kept();
        final List<Integer> replays = deliveries.replays();
        final List<String> expected = CrashRun.expected(written);
        System.out.println("MirrorBridgeCrashTest: written=" + written + " received=" + received.size() +
            " replays=" + replays + " topic counts at the kills=" + countsAtKill + " segments=" + segments);
        assertThat(segments).as("the stream spans several journal segments").hasSizeGreaterThan(1);
        assertThat(countsAtKill).as("every kill came mid-stream").allMatch(count -> count < written);
        assertThat(kept).as("records after dropping duplicates").containsExactlyElementsOf(expected);
        assertThat(replays).as("one replay at most per restart").hasSizeLessThanOrEqualTo(KILLS);
        assertThat(replays).as("a replay is at most one poll").allMatch(count -> count <= MAX_RECORDS_PER_POLL);
    }

    private AppJvm startBridge(final EmbeddedKafkaKraftBroker broker)
    {
        return AppJvm.start("bridge", BridgeApplication.class, List.of(
            "--spring.cloud.function.definition=mirror",
            "--spring.cloud.stream.bindings.mirror-in-0.destination=" + JOURNAL,
            "--sample.mirror-topic=" + TOPIC,
            "--sample.kekbit-root=" + root,
            "--sample.kafka-brokers=" + broker.getBrokersAsString()));
    }

    private static Thread consume(final String brokers, final List<ConsumerRecord<byte[], byte[]>> received,
        final AtomicBoolean consuming)
    {
        final Thread thread = new Thread(() ->
        {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()))
            {
                consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
                while (consuming.get())
                {
                    consumer.poll(Duration.ofMillis(100)).forEach(received::add);
                }
            }
        }, "topic-consumer");
        thread.start();
        return thread;
    }

    private static long distinctPositions(final List<ConsumerRecord<byte[], byte[]>> received)
    {
        return received.stream()
            .map(record -> record.headers().lastHeader(BridgeHeaders.KEKBIT_POSITION))
            .filter(header -> header != null)
            .map(header -> PositionFilter.parse(BridgeHeaders.KEKBIT_POSITION, header.value()))
            .distinct()
            .count();
    }
}
