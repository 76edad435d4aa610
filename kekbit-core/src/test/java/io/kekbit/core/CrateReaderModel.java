package io.kekbit.core;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An independent model of the Rust crate 0.2.3 reader (docs/format.md section 8), written from the spec and working on the raw
 * bytes of a channel file: bytes past the end of the file read as zero, as in a copy of a file the crate wrote. It
 * serves as the second reader to compare ours with. Validated against every golden case by {@link GoldenReaderTest}.
 */
final class CrateReaderModel
{
    static final int DATA_OFFSET = 1024;
    static final long WATERMARK = 0xFFFF_FFFF_1111_1111L;
    static final long CLOSE = -1L;

    private CrateReaderModel()
    {
    }

    /**
     * Reads a file image to its end, one record per call, as the golden {@code peer read} did.
     *
     * @param file the bytes of a channel file.
     * @return records, terminal status ({@code Closed}, {@code ChannelFull}, {@code Failed} or {@code WATERMARK}) and
     *         final position.
     */
    static Outcome read(final byte[] file)
    {
        final ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        final long capacity = Integer.toUnsignedLong(b.getInt(32));
        final long maxMessageLength = Integer.toUnsignedLong(b.getInt(36));
        final List<GoldenCase.Rec> records = new ArrayList<>();
        long position = 0;
        while (true)
        {
            if (position + 8 >= capacity)
            {
                return new Outcome(records, "ChannelFull", position);
            }
            final long length = word(file, DATA_OFFSET + position);
            if (Long.compareUnsigned(length, maxMessageLength) <= 0)
            {
                final long size = (8 + length + 7) & ~7L;
                if (position + size >= capacity)
                {
                    return new Outcome(records, "ChannelFull", position);
                }
                if (length > 0)
                {
                    final byte[] payload = new byte[(int)length];
                    for (int i = 0; i < length; i++)
                    {
                        payload[i] = byteAt(file, DATA_OFFSET + position + 8 + i);
                    }
                    records.add(new GoldenCase.Rec(position, (int)length, HexFormat.of().formatHex(payload)));
                }
                position += size;
            }
            else if (length == WATERMARK)
            {
                return new Outcome(records, "WATERMARK", position);
            }
            else if (length == CLOSE)
            {
                return new Outcome(records, "Closed", position);
            }
            else
            {
                return new Outcome(records, "Failed", position);
            }
        }
    }

    private static long word(final byte[] file, final long offset)
    {
        long value = 0;
        for (int i = 7; i >= 0; i--)
        {
            value = (value << 8) | (byteAt(file, offset + i) & 0xFF);
        }
        return value;
    }

    private static byte byteAt(final byte[] file, final long offset)
    {
        return offset < file.length ? file[(int)offset] : 0;
    }

    /**
     * What a reader saw.
     *
     * @param records  delivered records.
     * @param terminal terminal status in expected.json's words.
     * @param position final read position.
     */
    record Outcome(List<GoldenCase.Rec> records, String terminal, long position)
    {
    }
}
