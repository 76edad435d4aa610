package io.kekbit.core;

import java.nio.ByteBuffer;

/**
 * Receives records from {@link Reader#read(RecordHandler, int)}.
 * <p>
 * The buffer is a zero-copy, read-only view of the mapped channel. It is valid <b>only during the call</b>: copy
 * what you need to keep. Its position and limit are set to the payload ({@code offset} and {@code offset + length})
 * for convenience; absolute access with {@code offset} works as well. Do not call the reader from inside the
 * handler (no re-entrant calls).
 */
@FunctionalInterface
public interface RecordHandler
{
    /**
     * Called once per record, in channel order. Heartbeats are not delivered.
     *
     * @param buffer   view holding the payload.
     * @param offset   index of the payload's first byte in {@code buffer}.
     * @param length   payload length in bytes, at least 1.
     * @param position data position of the record (of its length word) in the channel.
     */
    void onRecord(ByteBuffer buffer, int offset, int length, long position);
}
