package io.kekbit.spring.core;

/**
 * The outcome of a successful {@link KekbitTemplate#sendAsync} send, like Spring Kafka's {@code SendResult}: where
 * the record went and what was sent. Thread-safe (immutable).
 *
 * @param writerName name of the writer.
 * @param position   data position of the record (journal position for a rolling journal).
 * @param payload    what was sent, as given to the template.
 */
public record KekbitSendResult(String writerName, long position, Object payload)
{
}
