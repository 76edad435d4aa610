package io.kekbit.sample.stream;

import io.kekbit.sample.stream.bridge.BridgeApplication;
import io.kekbit.sample.stream.bridge.BridgeHeaders;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code feed} bridge (Kafka topic to kekbit journal) in its own JVM, killed with SIGKILL at random moments while
 * a plain Kafka producer in this JVM keeps sending numbered records to the topic, and restarted each time. A kekbit
 * consumer of the local journal (in this JVM) checks: after dropping duplicates by {@link BridgeHeaders#KAFKA_OFFSET},
 * every record sent is there once and in order; each duplicate repeats the record first seen at its offset; and each
 * restart repeats at most one Kafka poll ({@code max.poll.records}, set small here so that the bound means
 * something). Seeded: the seed is printed, and {@code -Dsample.crash.seed=...} replays a run's kill moments.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "Process.destroyForcibly is SIGKILL on Linux")
class FeedBridgeCrashTest
{
    private static final String TOPIC = "crash-feed";
    private static final String JOURNAL = "crash-fed";
    private static final int KILLS = 3;
    /** The bridge's {@code max.poll.records}: the offsets it commits after writing them, so what a restart repeats. */
    private static final int MAX_POLL_RECORDS = 20;

    @TempDir
    Path root;

    @Test
    void shouldFeedEveryRecordInOrderAcrossSigkills() throws Exception
    {
        final CrashRun run = CrashRun.seeded("FeedBridgeCrashTest");
        final EmbeddedKafkaKraftBroker broker = LocalKafkaBroker.startOnFreePort();
        int sent = 0;
        List<Message<byte[]>> received = List.of();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
            JournalSink sink = JournalSink.start(root, JOURNAL, "local-view"))
        {
            AppJvm bridge = startBridge(broker);
            try
            {
                bridge.awaitOutput("Started BridgeApplication", AppJvm.STARTUP);
                run.startSending(sequence -> producer.send(
                    new ProducerRecord<>(TOPIC, 0, null, CrashRun.payload(sequence))));
                bridge = run.killRepeatedly(bridge, () -> startBridge(broker), "Started BridgeApplication", KILLS,
                    () -> sink.messages().size());
                final int before = sink.messages().size();
                bridge.awaitCondition("the restarted bridge feeds", Duration.ofSeconds(60),
                    () -> sink.messages().size() > before);
                sent = run.stopSending();
                producer.flush();
                final int total = sent;
                bridge.awaitCondition("all " + total + " records in the journal", Duration.ofSeconds(120),
                    () -> distinctOffsets(sink.messages()) >= total);
                received = new ArrayList<>(sink.messages());
            }
            finally
            {
                bridge.close();
            }
        }
        finally
        {
            run.stopSending();
            broker.destroy();
        }

        check(received, sent, run.countsAtKill());
    }

    private static void check(final List<Message<byte[]>> received, final int sent, final List<Integer> countsAtKill)
    {
        final Deliveries deliveries = new Deliveries("offset");
        for (final Message<byte[]> message : received)
        {
            assertThat(String.valueOf(message.getHeaders().get(BridgeHeaders.KAFKA_TOPIC))).isEqualTo(TOPIC);
            deliveries.add(offset(message), new String(message.getPayload(), StandardCharsets.UTF_8));
        }
        final List<String> kept = deliveries.kept();
        final List<Integer> replays = deliveries.replays();
        System.out.println("FeedBridgeCrashTest: sent=" + sent + " received=" + received.size() + " replays=" +
            replays + " journal counts at the kills=" + countsAtKill);
        assertThat(countsAtKill).as("every kill came mid-stream").allMatch(count -> count < sent);
        assertThat(kept).as("records after dropping duplicates").containsExactlyElementsOf(CrashRun.expected(sent));
        assertThat(replays).as("one replay at most per restart").hasSizeLessThanOrEqualTo(KILLS);
        assertThat(replays).as("a replay is at most one Kafka poll").allMatch(count -> count <= MAX_POLL_RECORDS);
    }

    private AppJvm startBridge(final EmbeddedKafkaKraftBroker broker)
    {
        final String consumer = "--spring.cloud.stream.kafka.bindings.feed-in-0.consumer.configuration.";
        return AppJvm.start("feed-bridge", BridgeApplication.class, List.of(
            "--spring.cloud.function.definition=feed",
            "--spring.cloud.stream.bindings.feed-in-0.destination=" + TOPIC,
            "--spring.cloud.stream.bindings.feed-out-0.destination=" + JOURNAL,
            consumer + "max.poll.records=" + MAX_POLL_RECORDS,
            // A killed member leaves the group after its session times out (45 s by default); the restarted one
            // waits for that before it gets the partition.
            consumer + "session.timeout.ms=6000",
            consumer + "heartbeat.interval.ms=1000",
            "--sample.kekbit-root=" + root,
            "--sample.kafka-brokers=" + broker.getBrokersAsString()));
    }

    private static long offset(final Message<byte[]> message)
    {
        final Object offset = message.getHeaders().get(BridgeHeaders.KAFKA_OFFSET);
        assertThat(offset).as("header " + BridgeHeaders.KAFKA_OFFSET).isNotNull();
        return Long.parseLong(String.valueOf(offset));
    }

    private static long distinctOffsets(final List<Message<byte[]>> messages)
    {
        return messages.stream().map(FeedBridgeCrashTest::offset).distinct().count();
    }
}
