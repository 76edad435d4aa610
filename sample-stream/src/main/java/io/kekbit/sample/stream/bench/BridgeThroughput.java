package io.kekbit.sample.stream.bench;

import io.kekbit.sample.stream.bridge.BridgeApplication;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pushes records through the {@code mirror} bridge (kekbit journal to Kafka topic) with a one-node broker on this
 * host, all in this JVM, and prints the end-to-end rate: from the first record written to the journal to the last
 * one read back from the topic. A warm-up round of the same size runs first and is not counted.
 * <pre>{@code
 * java -jar sample-stream.jar throughput [records, default 20000] [payload bytes, default 256] [--bridge.property=...]
 * }</pre>
 * Arguments after the first two go to the bridge, for example
 * {@code --spring.cloud.stream.kafka.bindings.mirror-out-0.producer.sync=false} to see what synchronous sends cost.
 * Not thread-safe; run it as a program.
 */
public final class BridgeThroughput
{
    private static final String JOURNAL = "bench";
    private static final String TOPIC = "bench-mirror";
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    private BridgeThroughput()
    {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: number of records, payload size in bytes.
     * @throws IOException when the temporary folder cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        final int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        final int payloadSize = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        if (records <= 0 || payloadSize < 8)
        {
            throw new IllegalArgumentException("need records > 0 and payload bytes >= 8: records=" + records +
                ", payload=" + payloadSize);
        }
        final Path root = Files.createTempDirectory("kekbit-bridge-bench");
        final EmbeddedKafkaKraftBroker broker = LocalKafkaBroker.startOnFreePort();
        final List<String> bridgeArgs = new ArrayList<>(List.of(
            "--spring.main.banner-mode=off",
            "--spring.cloud.function.definition=mirror",
            "--spring.cloud.stream.bindings.mirror-in-0.destination=" + JOURNAL,
            "--spring.cloud.stream.bindings.mirror-out-0.destination=" + TOPIC,
            "--sample.kekbit-root=" + root,
            "--sample.kafka-brokers=" + broker.getBrokersAsString()));
        bridgeArgs.addAll(List.of(args).subList(Math.min(2, args.length), args.length));
        try (SourceWriter writer = SourceWriter.start(root, JOURNAL);
            ConfigurableApplicationContext bridge = BridgeApplication.application().run(
                bridgeArgs.toArray(new String[0]));
            KafkaConsumer<byte[], byte[]> consumer = consumer(broker.getBrokersAsString()))
        {
            if (!bridge.isRunning())
            {
                throw new IllegalStateException("the bridge application did not start");
            }
            final byte[] payload = new byte[payloadSize];
            long read = 0;
            read = round(writer, consumer, payload, records, read);
            final long start = System.nanoTime();
            round(writer, consumer, payload, records, read);
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("bridge mirror: records=%d payload=%d B seconds=%.2f records/s=%.0f bytes/s=%.0f%n",
                records, payloadSize, seconds, records / seconds, records * (double)payloadSize / seconds);
        }
        finally
        {
            broker.destroy();
        }
    }

    private static long round(final SourceWriter writer, final KafkaConsumer<byte[], byte[]> consumer,
        final byte[] payload, final int records, final long readBefore)
    {
        final long target = readBefore + records;
        long read = readBefore;
        final long deadline = System.nanoTime() + DEADLINE.toNanos();
        for (int i = 0; i < records; i++)
        {
            writer.send(payload);
            if ((i & 1023) == 0)
            {
                read += consumer.poll(Duration.ZERO).count();
            }
        }
        while (read < target)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("the topic " + TOPIC + " got " + read + " of " + target +
                    " records within " + DEADLINE);
            }
            read += consumer.poll(Duration.ofMillis(100)).count();
        }
        return read;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String brokers)
    {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
        return consumer;
    }
}
