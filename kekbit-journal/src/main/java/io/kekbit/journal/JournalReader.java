package io.kekbit.journal;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.ControlledRecordHandler;
import io.kekbit.core.Header;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.TickUnit;
import io.kekbit.core.layout.StorageDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a journal's records in order across its segments. It is a {@link Reader}, so it works with
 * {@link io.kekbit.core.DurablePosition} and anything else that takes a reader; positions (returned by
 * {@link #position()}, passed to handlers and accepted by {@link #moveTo(long)}) are {@link JournalPosition}s.
 * <p>
 * <b>Rolls.</b> When the current segment ends (its CLOSE marker, or its capacity), the reader unmaps it and moves to
 * {@code (segment + 1, 0)} in the same call; records are never skipped or repeated at a roll. If the next segment
 * does not exist yet, the reader waits for it: reads return 0 and {@link #position()} is {@code (segment + 1, 0)}.
 * <p>
 * <b>Gaps.</b> If the segment it needs was deleted (a forced retention) while a later one exists, the reader does not
 * skip: it is exhausted with {@link ReadError#FAILED} and {@link #missingSegment()} names the segment. A
 * {@link #moveTo(long)} to a later position is the explicit way on.
 * <p>
 * <b>Exhaustion.</b> Only {@link ReadError#FAILED} (corrupt segment or gap) and {@link ReadError#TIMEOUT} (the
 * writer wrote nothing, not even a heartbeat, for the segments' timeout) end a journal reader; both are sticky until
 * a successful {@link #moveTo(long)} (for example {@code moveTo(position())} to wait again after a timeout). A
 * closed segment is not an end: the journal goes on.
 * <p>
 * A read delivers records from one segment per call. Waiting at a boundary costs a file-system lookup per call, and
 * at most every 10 ms a folder listing to detect gaps. Not thread-safe: poll from one thread at a time.
 */
public final class JournalReader implements Reader
{
    private static final long GAP_CHECK_INTERVAL_NANOS = 10_000_000L;

    private final Path root;
    private final int journalId;
    private final Path folder;
    private final PositionAdapter adapter = new PositionAdapter();
    private final ControlledPositionAdapter controlledAdapter = new ControlledPositionAdapter();
    private Reader segmentReader;
    private long segment;
    private Header lastHeader;
    private ReadError exhausted;
    private long missingSegment = -1;
    private Path waitingPath;
    private Path waitingLock;
    private long nextGapCheck;
    private boolean closed;

    JournalReader(final Path root, final int journalId)
    {
        this(root, journalId, Segments.list(Journal.folder(root, journalId)));
    }

    /**
     * Opens the reader at the oldest of {@code listed}. Retention may delete that segment between the listing and
     * the open: the reader then starts at the new oldest segment instead of reporting a gap, since it has no
     * position of its own yet (a durable or explicit position is applied later, with {@link #moveTo(long)}).
     *
     * @param listed the segments listed just before, oldest first.
     */
    JournalReader(final Path root, final int journalId, final long[] listed)
    {
        this.root = root;
        this.journalId = journalId;
        this.folder = Journal.folder(root, journalId);
        long[] segments = listed;
        while (true)
        {
            segment = segments.length > 0 ? segments[0] : 0;
            waitingPath = null;
            if (openNext() || exhausted == null)
            {
                break;
            }
            // openNext() found the oldest segment gone while a later one exists: deleted since the listing.
            final long[] again = Segments.list(folder);
            clearExhaustion();
            if (again.length == 0 || again[0] <= segment)
            {
                break;
            }
            segments = again;
        }
    }

    @Override
    public long read(final RecordHandler handler, final int maxRecords)
    {
        return poll(handler, null, maxRecords);
    }

    @Override
    public long controlledRead(final ControlledRecordHandler handler, final int maxRecords)
    {
        return poll(null, handler, maxRecords);
    }

    private long poll(final RecordHandler handler, final ControlledRecordHandler controlled, final int maxRecords)
    {
        if (exhausted != null)
        {
            return exhausted.code();
        }
        while (true)
        {
            if (segmentReader == null && !openNext())
            {
                return exhausted != null ? exhausted.code() : 0;
            }
            final long result;
            if (handler != null)
            {
                adapter.delegate = handler;
                adapter.base = segment << JournalPosition.OFFSET_BITS;
                try
                {
                    result = segmentReader.read(adapter, maxRecords);
                }
                finally
                {
                    adapter.delegate = null;
                }
            }
            else
            {
                controlledAdapter.delegate = controlled;
                controlledAdapter.base = segment << JournalPosition.OFFSET_BITS;
                try
                {
                    result = segmentReader.controlledRead(controlledAdapter, maxRecords);
                }
                finally
                {
                    controlledAdapter.delegate = null;
                }
            }
            final ReadError error = segmentReader.exhausted();
            if (error == ReadError.CLOSED || error == ReadError.CHANNEL_FULL)
            {
                advance();
                if (result > 0)
                {
                    return result;
                }
                continue;
            }
            if (error != null)
            {
                exhausted = error;
                return result > 0 ? result : error.code();
            }
            return result;
        }
    }

    private void advance()
    {
        segmentReader.close();
        segmentReader = null;
        segment++;
        waitingPath = null;
    }

    /**
     * Tries to open the segment the reader waits for.
     *
     * @return true when it is open.
     */
    private boolean openNext()
    {
        if (segment > JournalPosition.MAX_SEGMENT)
        {
            return false;
        }
        if (waitingPath == null)
        {
            final long channelId = Journal.channelId(journalId, segment);
            waitingPath = StorageDescriptor.channelPath(root, channelId);
            waitingLock = StorageDescriptor.lockPath(root, channelId);
            nextGapCheck = System.nanoTime();
        }
        if (Files.exists(waitingPath) && !Files.exists(waitingLock))
        {
            final Reader reader = tryOpen(segment);
            if (reader != null)
            {
                segmentReader = reader;
                lastHeader = reader.header();
                waitingPath = null;
                return true;
            }
            return false;
        }
        final long now = System.nanoTime();
        if (now - nextGapCheck >= 0)
        {
            nextGapCheck = now + GAP_CHECK_INTERVAL_NANOS;
            // List first, then test the awaited file: segments are created in order, so a later segment that
            // exists before our file is missing means ours was deleted. (The other order reports a false gap when
            // the thread is descheduled between the two checks while ours and a later one are created.)
            if (Segments.laterExists(folder, segment) && !Files.exists(waitingPath))
            {
                exhausted = ReadError.FAILED;
                missingSegment = segment;
            }
        }
        return false;
    }

    private Reader tryOpen(final long number)
    {
        try
        {
            return Kekbit.shmReader(root, Journal.channelId(journalId, number));
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.STORAGE_NOT_FOUND || ex.reason() == ChannelError.STORAGE_NOT_READY)
            {
                return null;
            }
            throw ex;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @return the {@link JournalPosition} of the next record to read.
     */
    @Override
    public long position()
    {
        return (segment << JournalPosition.OFFSET_BITS) | (segmentReader != null ? segmentReader.position() : 0);
    }

    /**
     * Moves to a journal position: the start of a record in an existing segment (heartbeats included), the end of
     * the written data of a segment, or the start {@code (s, 0)} of a segment {@code s} that does not exist yet but
     * comes right after the newest one (or is segment 0 of an empty journal), where the reader waits. A successful
     * move clears exhaustion and any gap. An empty segment that the writer created ahead, after one it has not closed
     * yet, is {@link InvalidPosition#UNAVAILABLE}: the writer deletes it at close, and a reader waiting in it would
     * miss the records a later writer writes there.
     *
     * @param position a {@link JournalPosition}.
     * @return the position, or a negative {@link InvalidPosition} code ({@link InvalidPosition#UNALIGNED} inside a
     *         record, {@link InvalidPosition#UNAVAILABLE} in a deleted or future segment or beyond the written data);
     *         the reader is unchanged on failure.
     */
    @Override
    public long moveTo(final long position)
    {
        if (position < 0)
        {
            return InvalidPosition.UNAVAILABLE.code();
        }
        final long target = JournalPosition.segment(position);
        final long offset = JournalPosition.offset(position);
        if (segmentReader != null && target == segment)
        {
            final long result = segmentReader.moveTo(offset);
            if (result < 0)
            {
                return result;
            }
            clearExhaustion();
            return position;
        }
        final long[] segments = Segments.list(folder);
        if (contains(segments, target))
        {
            if (isCreatedAhead(segments, target))
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            final Reader reader;
            try
            {
                reader = tryOpen(target);
            }
            catch (final ChannelException ex)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            if (reader == null)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            final long result = reader.moveTo(offset);
            if (result < 0)
            {
                reader.close();
                return result;
            }
            switchTo(target, reader);
            return position;
        }
        final boolean next = segments.length == 0 ? target == 0 : target == segments[segments.length - 1] + 1;
        if (offset == 0 && next)
        {
            switchTo(target, null);
            return position;
        }
        return InvalidPosition.UNAVAILABLE.code();
    }

    private void switchTo(final long target, final Reader reader)
    {
        if (segmentReader != null)
        {
            segmentReader.close();
        }
        segmentReader = reader;
        segment = target;
        waitingPath = null;
        if (reader != null)
        {
            lastHeader = reader.header();
        }
        clearExhaustion();
    }

    private void clearExhaustion()
    {
        exhausted = null;
        missingSegment = -1;
    }

    /**
     * Whether {@code target} is an empty segment that the writer created ahead of time after one it has not closed
     * yet. A reader never reaches it by reading, and the writer deletes it at close (a later writer creates it
     * again), so a reader waiting in it would miss what is written there.
     */
    private boolean isCreatedAhead(final long[] segments, final long target)
    {
        if (target == 0 || !contains(segments, target - 1))
        {
            return false;
        }
        try
        {
            return Segments.state(root, journalId, target) == Segments.State.PRISTINE &&
                Segments.state(root, journalId, target - 1) != Segments.State.CLOSED;
        }
        catch (final RuntimeException ex)
        {
            // Deleted or being created meanwhile: the open below decides.
            return false;
        }
    }

    private static boolean contains(final long[] sorted, final long value)
    {
        return java.util.Arrays.binarySearch(sorted, value) >= 0;
    }

    @Override
    public ReadError exhausted()
    {
        return exhausted;
    }

    /**
     * The deleted segment behind a {@link ReadError#FAILED} gap.
     *
     * @return the segment number, or -1 when there is no gap.
     */
    public long missingSegment()
    {
        return missingSegment;
    }

    /**
     * Number of the segment being read or waited for.
     *
     * @return the segment number.
     */
    public long segment()
    {
        return segment;
    }

    @Override
    public long timeoutExpiration()
    {
        return segmentReader != null ? segmentReader.timeoutExpiration() : 0;
    }

    /**
     * {@inheritDoc} For a gap ({@link #missingSegment()} is set) it names the missing segment.
     */
    @Override
    public String failureReason()
    {
        if (exhausted != ReadError.FAILED)
        {
            return null;
        }
        if (missingSegment >= 0)
        {
            return "journal folder " + folder + ": segment " + missingSegment + " is missing while a later one exists";
        }
        return segmentReader != null ? segmentReader.failureReason() : null;
    }

    /**
     * {@inheritDoc}
     *
     * @return the header of the current segment, or of the last one read while waiting for the next; before any
     *         segment was opened, a placeholder carrying only the awaited segment's channel id.
     */
    @Override
    public Header header()
    {
        if (lastHeader == null)
        {
            return Header.of(0, Journal.channelId(journalId, segment), 0, 0, 0, TickUnit.MILLIS);
        }
        return lastHeader;
    }

    /**
     * The journal id.
     *
     * @return the id.
     */
    public int journalId()
    {
        return journalId;
    }

    Path root()
    {
        return root;
    }

    /**
     * Releases the current segment's mapping. Idempotent.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (segmentReader != null)
            {
                segmentReader.close();
                segmentReader = null;
            }
        }
    }

    @Override
    public String toString()
    {
        return "JournalReader{journalId=" + Integer.toUnsignedString(journalId) + ", position=" +
            JournalPosition.toString(position()) + ", exhausted=" + exhausted + ", missingSegment=" +
            missingSegment + "}";
    }

    /** Re-points record positions from segment positions to journal positions, without allocating. */
    private static final class PositionAdapter implements RecordHandler
    {
        private RecordHandler delegate;
        private long base;

        @Override
        public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            delegate.onRecord(buffer, offset, length, base | position);
        }
    }

    /** Controlled variant of {@link PositionAdapter}. */
    private static final class ControlledPositionAdapter implements ControlledRecordHandler
    {
        private ControlledRecordHandler delegate;
        private long base;

        @Override
        public Action onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            return delegate.onRecord(buffer, offset, length, base | position);
        }
    }
}
