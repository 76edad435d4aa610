package io.kekbit.sample.orders.load;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Format of a checked record: a CRC-32C, the sequence number, then filler bytes derived from the sequence, so that
 * the record's length and every byte can be checked by the reader.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            CRC-32C of bytes 4 to the end (little-endian)      |
 *  +---------------------------------------------------------------+
 *  |                      Sequence (little-endian)                 |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   Filler: (sequence + i) * 31, {@link #lengthOf} - 12 bytes  ...
 *  +---------------------------------------------------------------+
 * </pre>
 * Stateless, so thread-safe.
 */
public final class LoadRecord
{
    /** Offset of the CRC-32C. */
    public static final int CRC_OFFSET = 0;

    /** Offset of the sequence number. */
    public static final int SEQUENCE_OFFSET = CRC_OFFSET + Integer.BYTES;

    /** Offset of the filler. */
    public static final int FILLER_OFFSET = SEQUENCE_OFFSET + Long.BYTES;

    /** Length of the shortest record. */
    public static final int MIN_LENGTH = FILLER_OFFSET + 4;

    /** Length of the longest record. */
    public static final int MAX_LENGTH = MIN_LENGTH + 240;

    /** {@link #check} result of a record whose length, filler or checksum does not match. */
    public static final long CORRUPT = -1;

    private LoadRecord()
    {
    }

    /**
     * Length of the record with a given sequence: from {@link #MIN_LENGTH} to {@link #MAX_LENGTH}.
     *
     * @param sequence the sequence number, 1 or more.
     * @return its length in bytes.
     */
    public static int lengthOf(final long sequence)
    {
        return MIN_LENGTH + (int)(sequence % (MAX_LENGTH - MIN_LENGTH + 1));
    }

    /**
     * Encodes a record at the start of a buffer.
     *
     * @param sequence the sequence number, 1 or more.
     * @param buffer   destination of at least {@link #MAX_LENGTH} bytes.
     * @param crc      checksum to use (reset here); not shared between threads.
     * @return the record's length.
     */
    public static int encode(final long sequence, final byte[] buffer, final CRC32C crc)
    {
        final int length = lengthOf(sequence);
        final ByteBuffer view = ByteBuffer.wrap(buffer).order(ByteOrder.LITTLE_ENDIAN);
        view.putLong(SEQUENCE_OFFSET, sequence);
        for (int i = FILLER_OFFSET; i < length; i++)
        {
            buffer[i] = filler(sequence, i);
        }
        crc.reset();
        crc.update(buffer, SEQUENCE_OFFSET, length - SEQUENCE_OFFSET);
        view.putInt(CRC_OFFSET, (int)crc.getValue());
        return length;
    }

    /**
     * Checks a record and returns its sequence.
     *
     * @param record the record between its position and limit; its position is not changed.
     * @param crc    checksum to use (reset here); not shared between threads.
     * @return the sequence number, or {@link #CORRUPT} when the length, a filler byte or the checksum is wrong.
     */
    public static long check(final ByteBuffer record, final CRC32C crc)
    {
        final int start = record.position();
        final int length = record.remaining();
        if (length < MIN_LENGTH)
        {
            return CORRUPT;
        }
        final ByteBuffer view = record.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long sequence = view.getLong(start + SEQUENCE_OFFSET);
        if (sequence < 1 || lengthOf(sequence) != length)
        {
            return CORRUPT;
        }
        for (int i = FILLER_OFFSET; i < length; i++)
        {
            if (view.get(start + i) != filler(sequence, i))
            {
                return CORRUPT;
            }
        }
        crc.reset();
        crc.update(view.position(start + SEQUENCE_OFFSET).limit(start + length));
        return (int)crc.getValue() == view.getInt(start + CRC_OFFSET) ? sequence : CORRUPT;
    }

    private static byte filler(final long sequence, final int index)
    {
        return (byte)((sequence + index) * 31);
    }
}
