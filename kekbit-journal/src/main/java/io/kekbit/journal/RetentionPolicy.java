package io.kekbit.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * Which old segments of a journal may be deleted. A closed segment is deleted when keeping it would exceed
 * {@link #maxSegments()} or {@link #maxBytes()}, or when it was closed longer than {@link #maxAge()} ago (by its file's
 * last-modified time, which the writer sets when it closes the segment). Deletion always starts at the oldest
 * segment, never takes the segment being written, and stops at the first segment a registered durable reader has not
 * finished, unless {@link #forceDelete()} is set. Limits of 0 (or a null age) mean "no limit". Thread-safe
 * (immutable).
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.builder().maxSegments(100).maxAge(Duration.ofDays(7)).build();
 * }</pre>
 */
public final class RetentionPolicy
{
    /** Keep every segment. */
    public static final RetentionPolicy KEEP_ALL = builder().build();

    private final int maxSegments;
    private final long maxBytes;
    private final Duration maxAge;
    private final boolean forceDelete;

    private RetentionPolicy(final Builder builder)
    {
        this.maxSegments = builder.maxSegments;
        this.maxBytes = builder.maxBytes;
        this.maxAge = builder.maxAge;
        this.forceDelete = builder.forceDelete;
    }

    /**
     * Starts a policy that keeps everything until limits are set.
     *
     * @return a new builder.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Most segments kept, the one being written included; 0 for no limit.
     *
     * @return the limit.
     */
    public int maxSegments()
    {
        return maxSegments;
    }

    /**
     * Most bytes of segment files kept, the one being written included; 0 for no limit.
     *
     * @return the limit.
     */
    public long maxBytes()
    {
        return maxBytes;
    }

    /**
     * Age after which a closed segment is deleted, or null for no limit. The age counts from when the segment was
     * closed: its file's last-modified time, which the writer's background thread sets when it unmaps a full segment
     * (and {@link JournalWriter#close()} when it closes the current one). Not from the creation time in its header: a
     * segment created ahead of time may wait long before it is written. After a crash, a segment that the writer had
     * filled but not yet unmapped was never stamped, and its age counts from its file's last modification by the
     * system, at worst from its creation; the next writer stamps the segments it closes itself, and a newest segment
     * it finds closed, with the time it opens the journal.
     *
     * @return the age limit.
     */
    public Duration maxAge()
    {
        return maxAge;
    }

    /**
     * Whether segments that registered durable readers still need may be deleted (each such deletion is counted and
     * logged as a warning, and the reader reports the gap as an error).
     *
     * @return true when forced.
     */
    public boolean forceDelete()
    {
        return forceDelete;
    }

    /**
     * Whether the policy can ever delete anything.
     *
     * @return false for {@link #KEEP_ALL}.
     */
    public boolean isLimited()
    {
        return maxSegments > 0 || maxBytes > 0 || maxAge != null;
    }

    @Override
    public String toString()
    {
        return "RetentionPolicy{maxSegments=" + maxSegments + ", maxBytes=" + maxBytes + ", maxAge=" + maxAge +
            ", forceDelete=" + forceDelete + "}";
    }

    /** Builds a {@link RetentionPolicy}. Not thread-safe. */
    public static final class Builder
    {
        private int maxSegments;
        private long maxBytes;
        private Duration maxAge;
        private boolean forceDelete;

        private Builder()
        {
        }

        /**
         * Sets the most segments kept.
         *
         * @param maxSegments at least 1, or 0 for no limit.
         * @return this builder.
         * @throws IllegalArgumentException when negative.
         */
        public Builder maxSegments(final int maxSegments)
        {
            if (maxSegments < 0)
            {
                throw new IllegalArgumentException("maxSegments must not be negative: maxSegments=" + maxSegments);
            }
            this.maxSegments = maxSegments;
            return this;
        }

        /**
         * Sets the most bytes kept.
         *
         * @param maxBytes bytes, or 0 for no limit.
         * @return this builder.
         * @throws IllegalArgumentException when negative.
         */
        public Builder maxBytes(final long maxBytes)
        {
            if (maxBytes < 0)
            {
                throw new IllegalArgumentException("maxBytes must not be negative: maxBytes=" + maxBytes);
            }
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * Sets the age after which closed segments are deleted.
         *
         * @param maxAge a positive duration, or null for no limit.
         * @return this builder.
         * @throws IllegalArgumentException when zero or negative.
         */
        public Builder maxAge(final Duration maxAge)
        {
            if (maxAge != null && (maxAge.isNegative() || maxAge.isZero()))
            {
                throw new IllegalArgumentException("maxAge must be positive: maxAge=" + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Sets whether segments needed by registered durable readers may be deleted anyway.
         *
         * @param forceDelete true to force.
         * @return this builder.
         */
        public Builder forceDelete(final boolean forceDelete)
        {
            this.forceDelete = forceDelete;
            return this;
        }

        /**
         * Builds the immutable policy.
         *
         * @return the policy.
         */
        public RetentionPolicy build()
        {
            return new RetentionPolicy(this);
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof RetentionPolicy))
        {
            return false;
        }
        final RetentionPolicy that = (RetentionPolicy)o;
        return maxSegments == that.maxSegments && maxBytes == that.maxBytes && forceDelete == that.forceDelete &&
            Objects.equals(maxAge, that.maxAge);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(maxSegments, maxBytes, maxAge, forceDelete);
    }
}
