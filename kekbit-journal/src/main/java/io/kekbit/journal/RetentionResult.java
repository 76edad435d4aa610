package io.kekbit.journal;

/**
 * Outcome of one retention pass. Thread-safe (immutable).
 */
public final class RetentionResult
{
    private final int deleted;
    private final int forced;
    private final long blockedSegment;
    private final String blockingReader;

    RetentionResult(final int deleted, final int forced, final long blockedSegment, final String blockingReader)
    {
        this.deleted = deleted;
        this.forced = forced;
        this.blockedSegment = blockedSegment;
        this.blockingReader = blockingReader;
    }

    /**
     * Segments deleted.
     *
     * @return the count.
     */
    public int deleted()
    {
        return deleted;
    }

    /**
     * Deleted segments that a registered durable reader had not finished (only with
     * {@link RetentionPolicy#forceDelete()}).
     *
     * @return the count.
     */
    public int forced()
    {
        return forced;
    }

    /**
     * First segment the policy wanted to delete but kept for a durable reader.
     *
     * @return the segment number, or -1 when nothing was kept for a reader.
     */
    public long blockedSegment()
    {
        return blockedSegment;
    }

    /**
     * Name of a durable reader that kept {@link #blockedSegment()}.
     *
     * @return the reader name, or null.
     */
    public String blockingReader()
    {
        return blockingReader;
    }

    @Override
    public String toString()
    {
        return "RetentionResult{deleted=" + deleted + ", forced=" + forced + ", blockedSegment=" + blockedSegment +
            ", blockingReader=" + blockingReader + "}";
    }
}
