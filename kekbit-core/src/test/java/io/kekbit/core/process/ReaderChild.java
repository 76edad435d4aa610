package io.kekbit.core.process;

import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.idle.IdleStrategy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;

/**
 * Child JVM: a reader for the cross-process test. Arguments: {@code root channelId}. Opens the channel with
 * {@code tryShmReader} (so it may start before the writer), reads until the channel is closed, checks the sequence
 * numbers are 0, 1, 2... and prints {@code RESULT <count> <crc32 of all payloads>}, or {@code ERROR ...}.
 */
public final class ReaderChild
{
    private ReaderChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path root = Path.of(args[0]);
        final long channelId = Long.parseLong(args[1]);
        System.out.println("STARTED");
        System.out.flush();
        final CRC32 digest = new CRC32();
        final long[] state = new long[2];
        final String[] error = new String[1];
        final RecordHandler handler = (buffer, offset, length, position) ->
        {
            final long seq = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
            if (seq != state[0] && error[0] == null)
            {
                error[0] = "expected record " + state[0] + ", found " + seq + " at position " + position;
            }
            state[0]++;
            final ByteBuffer view = buffer.duplicate();
            view.limit(offset + length).position(offset);
            digest.update(view);
        };
        try (Reader reader = Kekbit.tryShmReader(root, channelId, Duration.ofSeconds(60), 6000))
        {
            System.out.println("OPEN");
            System.out.flush();
            final IdleStrategy idle = IdleStrategy.of("backoff");
            long result;
            while ((result = reader.read(handler, 256)) >= 0)
            {
                idle.idle(result > 0 ? 1 : 0);
            }
            if (reader.exhausted() != ReadError.CLOSED)
            {
                error[0] = "ended with " + ReadError.errorString(result) + " at " + reader.position();
            }
        }
        if (error[0] != null)
        {
            System.out.println("ERROR " + error[0]);
        }
        else
        {
            System.out.println("RESULT " + state[0] + " " + digest.getValue());
        }
        System.out.flush();
    }
}
