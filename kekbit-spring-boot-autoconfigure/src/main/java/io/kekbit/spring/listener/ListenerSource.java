package io.kekbit.spring.listener;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Reader;

/**
 * Where a listener's records come from: a single channel ({@link ChannelListenerSource}) or a rolling journal
 * ({@link JournalListenerSource}). The poll loop only sees this interface and {@link Reader}: the source opens the
 * reader, opens the durable position, moves to the start, decides what an exhausted reader means (stop, or go on
 * with the same or a new reader), and measures the lag. The journal implementation is loaded only for roll
 * listeners, so kekbit-journal stays an optional dependency. The lag methods are thread-safe (health and metrics
 * call them); the others run on the poll thread.
 */
interface ListenerSource
{
    /**
     * Creates the source of an endpoint.
     *
     * @param endpoint the listener settings.
     * @return a journal source when the endpoint rolls, else a channel source.
     */
    static ListenerSource create(final KekbitListenerEndpoint endpoint)
    {
        return endpoint.roll() ? new JournalListenerSource(endpoint) :
            new ChannelListenerSource(endpoint);
    }

    /**
     * Whether the source is a rolling journal.
     *
     * @return true for a journal.
     */
    boolean isRoll();

    /**
     * Opens the reader, waiting for the channel or journal to appear.
     *
     * @param waiter the waiter of the listener.
     * @return the reader, or null when the listener was stopped or failed (reported through the waiter's status).
     */
    Reader open(ChannelWaiter waiter);

    /**
     * Opens the listener's durable position (for a journal, the journal-level one, which registers the listener
     * with the journal's retention).
     *
     * @param name durable name.
     * @return the durable position.
     */
    DurablePosition openDurable(String name);

    /**
     * Moves a new reader to where the listener starts.
     *
     * @param reader    the reader, at its start.
     * @param durable   the durable position.
     * @param startFrom where to start.
     * @return records before the reader's new position, or 0 when the source does not count them (a journal).
     * @throws io.kekbit.core.KekbitException when the durable position cannot be resumed; the message names it.
     */
    long moveToStart(Reader reader, DurablePosition durable, StartFrom startFrom);

    /**
     * Names the source and a position, for the log.
     *
     * @param position a position of this source.
     * @return for example {@code channel 'orders' (0x2a) from position 128}.
     */
    String describe(long position);

    /**
     * Handles an exhausted reader.
     *
     * @param reader the exhausted reader.
     * @param waiter the waiter of the listener.
     * @param status where a wait or an end is reported.
     * @return the same reader, made readable again, to keep polling it; a new reader (the old one closed) to read a
     *         re-created channel from position 0; or null to stop, after {@link ListenerStatus#ended} or
     *         {@link ListenerStatus#failed} said why (or because a stop was requested while waiting).
     */
    Reader afterEnd(Reader reader, ChannelWaiter waiter, ListenerStatus status);

    /**
     * Segment of a position.
     *
     * @param position a position of this source.
     * @return the segment for a journal; 0 for a channel.
     */
    long segment(long position);

    /**
     * Bytes written after a listener's position.
     *
     * @param position the listener's position.
     * @return the lag in bytes, or -1 when the source cannot be read.
     */
    long lagBytes(long position);

    /**
     * Records written and not yet handled by the listener.
     *
     * @param recordIndex records the listener has handled: since the start of the channel, or for a journal since
     *                    the listener's start position.
     * @param position    the listener's position.
     * @return the lag in records, or -1 when the source cannot be read.
     */
    long lagRecords(long recordIndex, long position);

    /**
     * Segments between a listener's segment and the segment being written.
     *
     * @param position the listener's position.
     * @return the count for a journal (-1 when it cannot be read); 0 for a channel.
     */
    long lagSegments(long position);

    /** Releases the lag reader's mapping. */
    void close();
}
