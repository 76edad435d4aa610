package io.kekbit.spring.listener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A listener's position and counters. Written only by the poll thread; read at any time by health, metrics and the
 * Actuator endpoint. The per-record counters are published with a release store instead of a volatile {@code ++}:
 * one writer needs no read-modify-write, and a release store avoids the full fence per record, while readers still
 * see each count once it is stored. Thread-safe for reading; single writer.
 */
final class ListenerCounters
{
    private static final VarHandle RECORDS;
    private static final VarHandle RECORD_INDEX;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS = lookup.findVarHandle(ListenerCounters.class, "records", long.class);
            RECORD_INDEX = lookup.findVarHandle(ListenerCounters.class, "recordIndex", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private volatile long position;
    /** Records before {@link #position} since the start of the channel (heartbeats excluded). */
    private volatile long recordIndex;
    private volatile long records;
    private volatile long errors;
    private volatile long skipped;

    /** Counts a handled record (successful or skipped): it advances the record index too. */
    void countRecord()
    {
        RECORDS.setRelease(this, (long)RECORDS.get(this) + 1);
        RECORD_INDEX.setRelease(this, (long)RECORD_INDEX.get(this) + 1);
    }

    /** Counts a failed delivery. */
    void countError()
    {
        errors++;
    }

    /** Counts a record the error handler gave up on and skipped (also counted by {@link #countRecord()}). */
    void countSkipped()
    {
        skipped++;
    }

    /**
     * Sets where the listener reads from, after a start or a re-created channel.
     *
     * @param newPosition the reader's position.
     * @param newIndex    records before it.
     */
    void restart(final long newPosition, final long newIndex)
    {
        recordIndex = newIndex;
        position = newPosition;
    }

    /**
     * Updates the position after a poll.
     *
     * @param newPosition the reader's position.
     * @return true when it moved.
     */
    boolean advance(final long newPosition)
    {
        if (newPosition != position)
        {
            position = newPosition;
            return true;
        }
        return false;
    }

    long position()
    {
        return position;
    }

    long recordIndex()
    {
        return recordIndex;
    }

    long records()
    {
        return records;
    }

    long errors()
    {
        return errors;
    }

    long skipped()
    {
        return skipped;
    }
}
