package io.kekbit.journal;

import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal writer's background thread: creates and pre-faults the next segment ahead of time, closes retired
 * segments (CLOSE marker, msync, unmap) and applies retention, so that none of this runs on the writing thread.
 * <p>
 * Thread-safety: {@link #roll} is called only by the writing thread; {@link #run()} only by the maintainer thread.
 * They hand over through volatile fields: {@code spare} is set only by the maintainer and cleared only by the
 * writer; {@code activeSegment} is written before {@code spare} is cleared, so a maintainer that sees no spare
 * also sees which segment to create next.
 */
final class SegmentMaintainer implements Runnable
{
    /**
     * Longest the thread sleeps between checks. A roll does not wake it (waking costs the writing thread a system
     * call); it notices the taken spare within this time, or at once when a roll has to wait for a spare.
     */
    private static final long MAX_PARK_NANOS = 1_000_000L;
    private static final System.Logger LOG = System.getLogger(SegmentMaintainer.class.getName());

    private final Path root;
    private final JournalConfig config;
    private final AtomicReference<Segment> retiring = new AtomicReference<>();
    private final long retentionIntervalNanos;
    private final Thread thread;
    private volatile Segment spare;
    private volatile long activeSegment;
    private volatile long retiredBelow;
    private volatile RuntimeException failure;
    private volatile boolean running = true;
    private volatile long deletedSegments;
    private volatile long forcedDeletions;
    private volatile RetentionResult lastRetention;

    SegmentMaintainer(final Path root, final JournalConfig config, final long activeSegment, final Segment spare)
    {
        this.root = root;
        this.config = config;
        this.activeSegment = activeSegment;
        this.retiredBelow = activeSegment;
        this.spare = spare;
        this.retentionIntervalNanos = config.retentionInterval().toNanos();
        this.thread = new Thread(this, "kekbit-journal-" + Integer.toUnsignedString(config.journalId()));
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Called by the writing thread: takes the pre-created segment {@code newSegment}, waiting for it if the
     * maintainer has not finished creating it.
     *
     * @param newSegment number of the segment to write next.
     * @return the new segment.
     * @throws KekbitException when the segment could not be created; the maintainer retries on the next call.
     */
    Segment takeSpare(final long newSegment)
    {
        Segment next = spare;
        if (next == null)
        {
            LockSupport.unpark(thread);
            while ((next = spare) == null)
            {
                final RuntimeException ex = failure;
                if (ex != null)
                {
                    failure = null;
                    LockSupport.unpark(thread);
                    throw new KekbitException("could not create journal segment " + newSegment + ": " + ex, ex);
                }
                Thread.yield();
            }
        }
        activeSegment = newSegment;
        spare = null;
        return next;
    }

    /**
     * Called by the writing thread after {@link #takeSpare}: hands the full segment, its CLOSE marker already
     * stored, over to be flushed and unmapped (closed at once on the calling thread if an earlier one is still
     * pending).
     *
     * @param old the full segment.
     */
    void retire(final Segment old)
    {
        if (!retiring.compareAndSet(null, old))
        {
            old.close();
            retiredBelow = old.number() + 1;
        }
    }

    @Override
    public void run()
    {
        long nextRetention = System.nanoTime();
        while (running)
        {
            boolean worked = false;
            final Segment old = retiring.getAndSet(null);
            if (old != null)
            {
                old.close();
                retiredBelow = Math.max(retiredBelow, old.number() + 1);
                worked = true;
            }
            if (spare == null && failure == null && running)
            {
                createSpare();
                worked = true;
            }
            final long now = System.nanoTime();
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

    private void createSpare()
    {
        final long segment = activeSegment + 1;
        if (segment > JournalPosition.MAX_SEGMENT)
        {
            failure = new KekbitException("journal " + Integer.toUnsignedString(config.journalId()) +
                " reached its last segment number " + JournalPosition.MAX_SEGMENT);
            return;
        }
        try
        {
            spare = Segment.of(root, segment, Kekbit.shmWriter(root, config.segmentHeader(segment)));
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
            LOG.log(System.Logger.Level.ERROR, () -> "could not create journal segment " + segment + ": " + ex);
        }
    }

    private void retain()
    {
        if (!config.retention().isLimited())
        {
            return;
        }
        try
        {
            final RetentionResult result =
                JournalRetention.apply(root, config.journalId(), activeSegment, retiredBelow, config.retention());
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
    RetentionResult retainNow()
    {
        final RetentionResult result =
            JournalRetention.apply(root, config.journalId(), activeSegment, retiredBelow, config.retention());
        synchronized (this)
        {
            deletedSegments += result.deleted();
            forcedDeletions += result.forced();
        }
        lastRetention = result;
        return result;
    }

    /**
     * Stops the thread, closes a retired segment still pending, and returns the unused spare (or null).
     *
     * @return the spare segment, for the caller to dispose of.
     */
    Segment stop()
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
        final Segment old = retiring.getAndSet(null);
        if (old != null)
        {
            old.close();
        }
        final Segment unused = spare;
        spare = null;
        return unused;
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
}
