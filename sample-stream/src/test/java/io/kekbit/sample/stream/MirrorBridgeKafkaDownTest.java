package io.kekbit.sample.stream;

import io.kekbit.sample.stream.bench.SourceWriter;
import io.kekbit.sample.stream.bridge.BridgeApplication;
import io.kekbit.sample.stream.bridge.BridgeHeaders;
import io.kekbit.sample.stream.bridge.PositionFilter;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import io.kekbit.sample.stream.broker.PortForwarder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code mirror} bridge started while no Kafka broker answers at its address: records written to the journal
 * before and while Kafka is away must all reach the topic, in order, once a broker appears there (a relay to a broker
 * started late). With Spring Cloud Stream's default of 3 attempts the first batches would be given up on and
 * counted as consumed; {@code bridge.yaml} retries without limit.
 */
class MirrorBridgeKafkaDownTest
{
    private static final String JOURNAL = "down-source";
    private static final String TOPIC = "down-mirror";
    private static final int RECORDS = 200;

    @TempDir
    Path root;

    @Test
    void shouldMirrorWhatWasWrittenWhileKafkaWasAway() throws Exception
    {
        final int kafkaPort = AppJvm.freePort();
        EmbeddedKafkaKraftBroker broker = null;
        PortForwarder relay = null;
        try (SourceWriter writer = SourceWriter.start(root, JOURNAL);
            AppJvm bridge = AppJvm.start("bridge", BridgeApplication.class, List.of(
                "--spring.cloud.function.definition=mirror",
                "--spring.cloud.stream.bindings.mirror-in-0.destination=" + JOURNAL,
                "--sample.mirror-topic=" + TOPIC,
                "--spring.kafka.producer.properties[max.block.ms]=3000",
                "--sample.kekbit-root=" + root,
                "--sample.kafka-brokers=localhost:" + kafkaPort)))
        {
            for (int i = 0; i < RECORDS; i++)
            {
                writer.send(payload(i));
            }
            bridge.awaitOutput("could not be established", AppJvm.STARTUP); // the Kafka client finds no broker
            for (int i = RECORDS; i < 2 * RECORDS; i++)
            {
                writer.send(payload(i));
            }

            broker = LocalKafkaBroker.startOnFreePort();
            final String address = broker.getBrokersAsString();
            relay = PortForwarder.start(kafkaPort, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));

            final List<String> kept = new ArrayList<>();
            final List<String> contentTypes = new ArrayList<>();
            final PositionFilter filter = new PositionFilter();
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer()))
            {
                consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
                bridge.awaitCondition("all " + 2 * RECORDS + " records on the topic", AppJvm.STARTUP, () ->
                {
                    for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100)))
                    {
                        final long position = PositionFilter.parse(BridgeHeaders.KEKBIT_POSITION,
                            record.headers().lastHeader(BridgeHeaders.KEKBIT_POSITION).value());
                        if (filter.accept(position))
                        {
                            kept.add(new String(record.value(), StandardCharsets.UTF_8));
                            contentTypes.add(new String(record.headers().lastHeader("contentType").value(),
                                StandardCharsets.UTF_8));
                        }
                    }
                    return kept.size() >= 2 * RECORDS;
                });
            }
            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 2 * RECORDS; i++)
            {
                expected.add(new String(payload(i), StandardCharsets.UTF_8));
            }
            assertThat(kept).containsExactlyElementsOf(expected);
            assertThat(contentTypes).as("the writer's content type, carried over as a user header")
                .allMatch(type -> type.contains("application/octet-stream"));
        }
        finally
        {
            if (relay != null)
            {
                relay.close();
            }
            if (broker != null)
            {
                broker.destroy();
            }
        }
    }

    private static byte[] payload(final int sequence)
    {
        return String.format("record-%08d", sequence).getBytes(StandardCharsets.UTF_8);
    }
}
