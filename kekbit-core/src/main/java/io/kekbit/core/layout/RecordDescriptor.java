package io.kekbit.core.layout;

/**
 * Layout of a record in the data area. Every record starts at a multiple of 8.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     Length word L (u64)                       |
 *  +---------------------------------------------------------------+
 *  |                     Payload (L bytes)                        ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |              Padding to the next multiple of 8               ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Special length words: {@code 0} is a heartbeat (size 8, never delivered), {@link #WATERMARK} means "nothing here
 * yet", {@link #CLOSE} means "the writer closed the channel". Any other value above the max message length marks a
 * corrupt channel. A record is published by storing the payload, then WATERMARK in the next slot (release), then the
 * length word (release); readers acquire-load the length word before touching the payload.
 * <p>
 * The whole format, with the space and read rules, is described in {@code docs/format.md}.
 */
public final class RecordDescriptor
{
    /** Size of the length word in bytes. */
    public static final int LENGTH_WORD = Long.BYTES;
    /** Record alignment in bytes. */
    public static final int ALIGNMENT = 8;
    /** Length word of a slot with no record yet: bytes {@code 11 11 11 11 ff ff ff ff}. */
    public static final long WATERMARK = 0xFFFF_FFFF_1111_1111L;
    /** Length word written when the writer closes the channel. */
    public static final long CLOSE = 0xFFFF_FFFF_FFFF_FFFFL;
    /** Length word of a heartbeat. */
    public static final long HEARTBEAT = 0L;

    private RecordDescriptor()
    {
    }

    /**
     * Rounds up to the record alignment.
     *
     * @param value a non-negative value.
     * @return value rounded up to a multiple of 8.
     */
    public static long align(final long value)
    {
        return (value + (ALIGNMENT - 1)) & ~(long)(ALIGNMENT - 1);
    }

    /**
     * Size a record with a payload of {@code length} bytes takes in the data area.
     *
     * @param length payload length.
     * @return {@code align8(8 + length)}.
     */
    public static long recordSize(final long length)
    {
        return align(LENGTH_WORD + length);
    }

    /**
     * Whether a position is a multiple of the record alignment.
     *
     * @param position a data position.
     * @return true when aligned.
     */
    public static boolean isAligned(final long position)
    {
        return (position & (ALIGNMENT - 1)) == 0;
    }
}
