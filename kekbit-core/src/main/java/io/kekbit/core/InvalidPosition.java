package io.kekbit.core;

/**
 * Why {@link Reader#moveTo(long)} refused a position: the seed's {@code InvalidPosition}.
 */
public enum InvalidPosition
{
    /** The position is not a multiple of 8, or falls inside a record. */
    UNALIGNED(-1),
    /** The position is beyond the last record written, or beyond the capacity. */
    UNAVAILABLE(-2);

    private final long code;

    InvalidPosition(final long code)
    {
        this.code = code;
    }

    /**
     * The negative result code for this error.
     *
     * @return the code.
     */
    public long code()
    {
        return code;
    }

    /**
     * Maps a {@code moveTo} result back to its error.
     *
     * @param result a value returned by {@link Reader#moveTo(long)}.
     * @return the error, or null when the result is a position (>= 0).
     */
    public static InvalidPosition fromCode(final long result)
    {
        if (result == UNALIGNED.code)
        {
            return UNALIGNED;
        }
        return result == UNAVAILABLE.code ? UNAVAILABLE : null;
    }
}
