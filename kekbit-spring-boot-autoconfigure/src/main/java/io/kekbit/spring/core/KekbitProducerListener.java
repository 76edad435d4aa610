package io.kekbit.spring.core;

/**
 * Told about each {@link KekbitTemplate} send, like Spring Kafka's {@code ProducerListener}: the position of each
 * record written, and each send that failed with what was being sent. The template calls it on the sending thread,
 * after the write (writes are synchronous); the send's own result or exception is unchanged. The auto-configured
 * template uses the application's {@code KekbitProducerListener} beans, in order. Implementations must be
 * thread-safe, and should be cheap: they run on every send.
 * <pre>{@code
 * @Bean
 * KekbitProducerListener sendFailures(MeterRegistry registry)
 * {
 *     return new KekbitProducerListener()
 *     {
 *         @Override
 *         public void onError(String writerName, Object payload, RuntimeException exception)
 *         {
 *             registry.counter("orders.send.failed", "writer", writerName).increment();
 *         }
 *     };
 * }
 * }</pre>
 */
public interface KekbitProducerListener
{
    /**
     * Called after a record was written.
     *
     * @param writerName name of the writer.
     * @param payload    what was sent: the object, bytes, text, buffer or {@code Message} given to the template
     *                   (a buffer's position is unchanged; do not keep it).
     * @param position   data position of the record (journal position for a rolling journal).
     */
    default void onSuccess(final String writerName, final Object payload, final long position)
    {
    }

    /**
     * Called after a send failed: the channel refused the record ({@link KekbitSendException}: full, record too
     * large, writer closed), or the payload or a header could not be converted ({@link KekbitConversionException}).
     *
     * @param writerName name of the writer.
     * @param payload    what was being sent, as given to the template.
     * @param exception  the exception the send throws (or completes its future with).
     */
    default void onError(final String writerName, final Object payload, final RuntimeException exception)
    {
    }
}
