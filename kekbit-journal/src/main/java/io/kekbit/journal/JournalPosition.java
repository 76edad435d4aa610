package io.kekbit.journal;

/**
 * A position in a journal as one {@code long}: the segment number in the high 32 bits and the data position inside
 * that segment in the low 32 bits.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |              Segment number (bits 63..32, u31)                |
 *  +---------------------------------------------------------------+
 *  |            Data position in the segment (bits 31..0)          |
 *  +---------------------------------------------------------------+
 * </pre>
 * Positions order like records: a later record always has a larger position. A segment's data position fits in 32
 * bits because a channel's capacity does; segment numbers stay below 2^31 so every position is non-negative and
 * negative values remain free for result codes. Thread-safe (stateless).
 */
public final class JournalPosition
{
    /** Largest segment number a journal uses. */
    public static final long MAX_SEGMENT = Integer.MAX_VALUE;
    /** Bits of the in-segment data position. */
    public static final int OFFSET_BITS = 32;

    private static final long OFFSET_MASK = 0xFFFF_FFFFL;

    private JournalPosition()
    {
    }

    /**
     * Builds a position.
     *
     * @param segment segment number, 0 to {@link #MAX_SEGMENT}.
     * @param offset  data position inside the segment, 0 to 2^32 - 1.
     * @return the journal position.
     * @throws IllegalArgumentException when either part is out of range.
     */
    public static long of(final long segment, final long offset)
    {
        if (segment < 0 || segment > MAX_SEGMENT)
        {
            throw new IllegalArgumentException("segment out of range 0.." + MAX_SEGMENT + ": segment=" + segment);
        }
        if ((offset & ~OFFSET_MASK) != 0)
        {
            throw new IllegalArgumentException("offset out of range 0..2^32-1: offset=" + offset);
        }
        return (segment << OFFSET_BITS) | offset;
    }

    /**
     * Segment number of a position.
     *
     * @param position a journal position.
     * @return the high 32 bits.
     */
    public static long segment(final long position)
    {
        return position >>> OFFSET_BITS;
    }

    /**
     * Data position inside the segment.
     *
     * @param position a journal position.
     * @return the low 32 bits.
     */
    public static long offset(final long position)
    {
        return position & OFFSET_MASK;
    }

    /**
     * Text form for logs: {@code segment:offset}.
     *
     * @param position a journal position.
     * @return for example {@code 12:4096}.
     */
    public static String toString(final long position)
    {
        return segment(position) + ":" + offset(position);
    }
}
