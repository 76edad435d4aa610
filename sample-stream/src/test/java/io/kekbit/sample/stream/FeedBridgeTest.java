package io.kekbit.sample.stream;

import io.kekbit.sample.stream.bridge.BridgeApplication;
import io.kekbit.sample.stream.bridge.BridgeHeaders;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.messaging.Message;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code feed} bridge (Kafka topic to kekbit journal) in its own JVM: records a plain Kafka producer sends reach a
 * kekbit consumer on this host in order, with their Kafka headers and the topic, partition and offset the bridge adds.
 */
class FeedBridgeTest
{
    private static final String TOPIC = "remote-orders";
    private static final String JOURNAL = "local-orders";
    private static final int RECORDS = 50;

    @TempDir
    Path root;

    @Test
    void shouldFeedATopicIntoALocalJournal() throws Exception
    {
        final EmbeddedKafkaKraftBroker broker = LocalKafkaBroker.startOnFreePort();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()),
                new ByteArraySerializer(), new ByteArraySerializer());
            AppJvm bridge = AppJvm.start("feed-bridge", BridgeApplication.class, List.of(
                "--spring.cloud.function.definition=feed",
                "--spring.cloud.stream.bindings.feed-in-0.destination=" + TOPIC,
                "--spring.cloud.stream.bindings.feed-out-0.destination=" + JOURNAL,
                "--sample.kekbit-root=" + root,
                "--sample.kafka-brokers=" + broker.getBrokersAsString()));
            JournalSink sink = JournalSink.start(root, JOURNAL, "local-view"))
        {
            for (int i = 0; i < RECORDS; i++)
            {
                final ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, 0, null,
                    ("order-" + i).getBytes(StandardCharsets.UTF_8));
                record.headers().add("trace", ("t-" + i).getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
            }
            bridge.awaitCondition("the feed delivers " + RECORDS + " records to the journal", Duration.ofSeconds(90),
                () -> sink.messages().size() >= RECORDS);

            final List<Message<byte[]>> messages = sink.messages();
            assertThat(messages).hasSize(RECORDS);
            for (int i = 0; i < RECORDS; i++)
            {
                final Message<byte[]> message = messages.get(i);
                assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("order-" + i);
                assertThat(String.valueOf(message.getHeaders().get(BridgeHeaders.KAFKA_OFFSET))).isEqualTo("" + i);
                assertThat(String.valueOf(message.getHeaders().get(BridgeHeaders.KAFKA_PARTITION))).isEqualTo("0");
                assertThat(String.valueOf(message.getHeaders().get(BridgeHeaders.KAFKA_TOPIC))).isEqualTo(TOPIC);
                assertThat(header(message, "trace")).isEqualTo("t-" + i);
            }
        }
        finally
        {
            broker.destroy();
        }
    }

    private static String header(final Message<?> message, final String name)
    {
        final Object value = message.getHeaders().get(name);
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
