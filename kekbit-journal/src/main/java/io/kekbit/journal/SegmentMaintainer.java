package io.kekbit.journal;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Writer;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal writer's background thread: creates and pre-faults the next segments ahead of time
 * ({@link JournalConfig#preallocatedSegments()} of them), flushes and unmaps retired segments, and applies retention,
 * so that none of this runs on the writing thread.
 * <p>
 * Thread-safety: {@link #run()} runs only on the maintainer thread; the writing thread takes spares and hands over
 * full segments in {@code JournalWriter.rolled}, which reads and writes the fields below directly (a roll runs too
 * rarely for the JIT to compile methods of its own, so it is compiled into each write instead; see there). Both
 * hand-overs are single-producer single-consumer rings of plain array slots published by one volatile counter:
 * <ul>
 * <li>spares: the maintainer stores spare segment {@code n} in slot {@code n % depth}, then publishes it with the
 * volatile store {@code readyThrough = n}; it only creates {@code n <= activeSegment + depth}, so the slot it fills
 * held segment {@code n - depth}, which the writer took before it stored {@code activeSegment}.</li>
 * <li>retired segments: the writer stores the full segment in slot {@code retired % RETIRING_SLOTS}, then publishes
 * it with the volatile store {@code retired + 1}; the maintainer closes it and publishes {@code closed + 1}.</li>
 * </ul>
 * The writer publishes the retired segment before it stores the new {@code activeSegment}, so a retention pass that
 * reads {@code activeSegment} first never misses a segment that is still mapped.
 */
final class SegmentMaintainer implements Runnable
{
    /**
     * Longest the thread sleeps between checks. A roll does not wake it (waking costs the writing thread a system
     * call); it notices the taken spare within this time, or at once when a roll has to wait for a spare.
     */
    private static final long MAX_PARK_NANOS = 1_000_000L;
    /** Full segments waiting to be flushed and unmapped, by {@code number % RETIRING_SLOTS}. */
    static final int RETIRING_SLOTS = 16;
    /** First wait before retrying a failed spare creation; it doubles after each failure up to the max. */
    private static final long MIN_RETRY_NANOS = 1_000_000L;
    /** Longest wait between retries of a failed spare creation (a roll that needs the spare retries at once). */
    private static final long MAX_RETRY_NANOS = 1_000_000_000L;
    private static final System.Logger LOG = System.getLogger(SegmentMaintainer.class.getName());
    /**
     * Creates segments with {@link Kekbit#shmWriter(Path, Header, Set)}.
     *
     * @param permissions permissions of the segment files.
     * @return the factory.
     */
    static SegmentFactory shm(final Set<PosixFilePermission> permissions)
    {
        return (root, header) -> Kekbit.shmWriter(root, header, permissions);
    }

    private final Path root;
    private final JournalConfig config;
    private final SegmentFactory factory;
    final Segment[] retiring = new Segment[RETIRING_SLOTS];
    private final long retentionIntervalNanos;
    private final Thread thread;
    final Segment[] spares;
    private final int depth;
    volatile long activeSegment;
    /** Highest segment number whose spare is published in {@link #spares}. Written by the maintainer only. */
    volatile long readyThrough;
    /** Segments handed to {@link #retiring} so far. Written by the writing thread only. */
    volatile long retired;
    /** Retired segments closed so far. Written under this object's lock only. */
    volatile long closed;
    /**
     * Why the last attempt to create a spare failed (null once one succeeds), or why the thread stopped. Written by
     * the maintainer only.
     */
    private volatile Throwable failure;
    /** Rolls that had to ask for a spare at once; written by the writing thread only. */
    private volatile long spareRequests;
    /** {@link #spareRequests} as read when the last failed attempt started; written by the maintainer only. */
    private volatile long failedRequest;
    /** Maintainer thread only: the request the last attempt served, and the retry backoff. */
    private long servedRequest;
    private long retryDelayNanos;
    private long retryAtNanos;
    /** Set when {@link #run()} ended on an unexpected exception or error: no spare will ever come. */
    private volatile boolean dead;
    private volatile boolean running = true;
    private volatile long waitedRolls;
    private volatile long deletedSegments;
    private volatile long forcedDeletions;
    private volatile RetentionResult lastRetention;

    SegmentMaintainer(
        final Path root,
        final JournalConfig config,
        final SegmentFactory factory,
        final long activeSegment,
        final Segment spare)
    {
        this.root = root;
        this.config = config;
        this.factory = factory;
        this.activeSegment = activeSegment;
        this.depth = config.preallocatedSegments();
        this.spares = new Segment[depth];
        this.readyThrough = activeSegment;
        if (spare != null)
        {
            if (spare.number() != activeSegment + 1)
            {
                throw new IllegalArgumentException(
                    "spare segment " + spare.number() + " does not follow the active segment " + activeSegment);
            }
            spares[slot(spare.number())] = spare;
            readyThrough = spare.number();
        }
        this.retentionIntervalNanos = config.retentionInterval().toNanos();
        this.thread = new Thread(this, "kekbit-journal-" + Integer.toUnsignedString(config.journalId()));
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Waits until the maintainer has created spare {@code newSegment}. Asks it for an attempt at once, whatever its
     * retry backoff, and throws only if that fresh attempt (or a later one) fails, never for an older failure whose
     * cause may have gone; or at once when the thread has died.
     */
    void awaitSpare(final long newSegment)
    {
        waitedRolls++;
        final long request = spareRequests + 1;
        spareRequests = request;
        LockSupport.unpark(thread);
        while (readyThrough < newSegment)
        {
            if (dead)
            {
                final Throwable ex = failure;
                throw new KekbitException("journal " + Integer.toUnsignedString(config.journalId()) +
                    ": could not create segment " + newSegment + ": the background thread " + thread.getName() +
                    " stopped on " + ex, ex);
            }
            if (failedRequest >= request)
            {
                // An attempt that started after this request failed; the thread goes on retrying in the background.
                final Throwable ex = failure;
                if (readyThrough >= newSegment)
                {
                    break;
                }
                throw new KekbitException("journal " + Integer.toUnsignedString(config.journalId()) +
                    ": could not create segment " + newSegment + ": " + ex, ex);
            }
            Thread.yield();
        }
    }

    private int slot(final long segment)
    {
        return (int)(segment % depth);
    }

    /**
     * Flushes and unmaps the retired segments. Holds this object's lock so that a retention pass on another
     * thread never deletes a segment that is taken but not yet unmapped.
     *
     * @return true when a segment was closed.
     */
    private synchronized boolean closeRetired()
    {
        final long count = retired;
        long done = closed;
        if (done == count)
        {
            return false;
        }
        while (done < count)
        {
            final int slot = (int)(done % RETIRING_SLOTS);
            final Segment old = retiring[slot];
            // Cleared only once closed: if close() throws, the slot still holds the oldest segment not unmapped,
            // which deletableBelow() reads.
            old.close();
            Segments.stampClosed(root, config.journalId(), old.number());
            retiring[slot] = null;
            closed = ++done;
        }
        return true;
    }

    /**
     * Closes every retired segment still pending, after {@link #stop()}, even when some fail to close (a failed
     * close still unmaps).
     *
     * @throws RuntimeException the first failure, with the later ones suppressed.
     */
    synchronized void closeAllRetired()
    {
        RuntimeException failure = null;
        while (closed < retired)
        {
            final long done = closed;
            final int slot = (int)(done % RETIRING_SLOTS);
            final Segment old = retiring[slot];
            try
            {
                old.close();
                Segments.stampClosed(root, config.journalId(), old.number());
            }
            catch (final RuntimeException ex)
            {
                failure = JournalWriter.merge(failure, ex);
            }
            retiring[slot] = null;
            closed = done + 1;
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    /**
     * Segments below this number are closed and unmapped by this writer: the active segment, or the oldest retired
     * one still waiting. Reads the active segment first, so a segment retired meanwhile is never below the result.
     */
    private long deletableBelow()
    {
        final long bound = activeSegment;
        final long done = closed;
        // The oldest pending segment is the first one not closed; called under this object's lock, so none is
        // closed meanwhile, and the writer only adds newer ones.
        return retired > done ? Math.min(bound, retiring[(int)(done % RETIRING_SLOTS)].number()) : bound;
    }

    /**
     * The thread's loop. Any exception or error that escapes it (from closing a retired segment, creating a spare,
     * or retention) is kept as {@link #failure} and marks the maintainer dead, so that a roll waiting for a spare
     * fails instead of spinning forever.
     */
    @Override
    public void run()
    {
        try
        {
            maintain();
        }
        catch (final Throwable ex)
        {
            failure = ex;
            dead = true;
            LOG.log(System.Logger.Level.ERROR, () -> "journal " + Integer.toUnsignedString(config.journalId()) +
                ": background thread stopped; rolls that need a new segment will fail: " + ex, ex);
        }
    }

    private void maintain()
    {
        long nextRetention = System.nanoTime();
        while (running)
        {
            boolean worked = false;
            if (closeRetired())
            {
                worked = true;
            }
            final long now = System.nanoTime();
            if (running && createSpare(now))
            {
                worked = true;
            }
            if (now - nextRetention >= 0)
            {
                nextRetention = now + retentionIntervalNanos;
                retain();
            }
            if (!worked)
            {
                LockSupport.parkNanos(this, Math.max(1, Math.min(MAX_PARK_NANOS, nextRetention - now)));
            }
        }
    }

    /**
     * Creates the first missing spare among the {@code depth} segments after the active one. After a failure it
     * retries with a backoff (1 ms doubling to 1 s), or at once when a roll asks for the spare.
     *
     * @param now {@link System#nanoTime()}.
     * @return true when an attempt was made, false when all are ready or the retry is not due.
     */
    private boolean createSpare(final long now)
    {
        final long active = activeSegment;
        final long number = readyThrough + 1;
        if (number > active + depth || (number > JournalPosition.MAX_SEGMENT && number != active + 1))
        {
            return false;
        }
        final long request = spareRequests;
        if (failure != null && request == servedRequest && now - retryAtNanos < 0)
        {
            return false;
        }
        servedRequest = request;
        try
        {
            if (number > JournalPosition.MAX_SEGMENT)
            {
                throw new KekbitException("journal " + Integer.toUnsignedString(config.journalId()) +
                    " reached its last segment number " + JournalPosition.MAX_SEGMENT);
            }
            spares[slot(number)] = new Segment(number, factory.create(root, config.segmentHeader(number)));
            readyThrough = number;
        }
        catch (final RuntimeException ex)
        {
            if (failure == null)
            {
                LOG.log(System.Logger.Level.ERROR, () -> "could not create journal segment " + number +
                    " (retrying in the background): " + ex);
            }
            failure = ex;
            failedRequest = request;
            retryDelayNanos = retryDelayNanos == 0 ? MIN_RETRY_NANOS : Math.min(MAX_RETRY_NANOS, retryDelayNanos * 2);
            retryAtNanos = now + retryDelayNanos;
            return true;
        }
        if (failure != null)
        {
            LOG.log(System.Logger.Level.INFO, () -> "created journal segment " + number + " after failed attempts");
            failure = null;
            retryDelayNanos = 0;
        }
        return true;
    }

    private void retain()
    {
        if (!config.retention().isLimited())
        {
            return;
        }
        try
        {
            final RetentionResult result = JournalRetention.apply(
                root, config.journalId(), activeSegment, deletableBelow(), config.retention());
            synchronized (this)
            {
                deletedSegments += result.deleted();
                forcedDeletions += result.forced();
            }
            lastRetention = result;
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, () -> "journal retention failed: " + ex, ex);
        }
    }

    /**
     * Runs one retention pass now, on the calling thread.
     *
     * @return the result.
     */
    synchronized RetentionResult retainNow()
    {
        final RetentionResult result = JournalRetention.apply(
            root, config.journalId(), activeSegment, deletableBelow(), config.retention());
        deletedSegments += result.deleted();
        forcedDeletions += result.forced();
        lastRetention = result;
        return result;
    }

    /**
     * Stops the thread and returns the unused spares. Retired segments still pending are left to
     * {@link #closeAllRetired()}.
     *
     * @return the spare segments, oldest first, for the caller to dispose of.
     */
    java.util.List<Segment> stop()
    {
        running = false;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive())
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        final java.util.List<Segment> unused = new java.util.ArrayList<>();
        for (long segment = activeSegment + 1; segment <= readyThrough; segment++)
        {
            unused.add(spares[slot(segment)]);
            spares[slot(segment)] = null;
        }
        return unused;
    }

    long waitedRolls()
    {
        return waitedRolls;
    }

    long deletedSegments()
    {
        return deletedSegments;
    }

    long forcedDeletions()
    {
        return forcedDeletions;
    }

    RetentionResult lastRetention()
    {
        return lastRetention;
    }

    /** Creates the channel of a segment; {@link #shm} but in tests that inject failures. */
    @FunctionalInterface
    interface SegmentFactory
    {
        /**
         * Creates, maps and pre-faults a new channel.
         *
         * @param root   root folder.
         * @param header the segment's header.
         * @return its writer.
         */
        Writer create(Path root, Header header);
    }
}
