package io.kekbit.core;

import java.nio.ByteBuffer;

/**
 * Encodes a record straight into the channel's mapped memory, for {@link Writer#write(int, RecordEncoder)}.
 */
@FunctionalInterface
public interface RecordEncoder
{
    /**
     * Writes the payload into {@code buffer} from index {@code offset}, at most {@code maxLength} bytes, with absolute
     * puts. Nothing is visible to readers until this returns a valid length.
     *
     * @param buffer    writable view of the mapped channel; valid only during the call.
     * @param offset    index of the payload's first byte.
     * @param maxLength most bytes that may be written.
     * @return the number of bytes written, 1 to {@code maxLength}; anything else aborts the record with
     *         {@link WriteError#ENCODING_ERROR}.
     */
    int encode(ByteBuffer buffer, int offset, int maxLength);
}
