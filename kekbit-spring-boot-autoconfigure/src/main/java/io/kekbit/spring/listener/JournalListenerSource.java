package io.kekbit.spring.listener;

import java.nio.file.Path;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.KekbitException;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalReader;

import org.springframework.core.log.LogAccessor;

/**
 * {@link ListenerSource} over kekbit-journal: the reader follows the journal's segments (a segment's CLOSE is not an
 * end), positions are journal positions, and the durable position is the journal-level one, so the journal's
 * retention never deletes a segment this listener has not finished (unless forced). A gap (a segment deleted by forced
 * retention) or a TIMEOUT ends the listener naming the missing segment; with await-recreate a TIMEOUT makes it wait for
 * the writer instead. The lag reader is a second {@link JournalReader} that follows the end of
 * the journal: each call reads only what was written since the previous one, and counts the records it passes. It
 * starts where the listener started, so the records written but not handled are exactly the records it counted
 * minus the records the listener handled since its start; its first read scans the backlog once. It is not a
 * registered durable reader, so retention may delete a segment under it (only when it was not read for longer than
 * retention keeps segments); it then starts again at the listener's position, from which the record lag is exact up
 * to the records of the poll in progress. Thread-safe for the
 * lag methods (synchronized); the others run on the listener thread.
 */
final class JournalListenerSource implements ListenerSource
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final KekbitListenerEndpoint endpoint;
    private final Path root;
    private final int journalId;
    private JournalReader probe;
    /** Where the probe starts: the listener's start position, or -1 before the listener moved to it. */
    private long probeOrigin = -1;
    /** Records the listener had handled at the probe's origin. */
    private long originIndex;
    /** Records the probe passed since its origin (heartbeats excluded). */
    private long probeRecords;
    /** Whether the probe lost its origin (retention deleted its segment) and restarts at the listener's position. */
    private boolean rebase;
    private boolean closed;

    JournalListenerSource(final KekbitListenerEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.root = endpoint.rootPath();
        this.journalId = (int)endpoint.channelId();
    }

    @Override
    public boolean isRoll()
    {
        return true;
    }

    @Override
    public Reader open(final ChannelWaiter waiter)
    {
        return waiter.openJournal(() -> Journal.segments(root, journalId).length > 0,
            () -> Journal.reader(root, journalId));
    }

    @Override
    public DurablePosition openDurable(final String name)
    {
        return Journal.durablePosition(root, journalId, name);
    }

    @Override
    public long moveToStart(final Reader reader, final DurablePosition durable, final StartFrom startFrom)
    {
        switch (startFrom)
        {
            case END:
                Readers.skipToEnd(reader);
                break;
            case DURABLE:
                resume(reader, durable);
                break;
            default:
                break;
        }
        startedAt(reader.position());
        return 0;
    }

    /** The listener (re)started at a position with its record index at 0: the probe counts from there. */
    private synchronized void startedAt(final long position)
    {
        closeProbe();
        probeOrigin = position;
        originIndex = 0;
        rebase = false;
    }

    @Override
    public String describe(final long position)
    {
        return "journal '" + endpoint.channelName() + "' (" + journal() + ") from position " +
            JournalPosition.toString(position);
    }

    /**
     * A journal reader is exhausted only by a gap or corruption (FAILED) or a TIMEOUT: stop, or, for a TIMEOUT with
     * await-recreate, keep waiting for the writer on the same reader.
     */
    @Override
    public Reader afterEnd(final Reader reader, final ChannelWaiter waiter, final ListenerStatus status)
    {
        final ReadError error = reader.exhausted();
        final String why = describe(error, reader);
        if (error == ReadError.TIMEOUT && endpoint.awaitRecreate())
        {
            if (!status.isWaiting())
            {
                LOGGER.warn(() -> "listener '" + endpoint.id() + "': " + why + "; waiting for the writer");
            }
            status.waiting(why);
            reader.moveTo(reader.position());
            return reader;
        }
        status.ended(why);
        LOGGER.warn(() -> "listener '" + endpoint.id() + "' stopped: " + why);
        return null;
    }

    @Override
    public long segment(final long position)
    {
        return JournalPosition.segment(position);
    }

    @Override
    public synchronized long lagRecords(final long recordIndex, final long position)
    {
        if (end(position, recordIndex) < 0)
        {
            return -1;
        }
        return originIndex < 0 ? -1 : Math.max(0, originIndex + probeRecords - recordIndex);
    }

    private void resume(final Reader reader, final DurablePosition durable)
    {
        final long stored = durable.get();
        try
        {
            Journal.resume((JournalReader)reader, durable);
        }
        catch (final KekbitException ex)
        {
            throw new KekbitException("durable position of journal " + journal() + " is " +
                JournalPosition.toString(stored) + ", but segment " + JournalPosition.segment(stored) + " (" +
                Journal.segmentPath(root, journalId, JournalPosition.segment(stored)) + ") cannot be read from " +
                "there: it was deleted (retention with delete-unread) or the position is invalid; the oldest segment " +
                "now is " + oldest() + ": " + ex.getMessage(), ex);
        }
    }

    private String describe(final ReadError error, final Reader reader)
    {
        final JournalReader journalReader = (JournalReader)reader;
        final String at = " at journal position " + JournalPosition.toString(reader.position());
        if (error == ReadError.FAILED && journalReader.missingSegment() >= 0)
        {
            final long missing = journalReader.missingSegment();
            return "FAILED: segment " + missing + " of journal " + journal() + " (" +
                Journal.segmentPath(root, journalId, missing) + ") was deleted before this listener read it " +
                "(retention with delete-unread)" + at + "; the oldest segment now is " + oldest();
        }
        if (error == ReadError.TIMEOUT)
        {
            return "TIMEOUT: the writer of journal " + journal() + " wrote nothing, not even a heartbeat, for longer " +
                "than " + reader.header().timeoutDuration() + at;
        }
        if (error == ReadError.FAILED)
        {
            final String why = reader.failureReason();
            return "FAILED: segment " + JournalPosition.segment(reader.position()) + " of journal " + journal() +
                " is corrupt" + at + (why != null ? ": " + why : "");
        }
        return String.valueOf(error) + at;
    }

    @Override
    public synchronized long lagBytes(final long position)
    {
        final long end = end(position, -1);
        if (end < 0)
        {
            return -1;
        }
        final long segment = JournalPosition.segment(position);
        final long endSegment = JournalPosition.segment(end);
        if (endSegment <= segment)
        {
            return Math.max(0, JournalPosition.offset(end) - JournalPosition.offset(position));
        }
        final long capacity = probe.header().capacity();
        return Math.max(0, capacity - JournalPosition.offset(position)) + (endSegment - segment - 1) * capacity +
            JournalPosition.offset(end);
    }

    @Override
    public synchronized long lagSegments(final long position)
    {
        final long end = end(position, -1);
        return end < 0 ? -1 : Math.max(0, JournalPosition.segment(end) - JournalPosition.segment(position));
    }

    @Override
    public synchronized void close()
    {
        closed = true;
        closeProbe();
    }

    /**
     * Moves the probe to the end of what is written, counting the records it passes.
     *
     * @param from        the listener's position, where a probe without origin starts.
     * @param recordIndex the listener's record index at {@code from}, or -1 when unknown (the record count then
     *                    waits for a call that knows it).
     * @return the end position, or -1 when the journal cannot be read.
     */
    private long end(final long from, final long recordIndex)
    {
        if (closed)
        {
            return -1;
        }
        if (probe == null)
        {
            final boolean atOrigin = probeOrigin >= 0 && !rebase;
            originIndex = atOrigin ? 0 : recordIndex;
            if (!openProbe(atOrigin ? probeOrigin : from))
            {
                return -1;
            }
        }
        else if (originIndex < 0 && recordIndex >= 0)
        {
            // the probe started without a record index: start again at the listener's position, now that it is known
            closeProbe();
            originIndex = recordIndex;
            if (!openProbe(from))
            {
                return -1;
            }
        }
        probeRecords += Readers.skipToEnd(probe);
        if (probe.exhausted() != null)
        {
            if (probe.exhausted() == ReadError.TIMEOUT)
            {
                probe.moveTo(probe.position());
            }
            else
            {
                closeProbe();
                rebase = true;
                return -1;
            }
        }
        return probe.position();
    }

    /** Opens the probe at a position; when it cannot move there (segment deleted), the next call rebases. */
    private boolean openProbe(final long at)
    {
        probeRecords = 0;
        probe = Journal.reader(root, journalId);
        if (probe.moveTo(at) < 0)
        {
            closeProbe();
            rebase = true;
            return false;
        }
        return true;
    }

    private void closeProbe()
    {
        if (probe != null)
        {
            probe.close();
            probe = null;
        }
    }

    private String journal()
    {
        return Integer.toUnsignedString(journalId);
    }

    private String oldest()
    {
        final long[] segments = Journal.segments(root, journalId);
        return segments.length == 0 ? "(none)" : Long.toString(segments[0]);
    }
}
