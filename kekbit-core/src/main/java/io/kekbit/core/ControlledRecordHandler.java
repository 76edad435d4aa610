package io.kekbit.core;

import java.nio.ByteBuffer;

/**
 * Receives records from {@link Reader#controlledRead(ControlledRecordHandler, int)} and decides, per record, whether
 * it is consumed. The buffer rules of {@link RecordHandler} apply: valid only during the call, no re-entrant calls.
 */
@FunctionalInterface
public interface ControlledRecordHandler
{
    /** What the reader does after a record. */
    enum Action
    {
        /** Do not consume this record and stop: the next read delivers it again. */
        ABORT,
        /** Consume this record and stop this read. */
        BREAK,
        /** Consume this record and go on; the position is committed as with CONTINUE. */
        COMMIT,
        /** Consume this record and go on. */
        CONTINUE
    }

    /**
     * Called once per record, in channel order. Heartbeats are not delivered.
     *
     * @param buffer   view holding the payload.
     * @param offset   index of the payload's first byte in {@code buffer}.
     * @param length   payload length in bytes, at least 1.
     * @param position data position of the record in the channel.
     * @return what to do next.
     */
    Action onRecord(ByteBuffer buffer, int offset, int length, long position);
}
