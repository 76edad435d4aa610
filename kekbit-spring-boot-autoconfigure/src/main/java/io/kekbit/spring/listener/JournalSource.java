package io.kekbit.spring.listener;

import java.nio.file.Path;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;

/**
 * The journal-specific steps of a listener that reads a rolling journal ({@code kekbit.readers.<name>.roll=true}).
 * The container only sees this interface and {@link Reader}; the implementation, {@link JournalListenerSource}, is
 * loaded only for roll listeners, so kekbit-journal stays an optional dependency. The lag methods are thread-safe;
 * the others run on the listener thread.
 */
interface JournalSource
{
    /**
     * Creates the source of a journal.
     *
     * @param root      root folder.
     * @param journalId journal id, 1 to 2^32 - 1.
     * @return the source.
     */
    static JournalSource create(final Path root, final long journalId)
    {
        return new JournalListenerSource(root, (int)journalId);
    }

    /**
     * Whether the journal has at least one segment.
     *
     * @return true once the writer created segment 0 (or any later one).
     */
    boolean exists();

    /**
     * Opens a reader at the start of the oldest segment.
     *
     * @return the journal reader.
     */
    Reader openReader();

    /**
     * Opens the listener's journal-level durable position, which registers it with the journal's retention.
     *
     * @param name durable name.
     * @return the durable position.
     */
    DurablePosition openDurable(String name);

    /**
     * Moves the reader to its durable position (a new one is set to the reader's position).
     *
     * @param reader  the journal reader.
     * @param durable the durable position.
     * @throws io.kekbit.core.KekbitException when the stored position's segment no longer exists; the message names
     *                                        it.
     */
    void resume(Reader reader, DurablePosition durable);

    /**
     * Explains why the reader is exhausted.
     *
     * @param error  the read error.
     * @param reader the journal reader.
     * @return a message naming the journal, the segment and the position.
     */
    String describe(ReadError error, Reader reader);

    /**
     * Text form of a journal position.
     *
     * @param position a journal position.
     * @return {@code segment:offset}.
     */
    String format(long position);

    /**
     * Bytes written after a listener's position: exact inside one segment; across segments, every segment the
     * listener has not finished counts as full (a segment rolls when a record no longer fits, so this overstates by
     * less than one max message length per segment).
     *
     * @param position the listener's journal position.
     * @return the lag in bytes, or -1 when the journal cannot be read.
     */
    long lagBytes(long position);

    /**
     * Segments between a listener's segment and the segment being written.
     *
     * @param position the listener's journal position.
     * @return the count, or -1 when the journal cannot be read.
     */
    long lagSegments(long position);

    /** Releases the lag reader's mapping. */
    void close();
}
