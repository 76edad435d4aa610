package io.kekbit.sample.stream.bridge;

import io.kekbit.journal.JournalPosition;
import io.kekbit.spring.listener.KekbitHeaders;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import java.util.Map;
import java.util.function.Function;

/**
 * A function application with both binders. {@code mirror} reads a kekbit journal (binding {@code mirror-in-0},
 * binder {@code kekbit}, a durable group, batch mode) and writes each record, payload bytes and user headers unchanged
 * (see {@link BridgeHeaders#userHeaders}), to a Kafka topic ({@code sample.mirror-topic}, through Spring Kafka's
 * {@link KafkaTemplate}), adding {@link BridgeHeaders#KEKBIT_POSITION}, {@link BridgeHeaders#KEKBIT_JOURNAL} and
 * {@link BridgeHeaders#KEKBIT_SEGMENT}. {@code mirrorSync} does the same one record at a time through the Kafka
 * binder's synchronous sends (slower; kept for comparison). {@code feed} does the reverse ({@code feed-in-0} on
 * Kafka, {@code feed-out-0} on kekbit), adding the Kafka topic, partition and offset, so that local readers get a
 * remote topic at memory speed. {@code spring.cloud.function.definition} chooses which run ({@code mirror;feed} by
 * default); destinations and groups are in {@code bridge.yaml}.
 *
 * <p>Delivery is at-least-once in both directions: the mirror's group position is saved after a poll's records were
 * all acknowledged by Kafka, and the feed's offsets are committed after its records were written to the journal.
 * After a crash the records since the last save come again, at most one poll's worth. While the other side cannot
 * take a record, both retry it ({@code bridge.yaml} sets no attempt limit), so none is given up on.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class BridgeApplication
{
    /**
     * The journal-to-topic function, at-least-once with one Kafka round trip per poll: each poll of the journal
     * (binding {@code mirror-in-0} in batch mode) is sent to the topic {@code sample.mirror-topic} without waiting for
     * each record, and the function returns once Kafka acknowledged the whole batch (see {@link BatchMirror}).
     *
     * @param kafka   Spring Boot's {@link KafkaTemplate}, with the byte-array serializers {@code bridge.yaml} sets.
     * @param topic   the Kafka topic ({@code sample.mirror-topic}).
     * @param journal the destination of {@code mirror-in-0}, written as {@link BridgeHeaders#KEKBIT_JOURNAL}.
     * @return the function.
     */
    @Bean
    @SuppressWarnings("unchecked")
    public BatchMirror mirror(final KafkaTemplate<?, ?> kafka,
        @Value("${sample.mirror-topic:invoices}") final String topic,
        @Value("${spring.cloud.stream.bindings.mirror-in-0.destination:mirror-in-0}") final String journal)
    {
        return new BatchMirror((KafkaTemplate<byte[], byte[]>)kafka, topic, journal);
    }

    /**
     * The journal-to-topic function one record at a time, through the Kafka binder's synchronous sends
     * ({@code mirrorSync-out-0}, {@code sync: true}): at-least-once as well, but one Kafka round trip per record. Kept
     * to compare with {@link #mirror} ({@code throughput --mode=sync}).
     *
     * @param journal the destination of {@code mirrorSync-in-0}, written as {@link BridgeHeaders#KEKBIT_JOURNAL}.
     * @return a stateless, thread-safe function.
     */
    @Bean
    public Function<Message<byte[]>, Message<byte[]>> mirrorSync(
        @Value("${spring.cloud.stream.bindings.mirrorSync-in-0.destination:mirrorSync-in-0}") final String journal)
    {
        return message ->
        {
            final MessageHeaders headers = message.getHeaders();
            final Long position = headers.get(KekbitHeaders.POSITION, Long.class);
            if (position == null)
            {
                throw new IllegalStateException("the kekbit binder delivered a record without the header " +
                    KekbitHeaders.POSITION + "; headers=" + headers.keySet());
            }
            return MessageBuilder.withPayload(message.getPayload())
                .copyHeaders(BridgeHeaders.userHeaders(headers))
                .setHeader(BridgeHeaders.KEKBIT_POSITION, position)
                .setHeader(BridgeHeaders.KEKBIT_JOURNAL, journal)
                .setHeader(BridgeHeaders.KEKBIT_SEGMENT, JournalPosition.segment(position))
                .build();
        };
    }

    /**
     * The topic-to-journal function.
     *
     * @return a stateless, thread-safe function.
     */
    @Bean
    public Function<Message<byte[]>, Message<byte[]>> feed()
    {
        return message ->
        {
            final MessageHeaders headers = message.getHeaders();
            return MessageBuilder.withPayload(message.getPayload())
                .copyHeaders(BridgeHeaders.userHeaders(headers))
                .setHeader(BridgeHeaders.KAFKA_TOPIC, headers.get(KafkaHeaders.RECEIVED_TOPIC))
                .setHeader(BridgeHeaders.KAFKA_PARTITION, headers.get(KafkaHeaders.RECEIVED_PARTITION))
                .setHeader(BridgeHeaders.KAFKA_OFFSET, headers.get(KafkaHeaders.OFFSET))
                .build();
        };
    }

    /**
     * The bridge as a {@link SpringApplication}, reading {@code application.yaml} and {@code bridge.yaml}.
     *
     * @return a new application, not started.
     */
    public static SpringApplication application()
    {
        final SpringApplication application = new SpringApplication(BridgeApplication.class);
        application.setDefaultProperties(Map.of(
            "spring.application.name", "bridge",
            "spring.config.name", "application,bridge"));
        return application;
    }

    /**
     * Starts the bridge.
     *
     * @param args Spring Boot command-line arguments, for example
     *             {@code --spring.cloud.function.definition=mirror}.
     */
    public static void main(final String[] args)
    {
        application().run(args);
    }
}
