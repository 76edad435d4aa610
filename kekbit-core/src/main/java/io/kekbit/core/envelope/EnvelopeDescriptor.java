package io.kekbit.core.envelope;

/**
 * Layout of an enveloped record payload: a fixed prefix, header entries, then the body. All integers are
 * little-endian, like the channel format.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |          Magic: bytes ff 4b 42 45 ("\xffKBE") (u32)           |
 *  +---------------+---------------+-------------------------------+
 *  |  Version (u8) |  Flags (u8)   |      Header count (u16)       |
 *  +---------------+---------------+-------------------------------+
 *  |              Headers length H in bytes (u32)                  |
 *  +---------------------------------------------------------------+
 *  |              Header entries (H bytes)                        ...
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |              Body (the rest of the record payload)           ...
 *  +---------------------------------------------------------------+
 * </pre>
 * A header entry:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |     Key length K (u16)        | Value type(u8)| Key (K bytes ...
 *  +-------------------------------+---------------+---------------+
 * ...  Key, UTF-8                                                  |
 *  +---------------------------------------------------------------+
 *  |              Value length V (u32)                             |
 *  +---------------------------------------------------------------+
 *  |              Value (V bytes)                                 ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Value types: {@link #TYPE_BYTES} (opaque bytes), {@link #TYPE_STRING} (UTF-8 text), {@link #TYPE_LONG} (a signed
 * 64-bit integer, V = 8). Keys are 1 to 65535 bytes of UTF-8; entries are not aligned. Flags are reserved and 0 in
 * version 1. The magic's first byte, {@code 0xff}, never occurs in UTF-8 text, so a text or JSON record cannot start
 * with it; that makes the magic a good hint for tools, but not proof: a binary record may start with any bytes, so
 * whether a channel is enveloped is configuration that writer and readers share.
 * Thread-safe (constants and static methods).
 */
public final class EnvelopeDescriptor
{
    /** The magic as a little-endian u32: bytes {@code ff 4b 42 45}. */
    public static final int MAGIC = 0x45424BFF;
    /** Layout version written by this code. */
    public static final int VERSION = 1;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = MAGIC_OFFSET + Integer.BYTES;
    /** Offset of the flags byte. */
    public static final int FLAGS_OFFSET = VERSION_OFFSET + Byte.BYTES;
    /** Offset of the header count (u16). */
    public static final int HEADER_COUNT_OFFSET = FLAGS_OFFSET + Byte.BYTES;
    /** Offset of the headers length (u32). */
    public static final int HEADERS_LENGTH_OFFSET = HEADER_COUNT_OFFSET + Short.BYTES;
    /** Length of the fixed prefix; the first header entry starts here. */
    public static final int PREFIX_LENGTH = HEADERS_LENGTH_OFFSET + Integer.BYTES;

    /** Offset of the key length (u16) in a header entry. */
    public static final int ENTRY_KEY_LENGTH_OFFSET = 0;
    /** Offset of the value type (u8) in a header entry. */
    public static final int ENTRY_TYPE_OFFSET = ENTRY_KEY_LENGTH_OFFSET + Short.BYTES;
    /** Offset of the key bytes in a header entry. */
    public static final int ENTRY_KEY_OFFSET = ENTRY_TYPE_OFFSET + Byte.BYTES;
    /** Bytes of an entry besides its key and value: key length, type and value length. */
    public static final int ENTRY_OVERHEAD = ENTRY_KEY_OFFSET + Integer.BYTES;

    /** Value type: opaque bytes. */
    public static final byte TYPE_BYTES = 1;
    /** Value type: UTF-8 text. */
    public static final byte TYPE_STRING = 2;
    /** Value type: signed 64-bit integer, little-endian, value length 8. */
    public static final byte TYPE_LONG = 3;

    /** Largest key length in bytes. */
    public static final int MAX_KEY_LENGTH = 0xFFFF;
    /** Largest number of headers. */
    public static final int MAX_HEADER_COUNT = 0xFFFF;

    private EnvelopeDescriptor()
    {
    }

    /**
     * Bytes one header entry takes.
     *
     * @param keyLength   key length in bytes.
     * @param valueLength value length in bytes.
     * @return {@code ENTRY_OVERHEAD + keyLength + valueLength}.
     */
    public static int entryLength(final int keyLength, final int valueLength)
    {
        return ENTRY_OVERHEAD + keyLength + valueLength;
    }

    /**
     * Name of a value type, for tools and messages.
     *
     * @param type a value type byte.
     * @return {@code bytes}, {@code string}, {@code long}, or {@code unknown(n)}.
     */
    public static String typeName(final byte type)
    {
        switch (type)
        {
            case TYPE_BYTES:
                return "bytes";
            case TYPE_STRING:
                return "string";
            case TYPE_LONG:
                return "long";
            default:
                return "unknown(" + type + ")";
        }
    }
}
