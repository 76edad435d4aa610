package io.kekbit.journal;

import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal writer's background thread: creates and pre-faults the next segments ahead of time
 * ({@link JournalConfig#preallocatedSegments()} of them), flushes and unmaps retired segments, and applies retention,
 * so that none of this runs on the writing thread.
 * <p>
 * Thread-safety: {@link #takeSpare} and {@link #retire} are called only by the writing thread; {@link #run()} only
 * by the maintainer thread. Spare segment {@code n} sits in slot {@code n % depth} of an atomic array: set only by
 * the maintainer, cleared only by the writer; {@code activeSegment} is written before a slot is cleared, so a
 * maintainer that sees an empty slot also sees which segment to create next.
 */
final class SegmentMaintainer implements Runnable
{
    /**
     * Longest the thread sleeps between checks. A roll does not wake it (waking costs the writing thread a system
     * call); it notices the taken spare within this time, or at once when a roll has to wait for a spare.
     */
    private static final long MAX_PARK_NANOS = 1_000_000L;
    /** Full segments waiting to be flushed and unmapped, by {@code number % RETIRING_SLOTS}. */
    private static final int RETIRING_SLOTS = 16;
    private static final System.Logger LOG = System.getLogger(SegmentMaintainer.class.getName());

    private final Path root;
    private final JournalConfig config;
    private final AtomicReferenceArray<Segment> retiring = new AtomicReferenceArray<>(RETIRING_SLOTS);
    private final long retentionIntervalNanos;
    private final Thread thread;
    private final AtomicReferenceArray<Segment> spares;
    private final int depth;
    private volatile long activeSegment;
    private volatile RuntimeException failure;
    private volatile boolean running = true;
    private volatile long waitedRolls;
    private volatile long deletedSegments;
    private volatile long forcedDeletions;
    private volatile RetentionResult lastRetention;

    SegmentMaintainer(final Path root, final JournalConfig config, final long activeSegment, final Segment spare)
    {
        this.root = root;
        this.config = config;
        this.activeSegment = activeSegment;
        this.depth = config.preallocatedSegments();
        this.spares = new AtomicReferenceArray<>(depth);
        if (spare != null)
        {
            spares.set(slot(spare.number()), spare);
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
     * Called by the writing thread: takes the pre-created segment {@code newSegment}, waiting for it if the
     * maintainer has not finished creating it.
     *
     * @param newSegment number of the segment to write next.
     * @return the new segment.
     * @throws KekbitException when the segment could not be created; the maintainer retries on the next call.
     */
    Segment takeSpare(final long newSegment)
    {
        final int slot = slot(newSegment);
        Segment next = spares.get(slot);
        if (next == null || next.number() != newSegment)
        {
            waitedRolls++;
            LockSupport.unpark(thread);
            while ((next = spares.get(slot)) == null || next.number() != newSegment)
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
        spares.set(slot, null);
        return next;
    }

    private int slot(final long segment)
    {
        return (int)(segment % depth);
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
        if (!retiring.compareAndSet((int)(old.number() % RETIRING_SLOTS), null, old))
        {
            old.close();
        }
    }

    /**
     * Flushes and unmaps the retired segments. Holds this object's lock so that a retention pass on another
     * thread never deletes a segment that is taken but not yet unmapped.
     *
     * @return true when a segment was closed.
     */
    private synchronized boolean closeRetired()
    {
        boolean closed = false;
        for (int i = 0; i < RETIRING_SLOTS; i++)
        {
            final Segment old = retiring.getAndSet(i, null);
            if (old != null)
            {
                old.close();
                closed = true;
            }
        }
        return closed;
    }

    /**
     * Segments below this number are closed and unmapped by this writer: the active segment, or the oldest retired
     * one still waiting. Reads the active segment first, so a segment retired meanwhile is never below the result.
     */
    private long deletableBelow()
    {
        long bound = activeSegment;
        for (int i = 0; i < RETIRING_SLOTS; i++)
        {
            final Segment pending = retiring.get(i);
            if (pending != null)
            {
                bound = Math.min(bound, pending.number());
            }
        }
        return bound;
    }

    @Override
    public void run()
    {
        long nextRetention = System.nanoTime();
        while (running)
        {
            boolean worked = false;
            if (closeRetired())
            {
                worked = true;
            }
            if (failure == null && running && createSpare())
            {
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

    /**
     * Creates the first missing spare among the {@code depth} segments after the active one.
     *
     * @return true when one was created (or creation failed), false when all are ready.
     */
    private boolean createSpare()
    {
        final long active = activeSegment;
        for (long segment = active + 1; segment <= active + depth; segment++)
        {
            if (spares.get(slot(segment)) != null || segment <= activeSegment)
            {
                // Ready, or taken by the writer since we read the active segment: it writes the active segment
                // before it clears the slot, so having seen the empty slot we see its new active segment.
                continue;
            }
            if (segment > JournalPosition.MAX_SEGMENT)
            {
                if (segment == active + 1)
                {
                    failure = new KekbitException("journal " + Integer.toUnsignedString(config.journalId()) +
                        " reached its last segment number " + JournalPosition.MAX_SEGMENT);
                    return true;
                }
                return false;
            }
            final long number = segment;
            try
            {
                spares.set(slot(number), new Segment(number, Kekbit.shmWriter(root, config.segmentHeader(number))));
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
                LOG.log(System.Logger.Level.ERROR, () -> "could not create journal segment " + number + ": " + ex);
            }
            return true;
        }
        return false;
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
     * Stops the thread, closes a retired segment still pending, and returns the unused spares.
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
        closeRetired();
        final java.util.List<Segment> unused = new java.util.ArrayList<>();
        for (int i = 0; i < depth; i++)
        {
            final Segment spare = spares.getAndSet(i, null);
            if (spare != null)
            {
                unused.add(spare);
            }
        }
        unused.sort(java.util.Comparator.comparingLong(Segment::number));
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
}
