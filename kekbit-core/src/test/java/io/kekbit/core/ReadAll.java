package io.kekbit.core;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test helper: drains a {@link Reader} the way the golden cases were read (interop/golden/README.md): one record per call, until
 * an error or two consecutive calls returning 0 bytes (reported as {@code WATERMARK}).
 */
final class ReadAll
{
    private ReadAll()
    {
    }

    static CrateReaderModel.Outcome oneByOne(final Reader reader)
    {
        final List<GoldenCase.Rec> records = new ArrayList<>();
        final RecordHandler handler = (buffer, offset, length, position) ->
            records.add(new GoldenCase.Rec(position, length, hex(buffer, offset, length)));
        int zeros = 0;
        for (int calls = 0; calls < 10_000_000; calls++)
        {
            final long result = reader.read(handler, 1);
            if (result < 0)
            {
                return new CrateReaderModel.Outcome(records, statusName(ReadError.fromCode(result)), reader.position());
            }
            zeros = result == 0 ? zeros + 1 : 0;
            if (zeros == 2)
            {
                return new CrateReaderModel.Outcome(records, "WATERMARK", reader.position());
            }
        }
        throw new AssertionError("reader never stopped: " + reader);
    }

    static String statusName(final ReadError error)
    {
        switch (error)
        {
            case CLOSED:
                return "Closed";
            case CHANNEL_FULL:
                return "ChannelFull";
            case TIMEOUT:
                return "Timeout";
            case FAILED:
                return "Failed";
            default:
                throw new AssertionError(error);
        }
    }

    static String hex(final ByteBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] bytes(final ByteBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return bytes;
    }
}
