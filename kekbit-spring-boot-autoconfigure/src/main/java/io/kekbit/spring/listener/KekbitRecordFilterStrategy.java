package io.kekbit.spring.listener;

/**
 * Decides, before conversion, which records a {@link KekbitListener} method does not receive, like Spring Kafka's
 * {@code RecordFilterStrategy}. A filtered record is not handed to the method; it counts as handled (and as
 * filtered), and its position is consumed like any other, so a restart does not see it again. The application's
 * unique bean of this type filters every listener; {@link KekbitListener#filter()} picks one by bean name for a
 * listener.
 * <pre>{@code
 * @Bean
 * KekbitRecordFilterStrategy onlyOrders()
 * {
 *     return record -> !"order".equals(record.header("kekbit_typeId"));
 * }
 * }</pre>
 * Implementations must be thread-safe: several listener threads may share one. A filter that throws fails the record
 * as a listener would (the error handler decides).
 */
@FunctionalInterface
public interface KekbitRecordFilterStrategy
{
    /**
     * Called on the listener thread for each record before it is converted.
     *
     * @param record the record; it and its buffer are valid only during this call.
     * @return true to discard the record, false to hand it to the listener.
     */
    boolean filter(ReceivedRecord record);
}
