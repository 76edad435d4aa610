package io.kekbit.sample.stream.bridge;

import io.kekbit.journal.JournalPosition;
import io.kekbit.spring.listener.KekbitHeaders;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.support.SendResult;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The {@code mirror} function: gets one poll of a kekbit journal as one batch (the kekbit binder's
 * {@code batch-mode}), sends every record of it to a Kafka topic without waiting for each, then waits until Kafka
 * acknowledged them all before it returns. The binder saves the group's position only after the function returned,
 * so a record counts as mirrored once Kafka has it: at-least-once, with one network round trip per batch instead of
 * one per record. A failed send makes the function throw; the binder retries the whole batch (the records of it that
 * did reach Kafka then come again, as after a crash).
 *
 * <p>Each record keeps its payload and user headers ({@link BridgeHeaders#userHeaders}) and gets
 * {@link BridgeHeaders#KEKBIT_POSITION}, {@link BridgeHeaders#KEKBIT_JOURNAL} and {@link BridgeHeaders#KEKBIT_SEGMENT}.
 * Thread-safe when its {@link KafkaTemplate} is (Spring Kafka's is); the binder calls it from one thread per journal.
 */
public final class BatchMirror implements Consumer<Message<List<byte[]>>>
{
    private final KafkaTemplate<byte[], byte[]> kafka;
    private final String topic;
    private final String journal;

    /**
     * Creates the function.
     *
     * @param kafka   sends to Kafka: byte-array key and value serializers, {@code acks=all}.
     * @param topic   the Kafka topic written.
     * @param journal the kekbit destination read, written as {@link BridgeHeaders#KEKBIT_JOURNAL}.
     */
    public BatchMirror(final KafkaTemplate<byte[], byte[]> kafka, final String topic, final String journal)
    {
        this.kafka = kafka;
        this.topic = topic;
        this.journal = journal;
    }

    /**
     * Mirrors one batch and waits for Kafka's acknowledgements.
     *
     * @param batch the records of one poll: the payloads, and their headers in {@link BinderHeaders#BATCH_HEADERS}.
     * @throws IllegalStateException when the batch has no per-record headers or a record has no position.
     * @throws java.util.concurrent.CompletionException when Kafka refused or did not acknowledge a record in time.
     */
    @Override
    public void accept(final Message<List<byte[]>> batch)
    {
        final List<byte[]> payloads = batch.getPayload();
        final List<Map<String, Object>> headers = batchHeaders(batch);
        final CompletableFuture<?>[] sends = new CompletableFuture<?>[payloads.size()];
        for (int i = 0; i < sends.length; i++)
        {
            sends[i] = send(payloads.get(i), headers.get(i));
        }
        kafka.flush();
        CompletableFuture.allOf(sends).join();
    }

    private CompletableFuture<SendResult<byte[], byte[]>> send(final byte[] payload, final Map<String, Object> headers)
    {
        final Object position = headers.get(KekbitHeaders.POSITION);
        if (!(position instanceof Long))
        {
            throw new IllegalStateException("the kekbit binder delivered a record without the header " +
                KekbitHeaders.POSITION + "; headers=" + headers.keySet());
        }
        final long value = (Long)position;
        return kafka.send(MessageBuilder.withPayload(payload)
            .copyHeaders(BridgeHeaders.userHeaders(headers))
            .setHeader(KafkaHeaders.TOPIC, topic)
            .setHeader(BridgeHeaders.KEKBIT_POSITION, value)
            .setHeader(BridgeHeaders.KEKBIT_JOURNAL, journal)
            .setHeader(BridgeHeaders.KEKBIT_SEGMENT, JournalPosition.segment(value))
            .build());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> batchHeaders(final Message<List<byte[]>> batch)
    {
        final Object headers = batch.getHeaders().get(BinderHeaders.BATCH_HEADERS);
        if (!(headers instanceof List) || ((List<?>)headers).size() != batch.getPayload().size())
        {
            throw new IllegalStateException("the mirror needs the kekbit binder's batch mode (" +
                "spring.cloud.stream.bindings.mirror-in-0.consumer.batch-mode=true): the message has no " +
                BinderHeaders.BATCH_HEADERS + " header with one entry per record");
        }
        return (List<Map<String, Object>>)headers;
    }
}
