package io.kekbit.spring.core;

import io.kekbit.core.Writer;

/**
 * A writer bean that writes a rolling journal ({@code kekbit.writers.<name>.roll.enabled=true}): a thread-safe
 * {@link Writer} over a kekbit-journal {@code JournalWriter}, plus what health, metrics and the endpoint show about
 * the journal. {@link #writeOffset()} and the positions sends return are journal positions: the segment number in
 * the high 32 bits and the data position inside the segment in the low 32 bits. {@link #header()} is the current
 * segment's header. Thread-safe.
 */
public interface RollingWriter extends Writer
{
    /**
     * The journal id (the configured channel-id).
     *
     * @return 1 to 2^32 - 1.
     */
    long journalId();

    /**
     * Number of the segment being written.
     *
     * @return the segment number.
     */
    long segment();

    /**
     * Capacity of each segment's data area.
     *
     * @return bytes.
     */
    long segmentCapacity();

    /**
     * Segments deleted by retention since the writer was opened.
     *
     * @return the count.
     */
    long deletedSegments();

    /**
     * Segments that retention deleted while a registered durable reader still needed them
     * ({@code retention.delete-unread=true}); each one makes that reader stop with a gap.
     *
     * @return the count.
     */
    long forcedDeletions();

    /**
     * Rolls that waited for the background thread to create the next segment: when it grows, raise
     * {@code roll.preallocated-segments} or the segment capacity.
     *
     * @return the count.
     */
    long waitedRolls();

    /**
     * The failure of the latest write, claim or heartbeat, for example a roll that could not create the next segment
     * because the disk is full; health reports the writer DOWN with it as the reason while it stands.
     *
     * @return the exception it threw, or null when the latest one succeeded (or none has failed).
     */
    RuntimeException lastFailure();
}
