package io.kekbit.core;

/**
 * Encodes a record straight into the channel's mapped memory, for {@link Writer#write(int, RecordEncoder)}.
 * <pre>{@code
 * writer.write(16, buffer -> {
 *     buffer.putLong(0, orderId);
 *     buffer.putLong(8, quantity);
 *     return 16;
 * });
 * }</pre>
 */
@FunctionalInterface
public interface RecordEncoder
{
    /**
     * Writes the payload into {@code buffer} from index 0, at most {@code buffer.capacity()} bytes. A store outside
     * that range throws {@link IndexOutOfBoundsException} and changes nothing in the channel. Nothing is visible to
     * readers until this returns a valid length.
     *
     * @param buffer view of the record's payload, index 0 being its first byte, with the write's {@code maxLength} as
     *               capacity; valid only during the call (its capacity is 0 afterwards).
     * @return the number of bytes written, 1 to {@code buffer.capacity()}; anything else aborts the record with
     *         {@link WriteError#ENCODING_ERROR}.
     */
    int encode(RecordBuffer buffer);
}
