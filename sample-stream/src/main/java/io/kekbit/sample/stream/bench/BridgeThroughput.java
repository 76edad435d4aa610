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
 * Pushes records through the journal-to-topic bridge with a one-node broker on this host, all in this JVM, and prints
 * the end-to-end rate of each mirror mode: from the first record written to the journal to the last one read back from
 * the topic. {@code batch} is the {@code mirror} function (a poll of the journal sent as one batch, awaited once);
 * {@code sync} is {@code mirrorSync} (one synchronous Kafka send per record). Both are at-least-once. For each mode a
 * warm-up round of the same size runs first and is not counted.
 * <pre>{@code
 * java -jar sample-stream.jar throughput [records, default 20000] [payload bytes, default 256] [--mode=batch|sync]
 *     [--bridge.property=...]
 * }</pre>
 * Without {@code --mode} both modes run, batch first. Other arguments after the first two go to the bridge, for
 * example {@code --spring.cloud.stream.kekbit.bindings.mirror-in-0.consumer.max-records-per-poll=256} (larger
 * batches). Not thread-safe; run it as a program.
 */
public final class BridgeThroughput
{
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    private BridgeThroughput()
    {
    }

    /**
     * Runs the measurement.
     *
     * @param args optional: number of records, payload size in bytes, {@code --mode=batch|sync}, bridge arguments.
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
        final List<String> modes = new ArrayList<>(List.of("batch", "sync"));
        final List<String> extra = new ArrayList<>();
        for (final String arg : List.of(args).subList(Math.min(2, args.length), args.length))
        {
            if (arg.startsWith("--mode="))
            {
                final String mode = arg.substring("--mode=".length());
                if (!"batch".equals(mode) && !"sync".equals(mode))
                {
                    throw new IllegalArgumentException("--mode: expected batch or sync, actual '" + mode + "'");
                }
                modes.retainAll(List.of(mode));
            }
            else
            {
                extra.add(arg);
            }
        }
        final Path root = Files.createTempDirectory("kekbit-bridge-bench");
        final EmbeddedKafkaKraftBroker broker = LocalKafkaBroker.startOnFreePort();
        try
        {
            for (final String mode : modes)
            {
                measure(mode, root, broker.getBrokersAsString(), records, payloadSize, extra);
            }
        }
        finally
        {
            broker.destroy();
        }
    }

    private static void measure(final String mode, final Path root, final String brokers, final int records,
        final int payloadSize, final List<String> extra)
    {
        final String journal = "bench-" + mode;
        final String function = "batch".equals(mode) ? "mirror" : "mirrorSync";
        final List<String> bridgeArgs = new ArrayList<>(List.of(
            "--spring.main.banner-mode=off",
            "--spring.cloud.function.definition=" + function,
            "--spring.cloud.stream.bindings." + function + "-in-0.destination=" + journal,
            "--sample.mirror-topic=" + journal,
            "--sample.kekbit-root=" + root,
            "--sample.kafka-brokers=" + brokers));
        bridgeArgs.addAll(extra);
        try (SourceWriter writer = SourceWriter.start(root, journal);
            ConfigurableApplicationContext bridge = BridgeApplication.application().run(
                bridgeArgs.toArray(new String[0]));
            KafkaConsumer<byte[], byte[]> consumer = consumer(brokers, journal))
        {
            if (!bridge.isRunning())
            {
                throw new IllegalStateException("the bridge application did not start");
            }
            final byte[] payload = new byte[payloadSize];
            long read = 0;
            read = round(writer, consumer, journal, payload, records, read);
            final long start = System.nanoTime();
            round(writer, consumer, journal, payload, records, read);
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("bridge mirror (%s): records=%d payload=%d B seconds=%.2f records/s=%.0f " +
                "bytes/s=%.0f%n", mode, records, payloadSize, seconds, records / seconds,
                records * (double)payloadSize / seconds);
        }
    }

    private static long round(final SourceWriter writer, final KafkaConsumer<byte[], byte[]> consumer,
        final String topic, final byte[] payload, final int records, final long readBefore)
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
                throw new IllegalStateException("the topic " + topic + " got " + read + " of " + target +
                    " records within " + DEADLINE);
            }
            read += consumer.poll(Duration.ofMillis(100)).count();
        }
        return read;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(final String brokers, final String topic)
    {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
            new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        return consumer;
    }
}
