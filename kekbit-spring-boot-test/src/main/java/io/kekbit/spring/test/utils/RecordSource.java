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
     * Names the channel or journal for messages: name, id and files.
     *
     * @return the description.
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
