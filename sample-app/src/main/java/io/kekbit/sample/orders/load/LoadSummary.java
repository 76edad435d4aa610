package io.kekbit.sample.orders.load;

/**
 * Snapshot of the {@link LoadCheck}, served by {@code GET /load/summary}. Immutable, so thread-safe.
 *
 * @param records       records read since this process started, every kind included.
 * @param firstSequence sequence of the first intact record read, 0 before the first.
 * @param lastSequence  highest sequence read, 0 before the first.
 * @param duplicates    intact records whose sequence was not above the highest one read before.
 * @param missing       sequences skipped between two records read (a gap), summed.
 * @param corrupt       records whose length, bytes or checksum did not match: a torn or overwritten record.
 * @param lastPosition  channel position of the last record read, -1 before the first.
 */
public record LoadSummary(long records, long firstSequence, long lastSequence, long duplicates, long missing,
    long corrupt, long lastPosition)
{
    /**
     * The summary as {@code name=value} pairs, for the shutdown log line.
     *
     * @return the pairs separated by spaces.
     */
    public String toLogString()
    {
        return "records=" + records + " firstSequence=" + firstSequence + " lastSequence=" + lastSequence +
            " duplicates=" + duplicates + " missing=" + missing + " corrupt=" + corrupt + " lastPosition=" +
            lastPosition;
    }
}
