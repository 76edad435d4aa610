package io.kekbit.core.process;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;

/**
 * Deterministic test records, shared by the tests and their child JVMs. A record for sequence number {@code seq} has
 * a length derived from {@code seq}, its first 8 bytes hold {@code seq} (little-endian), then filler bytes derived
 * from {@code seq}; "checked" records end with the CRC32 of everything before it (4 bytes, little-endian), so a
 * torn or shifted record is detected. Thread-safe (stateless).
 */
final class TestRecords
{
    private TestRecords()
    {
    }

    /** SplitMix64 finalizer: a cheap, well-mixed hash of a long. */
    static long mix(final long value)
    {
        long z = value + 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** Payload length of record {@code seq}, in {@code [min, max]}. */
    static int length(final long seq, final int min, final int max)
    {
        return min + (int)Long.remainderUnsigned(mix(seq), max - min + 1);
    }

    /** Filler byte {@code i} of record {@code seq}. */
    static byte filler(final long hash, final int i)
    {
        return (byte)((hash >>> ((i & 7) << 3)) ^ i);
    }

    /**
     * Writes record {@code seq} of {@code length} bytes (at least 8) into {@code dst} at {@code offset}, without
     * checksum.
     */
    static void fill(final ByteBuffer dst, final int offset, final long seq, final int length)
    {
        dst.order(ByteOrder.LITTLE_ENDIAN).putLong(offset, seq);
        final long hash = mix(seq);
        for (int i = 8; i < length; i++)
        {
            dst.put(offset + i, filler(hash, i));
        }
    }

    /**
     * Writes record {@code seq} of {@code length} bytes (at least 12) ending with its CRC32.
     */
    static void fillChecked(final ByteBuffer dst, final int offset, final long seq, final int length)
    {
        fill(dst, offset, seq, length - 4);
        final CRC32 crc = new CRC32();
        crc.update(dst.duplicate().limit(offset + length - 4).position(offset));
        dst.order(ByteOrder.LITTLE_ENDIAN).putInt(offset + length - 4, (int)crc.getValue());
    }

    /**
     * Checks a checked record: its sequence number, length, filler bytes and CRC32.
     *
     * @return null when intact, else what is wrong.
     */
    static String verifyChecked(
        final ByteBuffer src, final int offset, final int length, final long expectedSeq, final int min, final int max)
    {
        if (length < 12)
        {
            return "record " + expectedSeq + ": length " + length + " shorter than 12";
        }
        final ByteBuffer buffer = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long seq = buffer.getLong(offset);
        if (seq != expectedSeq)
        {
            return "gap or reorder: expected record " + expectedSeq + ", found " + seq;
        }
        final int expectedLength = length(seq, min, max);
        if (length != expectedLength)
        {
            return "record " + seq + ": length expected " + expectedLength + ", actual " + length;
        }
        final long hash = mix(seq);
        for (int i = 8; i < length - 4; i++)
        {
            if (buffer.get(offset + i) != filler(hash, i))
            {
                return "record " + seq + ": byte " + i + " corrupt";
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(buffer.limit(offset + length - 4).position(offset));
        final int stored = src.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(offset + length - 4);
        if (stored != (int)crc.getValue())
        {
            return "record " + seq + ": checksum mismatch";
        }
        return null;
    }
}
