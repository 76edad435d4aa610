package io.kekbit.sample.stream.bridge;

import org.springframework.messaging.MessageHeaders;

import java.util.HashMap;
import java.util.Map;

/**
 * Headers the bridges add. On Kafka, numeric headers arrive as their decimal digits in UTF-8 (Spring Kafka's header
 * mapper writes a {@code Long} as JSON), so a consumer in any language reads them with a plain parse. Thread-safe
 * (constants).
 */
public final class BridgeHeaders
{
    /**
     * Position of the record in its kekbit journal ({@code long}): strictly increasing along the journal, so a
     * consumer drops every record whose position is not above the last one it kept.
     */
    public static final String KEKBIT_POSITION = "kekbit_position";
    /** Name of the kekbit destination (journal) the record was read from ({@code String}). */
    public static final String KEKBIT_JOURNAL = "kekbit_journal";
    /**
     * Segment of the journal that holds the record ({@code long}): the upper half of the position (see
     * {@code io.kekbit.journal.JournalPosition}). Meaningful for journal destinations, the binder's default kind.
     */
    public static final String KEKBIT_SEGMENT = "kekbit_segment";
    /** Kafka topic the record was read from ({@code String}). */
    public static final String KAFKA_TOPIC = "bridge_kafkaTopic";
    /** Kafka partition the record was read from ({@code int}). */
    public static final String KAFKA_PARTITION = "bridge_kafkaPartition";
    /** Offset of the record in its Kafka partition ({@code long}): increasing along the partition. */
    public static final String KAFKA_OFFSET = "bridge_kafkaOffset";

    private BridgeHeaders()
    {
    }

    /**
     * The headers a bridge carries over: all but the ones each binder computes for its own records ({@code id},
     * {@code timestamp}, {@code deliveryAttempt}, and the names starting with {@code kafka_}, {@code kekbit_},
     * {@code scst_} or {@code spring_}), which would be stale or meaningless on the other side.
     *
     * @param headers the incoming message's headers.
     * @return a new map of the headers to carry over.
     */
    public static Map<String, Object> userHeaders(final MessageHeaders headers)
    {
        return userHeaders((Map<String, Object>)headers);
    }

    /**
     * The headers a bridge carries over, from one record's headers in a batch (see
     * {@link #userHeaders(MessageHeaders)}).
     *
     * @param headers the record's headers.
     * @return a new map of the headers to carry over.
     */
    public static Map<String, Object> userHeaders(final Map<String, Object> headers)
    {
        final Map<String, Object> kept = new HashMap<>();
        headers.forEach((name, value) ->
        {
            if (!MessageHeaders.ID.equals(name) && !MessageHeaders.TIMESTAMP.equals(name) &&
                !"deliveryAttempt".equals(name) && !name.startsWith("kafka_") && !name.startsWith("kekbit_") &&
                !name.startsWith("scst_") && !name.startsWith("spring_"))
            {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
