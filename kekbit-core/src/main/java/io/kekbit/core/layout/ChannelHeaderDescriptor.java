package io.kekbit.core.layout;

/**
 * Layout of the channel header, format version 1.0.0. All values are little-endian.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+  0
 *  |                  Signature "*KEKBIT*" (u64)                   |
 *  +---------------------------------------------------------------+  8
 *  |        Version (u64): major &lt;&lt; 48 | minor &lt;&lt; 32 | patch         |
 *  +---------------------------------------------------------------+ 16
 *  |                        Writer Id (u64)                        |
 *  +---------------------------------------------------------------+ 24
 *  |                        Channel Id (u64)                       |
 *  +-------------------------------+-------------------------------+ 32
 *  |        Capacity (u32)         |    Max Message Length (u32)   |
 *  +-------------------------------+-------------------------------+ 40
 *  |                 Timeout (u64, in tick units)                  |
 *  +---------------------------------------------------------------+ 48
 *  |      Creation Time (u64, tick units since the Unix epoch)     |
 *  +---------------+-----------------------------------------------+ 56
 *  | Tick Unit Id  |            Zero (71 bytes, never read)       ...
 *  +---------------+-----------------------------------------------+ 128
 *  |     Zero: never written by the Rust crate (896 bytes)        ...
 *  +---------------------------------------------------------------+ 1024
 *  |                     Data area (capacity bytes)               ...
 * </pre>
 * The data area starts at file offset {@link #DATA_OFFSET} (1024), not right after the 128-byte header: the Rust
 * crate 0.2.3 advances a {@code u64} pointer by 128 elements. Every file it writes has this layout, so we keep it.
 * <p>
 * The whole format, with the rules for creating and reading channels, is described in {@code docs/format.md}.
 */
public final class ChannelHeaderDescriptor
{
    /** Signature: the ASCII bytes {@code *KEKBIT*} read as a little-endian u64. */
    public static final long SIGNATURE = 0x2A54_4942_4B45_4B2AL;
    /** Format version 1.0.0 as stored: {@code major << 48 | minor << 32 | patch}. */
    public static final long VERSION_1_0_0 = 1L << 48;
    /** Minimum channel capacity in bytes (16 KiB). */
    public static final int MIN_CAPACITY = 16 * 1024;

    /** Offset of the signature. */
    public static final int SIGNATURE_OFFSET = 0;
    /** Offset of the version. */
    public static final int VERSION_OFFSET = SIGNATURE_OFFSET + Long.BYTES;
    /** Offset of the writer id. */
    public static final int WRITER_ID_OFFSET = VERSION_OFFSET + Long.BYTES;
    /** Offset of the channel id. */
    public static final int CHANNEL_ID_OFFSET = WRITER_ID_OFFSET + Long.BYTES;
    /** Offset of the capacity (u32). */
    public static final int CAPACITY_OFFSET = CHANNEL_ID_OFFSET + Long.BYTES;
    /** Offset of the max message length (u32). */
    public static final int MAX_MSG_LEN_OFFSET = CAPACITY_OFFSET + Integer.BYTES;
    /** Offset of the timeout. */
    public static final int TIMEOUT_OFFSET = MAX_MSG_LEN_OFFSET + Integer.BYTES;
    /** Offset of the creation time. */
    public static final int CREATION_TIME_OFFSET = TIMEOUT_OFFSET + Long.BYTES;
    /** Offset of the tick unit id (one byte). */
    public static final int TICK_UNIT_OFFSET = CREATION_TIME_OFFSET + Long.BYTES;
    /** Length of the header in bytes. */
    public static final int HEADER_LENGTH = 128;
    /** File offset of data position 0. */
    public static final int DATA_OFFSET = HEADER_LENGTH * Long.BYTES;
    /**
     * Bytes our writer adds after the data area: room for the final marker slot plus reserve. The Rust crate's files
     * are {@code capacity + 160} long, so they end 864 bytes before the end of their data area.
     */
    public static final int TRAILER_LENGTH = 32;
    /** Largest capacity the format can state: the largest multiple of 8 that fits in a u32. */
    public static final long MAX_FORMAT_CAPACITY = 0xFFFF_FFF8L;

    private ChannelHeaderDescriptor()
    {
    }

    /**
     * File length our writer creates for a capacity.
     *
     * @param capacity data area capacity in bytes.
     * @return {@code DATA_OFFSET + capacity + TRAILER_LENGTH}.
     */
    public static long fileLength(final long capacity)
    {
        return DATA_OFFSET + capacity + TRAILER_LENGTH;
    }

    /**
     * File length the Rust crate 0.2.3 creates for a capacity (u32 arithmetic).
     *
     * @param capacity data area capacity in bytes.
     * @return {@code (capacity + 160) mod 2^32}.
     */
    public static long rustFileLength(final long capacity)
    {
        return (capacity + HEADER_LENGTH + TRAILER_LENGTH) & 0xFFFF_FFFFL;
    }

    /**
     * Largest max message length allowed for a capacity: {@code align8((capacity >> 7) - 8)}.
     *
     * @param capacity channel capacity.
     * @return the ceiling for the stored max message length.
     */
    public static long maxMessageLengthCeiling(final long capacity)
    {
        return RecordDescriptor.align((capacity >> 7) - RecordDescriptor.LENGTH_WORD);
    }

    /**
     * Formats a stored version as {@code major.minor.patch}.
     *
     * @param version the stored u64.
     * @return the text form.
     */
    public static String versionString(final long version)
    {
        return (version >>> 48) + "." + ((version >>> 32) & 0xFFFF) + "." + (version & 0xFFFF_FFFFL);
    }
}
