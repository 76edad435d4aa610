package io.kekbit.journal;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.RecordEncoder;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.PrivateFiles;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records to a journal, rolling to the next segment when a record does not fit in the current one. It is a
 * {@link Writer}: every method behaves as on a channel writer, except that {@link Writer#CHANNEL_FULL} and a
 * {@link Writer#NO_SPACE_FOR_RECORD} caused by the space left make it roll and retry in the new segment, so a write
 * only fails with {@code NO_SPACE_FOR_RECORD} when the record is empty or longer than a segment's max message length
 * ({@link #maxMessageLength()}).
 * <p>
 * <b>Roll.</b> The next segments ({@link JournalConfig#preallocatedSegments()}, default 2) are created, allocated
 * and pre-faulted ahead of time on a background thread ({@code kekbit-journal-<id>}). A roll on the writing thread
 * takes the ready segment, stores the full segment's CLOSE marker (one release store, so readers move on at once),
 * writes the record into the new segment, and hands the full one back to the background thread, which flushes and
 * unmaps it. The roll makes no system call; only if segments fill faster than the background thread creates them
 * does a write wait for it. Retention runs on the same background thread.
 * <p>
 * <b>One writer.</b> Opening takes an exclusive OS file lock on {@code journal.lock} in the journal's folder, released
 * by the OS if the process dies, so a second writer fails at once with a {@link KekbitException}.
 * <p>
 * <b>Crash recovery</b> (when opening): a segment left half-created (its {@code .lock} file present) is deleted; the
 * segment to continue is the newest one that holds records, or the first pre-created one after a closed segment;
 * earlier segments that were not yet closed are closed at their last complete record; the segment is continued with
 * {@link Kekbit#resumeShmWriter}, or, when it is closed, a new one is started. Committed records are never lost or
 * repeated; a record whose length word was not yet published was not committed.
 * <p>
 * {@link #close()} closes the current segment (readers then wait for the next one, which the next writer creates)
 * and deletes the unused pre-created segments (see {@link #close()} for the one it keeps). Not thread-safe: use it
 * from one thread, or wrap it with {@link Kekbit#synchronizedWriter(Writer)}.
 */
public final class JournalWriter implements Writer
{
    private final Path root;
    private final JournalConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final SegmentMaintainer maintainer;
    /** Write offset of a segment with nothing but its initial heartbeat. */
    private static final long FRESH = Long.BYTES;

    /** The segments' max message length (all have the same header fields), so that a roll reads no segment header. */
    private final long maxMessageLength;
    private Segment active;
    private Writer current;
    private long segment;
    private long recordsBefore;
    private boolean closed;

    private JournalWriter(
        final Path root,
        final JournalConfig config,
        final FileChannel lockChannel,
        final FileLock lock,
        final SegmentMaintainer.SegmentFactory factory,
        final Segment active,
        final Segment spare)
    {
        this.root = root;
        this.config = config;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.active = active;
        this.current = active.writer();
        this.segment = active.number();
        this.maxMessageLength = current.header().maxMessageLength();
        this.maintainer = new SegmentMaintainer(root, config, factory, segment, spare);
    }

    static JournalWriter open(final Path root, final JournalConfig config)
    {
        return open(root, config, SegmentMaintainer.shm(config.permissions()));
    }

    /**
     * Opens the writer, creating segments ahead of time with {@code factory} ({@link SegmentMaintainer#shm} but in
     * tests that inject failures).
     */
    static JournalWriter open(
        final Path root, final JournalConfig config, final SegmentMaintainer.SegmentFactory factory)
    {
        final int journalId = config.journalId();
        final Path folder = Journal.folder(root, journalId);
        final Path lockPath = folder.resolve(Journal.WRITER_LOCK_FILE);
        FileChannel lockChannel = null;
        FileLock lock = null;
        try
        {
            PrivateFiles.createFolders(folder, config.permissions());
            lockChannel = openLockFile(lockPath, config);
            try
            {
                lock = lockChannel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                throw new KekbitException("journal " + Integer.toUnsignedString(journalId) +
                    " already has a writer (lock held on " + lockPath + ")");
            }
            final JournalWriter writer = recover(root, config, factory, lockChannel, lock);
            writer.maintainer.start();
            lockChannel = null;
            return writer;
        }
        catch (final IOException ex)
        {
            throw new KekbitException("could not lock journal " + lockPath + ": " + ex, ex);
        }
        finally
        {
            if (lockChannel != null)
            {
                try
                {
                    lockChannel.close();
                }
                catch (final IOException ex)
                {
                    // Best effort; the original failure propagates.
                }
            }
        }
    }

    /**
     * Opens {@code journal.lock}, creating it with the configured permissions; refuses a symbolic link. The file is
     * kept after the writer closes: the OS lock on it, not its existence, says whether a writer is running.
     */
    private static FileChannel openLockFile(final Path lockPath, final JournalConfig config) throws IOException
    {
        try
        {
            return PrivateFiles.createFile(lockPath, config.permissions());
        }
        catch (final FileAlreadyExistsException ex)
        {
            return PrivateFiles.open(lockPath, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    private static JournalWriter recover(
        final Path root,
        final JournalConfig config,
        final SegmentMaintainer.SegmentFactory factory,
        final FileChannel lockChannel,
        final FileLock lock)
    {
        final int journalId = config.journalId();
        final Path folder = Journal.folder(root, journalId);
        for (final long stale : Segments.locked(folder))
        {
            Segments.delete(root, journalId, stale);
        }
        final long[] segments = Segments.list(folder);
        if (segments.length == 0)
        {
            return new JournalWriter(root, config, lockChannel, lock, factory, create(root, config, 0), null);
        }
        int k = segments.length - 1;
        Segments.State state = Segments.state(root, journalId, segments[k]);
        while (k > 0 && state == Segments.State.PRISTINE && segments[k - 1] == segments[k] - 1)
        {
            final Segments.State previous = Segments.state(root, journalId, segments[k - 1]);
            if (previous == Segments.State.CLOSED)
            {
                break;
            }
            k--;
            state = previous;
        }
        final long active = segments[k];
        for (int i = segments.length - 1; i > k + 1; i--)
        {
            Segments.delete(root, journalId, segments[i]);
        }
        for (int i = k - 1; i >= 0; i--)
        {
            final Segments.State previous = Segments.state(root, journalId, segments[i]);
            if (previous == Segments.State.CLOSED)
            {
                break;
            }
            checkNotCorrupt(root, journalId, segments[i], previous);
            Kekbit.resumeShmWriter(root, Journal.channelId(journalId, segments[i])).close();
            Segments.stampClosed(root, journalId, segments[i]);
        }
        checkNotCorrupt(root, journalId, active, state);
        if (state == Segments.State.CLOSED)
        {
            // Closed at a clean close (stamped then) or found full after a crash (never stamped): when is unknown,
            // so retention counts its age from now, never earlier than it should.
            Segments.stampClosed(root, journalId, active);
            return new JournalWriter(root, config, lockChannel, lock, factory, create(root, config, active + 1), null);
        }
        // The spare first: if it cannot be resumed, it is replaced, and nothing else is mapped yet.
        final Segment spare = k + 1 < segments.length ? resumeSpare(root, journalId, segments[k + 1]) : null;
        final Segment current;
        try
        {
            current = resume(root, journalId, active);
        }
        catch (final RuntimeException ex)
        {
            if (spare != null)
            {
                // Its CLOSE marker is harmless: no reader enters it, the segment before it is not closed, and the
                // next recovery passes it (an empty closed segment) to start after it.
                closeQuietly(spare, ex);
            }
            throw ex;
        }
        return new JournalWriter(root, config, lockChannel, lock, factory, current, spare);
    }

    private static Segment create(final Path root, final JournalConfig config, final long number)
    {
        return new Segment(number, Kekbit.shmWriter(root, config.segmentHeader(number), config.permissions()));
    }

    /**
     * Resumes an empty segment created ahead. One that cannot be resumed (truncated, say) is deleted instead, and the
     * background thread creates it again: it holds no record, and no reader is in it, as the segment before it is not
     * closed.
     *
     * @return the spare, or null when it was deleted.
     * @throws KekbitException when it can neither be resumed nor deleted.
     */
    private static Segment resumeSpare(final Path root, final int journalId, final long number)
    {
        try
        {
            return resume(root, journalId, number);
        }
        catch (final KekbitException ex)
        {
            try
            {
                Segments.delete(root, journalId, number);
            }
            catch (final KekbitException deleteFailure)
            {
                ex.addSuppressed(deleteFailure);
                throw ex;
            }
            return null;
        }
    }

    private static void closeQuietly(final Segment segment, final RuntimeException failure)
    {
        try
        {
            segment.close();
        }
        catch (final RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
    }

    private static Segment resume(final Path root, final int journalId, final long number)
    {
        return new Segment(number, Kekbit.resumeShmWriter(root, Journal.channelId(journalId, number)));
    }

    private static void checkNotCorrupt(
        final Path root, final int journalId, final long segment, final Segments.State state)
    {
        if (state == Segments.State.CORRUPT)
        {
            throw new KekbitException("journal segment is corrupt and cannot be continued: " +
                Journal.segmentPath(root, journalId, segment));
        }
    }

    @Override
    public long write(final byte[] src, final int offset, final int length)
    {
        long result;
        do
        {
            result = current.write(src, offset, length);
        }
        while (rolled(result, length));
        return result;
    }

    @Override
    public long write(final ByteBuffer src)
    {
        long result;
        do
        {
            result = current.write(src);
        }
        while (rolled(result, src.remaining()));
        return result;
    }

    @Override
    public long write(final int maxLength, final RecordEncoder encoder)
    {
        long result;
        do
        {
            result = current.write(maxLength, encoder);
        }
        while (rolled(result, maxLength));
        return result;
    }

    /**
     * {@inheritDoc}
     *
     * @return the {@link JournalPosition} of the claimed record (>= 0), or a negative
     *         {@link io.kekbit.core.WriteError} code.
     */
    @Override
    public long tryClaim(final int length, final Claim claim)
    {
        long result;
        do
        {
            result = current.tryClaim(length, claim);
        }
        while (rolled(result, length));
        return result < 0 ? result : (segment << JournalPosition.OFFSET_BITS) | result;
    }

    @Override
    public long heartbeat()
    {
        long result;
        do
        {
            result = current.heartbeat();
        }
        while (rolled(result, 0));
        return result;
    }

    /**
     * Called after every write, claim and heartbeat with its result: false when it succeeded (tested first) or
     * failed in a way a new segment would not mend (closed, a length no segment takes, a segment still empty);
     * otherwise rolls to the next segment and returns true, and the caller tries again there, through the same call
     * site. Called every time, not only on a failure, so that a roll runs as part of the write path's compiled code
     * rather than as rarely called methods of its own, which would stay interpreted. So the roll reads and writes
     * the maintainer's hand-over fields here, in the order {@link SegmentMaintainer} documents, and calls nothing but
     * trivial accessors and the full segment's {@code seal()} (or {@code close()}, when the maintainer is that far
     * behind).
     */
    private boolean rolled(final long result, final int length)
    {
        if (result >= 0 || closed)
        {
            return false;
        }
        final Writer full = current;
        if (result != CHANNEL_FULL &&
            (result != NO_SPACE_FOR_RECORD || length <= 0 || length > maxMessageLength || full.writeOffset() <= FRESH))
        {
            return false;
        }
        final SegmentMaintainer maintainer = this.maintainer;
        final long next = segment + 1;
        if (maintainer.readyThrough < next)
        {
            maintainer.awaitSpare(next);
        }
        final Segment spare = maintainer.spares[(int)(next % maintainer.spares.length)];
        full.seal();
        final long retired = maintainer.retired;
        if (retired - maintainer.closed < SegmentMaintainer.RETIRING_SLOTS)
        {
            maintainer.retiring[(int)(retired % SegmentMaintainer.RETIRING_SLOTS)] = active;
            maintainer.retired = retired + 1;
        }
        else
        {
            // The maintainer is RETIRING_SLOTS segments behind: flush and unmap this one here and now.
            active.close();
        }
        maintainer.activeSegment = next;
        recordsBefore += full.recordCount();
        active = spare;
        current = spare.writer();
        segment = next;
        return true;
    }

    @Override
    public void flush()
    {
        current.flush();
    }

    /**
     * Seals the current segment (its CLOSE marker, no system call); every later write returns
     * {@link io.kekbit.core.WriteError#CLOSED}. Readers take the CLOSE marker as the end of the segment, as at any
     * roll, and move on to the next segment (which may be one created ahead), where they wait: a journal has no end.
     * {@link #close()} still releases everything, and a later writer continues where those readers wait.
     */
    @Override
    public void seal()
    {
        current.seal();
    }

    @Override
    public boolean isSealed()
    {
        return current.isSealed();
    }

    /**
     * Stops the background thread, disposes of the unused segments created ahead, then closes the current segment
     * (CLOSE marker). Idempotent. If any step fails, the others still run, the current segment is closed all the
     * same (every later write returns {@link io.kekbit.core.WriteError#CLOSED}) and the lock is released; then the
     * first failure is thrown, the later ones suppressed.
     * <p>
     * The segments created ahead are deleted, except one case: when the current segment is sealed or full, a reader
     * may already have moved on into the next segment (created ahead, empty). That one is then closed and kept, an
     * empty closed segment, so such a reader moves on past it, to the segment the next writer starts. A deleted one
     * would leave the reader waiting in a file that the next writer re-creates under the same name, and it would miss
     * every record written there.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        RuntimeException failure = null;
        try
        {
            try
            {
                failure = disposeSpares();
            }
            finally
            {
                // Whatever failed before, the current segment gets its CLOSE marker and every later write returns
                // CLOSED (a failed flush still stores the marker and unmaps).
                try
                {
                    active.close();
                    Segments.stampClosed(root, config.journalId(), segment);
                }
                catch (final RuntimeException ex)
                {
                    failure = merge(failure, ex);
                }
            }
        }
        finally
        {
            try
            {
                lock.release();
                lockChannel.close();
            }
            catch (final IOException ex)
            {
                // The OS releases the lock with the process anyway.
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /**
     * Stops the background thread, closes the retired segments still pending and disposes of the spares, going on
     * past failures.
     *
     * @return the first failure (later ones suppressed), or null.
     */
    private RuntimeException disposeSpares()
    {
        final boolean readersMayBeInNext = current.isSealed() || current.available() <= RecordDescriptor.LENGTH_WORD;
        final java.util.List<Segment> spares = maintainer.stop();
        RuntimeException failure = null;
        try
        {
            maintainer.closeAllRetired();
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        // Newest first: a spare is deleted before the one before it is closed, so no reader can enter it.
        for (int i = spares.size() - 1; i >= 0; i--)
        {
            final Segment spare = spares.get(i);
            final Path path = Kekbit.storagePath(root, spare.writer().header().channelId());
            try
            {
                spare.close();
            }
            catch (final RuntimeException ex)
            {
                // A failed close still stored the CLOSE marker and unmapped: go on as if it had succeeded.
                failure = merge(failure, ex);
            }
            if (readersMayBeInNext && spare.number() == segment + 1)
            {
                Segments.stampClosed(root, config.journalId(), spare.number());
                continue;
            }
            try
            {
                Files.deleteIfExists(path);
            }
            catch (final IOException ex)
            {
                // A spare left behind is closed and empty: readers pass through it.
            }
        }
        return failure;
    }

    /**
     * Keeps the first failure and suppresses the later ones.
     *
     * @param first the first failure, or null.
     * @param next  a later failure.
     * @return the failure to throw.
     */
    static RuntimeException merge(final RuntimeException first, final RuntimeException next)
    {
        if (first == null)
        {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    @Override
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Bytes left in the current segment; the journal itself rolls without limit.
     *
     * @return the current segment's {@link Writer#available()}.
     */
    @Override
    public long available()
    {
        return current.available();
    }

    /**
     * {@inheritDoc}
     *
     * @return the {@link JournalPosition} where the next record goes in the current segment.
     */
    @Override
    public long writeOffset()
    {
        return (segment << JournalPosition.OFFSET_BITS) | current.writeOffset();
    }

    @Override
    public long recordCount()
    {
        return recordsBefore + current.recordCount();
    }

    /**
     * {@inheritDoc}
     *
     * @return the current segment's header.
     */
    @Override
    public Header header()
    {
        return current.header();
    }

    /**
     * Number of the segment being written.
     *
     * @return the segment number.
     */
    public long segment()
    {
        return segment;
    }

    /**
     * Largest payload a record may have: the current segment's max message length.
     *
     * @return bytes.
     */
    public long maxMessageLength()
    {
        return current.header().maxMessageLength();
    }

    /**
     * The configuration this writer was opened with.
     *
     * @return the configuration.
     */
    public JournalConfig config()
    {
        return config;
    }

    /**
     * Applies the retention policy now, on the calling thread (it also runs in the background every
     * {@link JournalConfig#retentionInterval()}). Safe to call from any thread.
     *
     * @return what was deleted.
     */
    public RetentionResult applyRetention()
    {
        return maintainer.retainNow();
    }

    /**
     * Rolls that had to wait for the background thread to finish creating the next segment, since this writer was
     * opened. When it grows, segments fill faster than they are created: raise
     * {@link JournalConfig.Builder#preallocatedSegments(int)} or the segment capacity. Safe to call from any thread.
     *
     * @return the count.
     */
    public long waitedRolls()
    {
        return maintainer.waitedRolls();
    }

    /**
     * Segments deleted by retention since this writer was opened. Safe to call from any thread.
     *
     * @return the count.
     */
    public long deletedSegments()
    {
        return maintainer.deletedSegments();
    }

    /**
     * Segments that forced retention deleted while a registered durable reader still needed them. Safe to call from
     * any thread.
     *
     * @return the count.
     */
    public long forcedDeletions()
    {
        return maintainer.forcedDeletions();
    }

    @Override
    public String toString()
    {
        return "JournalWriter{journalId=" + Integer.toUnsignedString(config.journalId()) + ", segment=" + segment +
            ", writeOffset=" + current.writeOffset() + ", closed=" + closed + "}";
    }
}
