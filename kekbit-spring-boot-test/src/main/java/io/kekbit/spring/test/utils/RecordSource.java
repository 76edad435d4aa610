package io.kekbit.spring.test.utils;

import io.kekbit.core.Reader;

/**
 * Where {@link KekbitRecords} reads: a channel or a journal. Implementations are thread-safe (immutable).
 */
interface RecordSource
{
    /**
     * Opens a reader at the first record.
     *
     * @return the reader, or null while the channel or journal does not exist yet.
     */
    Reader open();

    /**
     * Names the channel or journal for messages: kind, name, id and files.
     *
     * @return for example {@code channel 'orders' (id 0x3e9, file /tmp/kekbit-test-1/0000_0000/0000_03e9.kekbit)}.
     */
    String describe();

    /**
     * Formats a position for messages.
     *
     * @param position a data or journal position.
     * @return the text.
     */
    String position(long position);
}
