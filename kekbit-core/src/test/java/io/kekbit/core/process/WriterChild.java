package io.kekbit.core.process;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * Child JVM: a writer. Modes:
 * <ul>
 * <li>{@code crash root channelId capacity timeoutMillis}: writes checked records (12..300 bytes) through all three
 * write paths plus heartbeats as fast as it can, never closes; when the channel is nearly full it idles until
 * killed. Prints {@code READY} once the channel exists.</li>
 * <li>{@code stream root channelId capacity count}: writes {@code count} records of 8..64 bytes, closes, and prints
 * {@code DONE <count> <crc32 of all payloads> <nanos spent writing>}.</li>
 * </ul>
 */
public final class WriterChild
{
    static final int CRASH_MIN = 12;
    static final int CRASH_MAX = 300;
    static final int STREAM_MIN = 8;
    static final int STREAM_MAX = 64;

    private WriterChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path root = Path.of(args[1]);
        final long channelId = Long.parseLong(args[2]);
        final long capacity = Long.parseLong(args[3]);
        if ("crash".equals(args[0]))
        {
            crash(root, channelId, capacity, Long.parseLong(args[4]));
        }
        else
        {
            stream(root, channelId, capacity, Long.parseLong(args[4]));
        }
    }

    private static void crash(final Path root, final long channelId, final long capacity, final long timeoutMillis)
    {
        final Writer writer =
            Kekbit.shmWriter(root, Header.of(1, channelId, capacity, 1024, timeoutMillis, TickUnit.MILLIS));
        System.out.println("READY");
        System.out.flush();
        final ByteBuffer buffer = ByteBuffer.allocate(CRASH_MAX).order(ByteOrder.LITTLE_ENDIAN);
        final byte[] array = buffer.array();
        final Claim claim = new Claim();
        final long margin = 64 * 1024;
        for (long seq = 0; writer.available() > margin; seq++)
        {
            final int length = TestRecords.length(seq, CRASH_MIN, CRASH_MAX);
            final long result;
            switch ((int)(seq % 3))
            {
                case 0:
                    if (writer.tryClaim(length, claim) < 0)
                    {
                        throw new IllegalStateException("claim refused at " + seq);
                    }
                    TestRecords.fillChecked(buffer, 0, seq, length);
                    claim.buffer().putBytes(0, buffer, 0, length);
                    result = claim.commit();
                    break;
                case 1:
                    TestRecords.fillChecked(buffer, 0, seq, length);
                    result = writer.write(array, 0, length);
                    break;
                default:
                    TestRecords.fillChecked(buffer, 0, seq, length);
                    result = writer.write(buffer.duplicate().limit(length).position(0));
                    break;
            }
            if (result < 0)
            {
                throw new IllegalStateException("write refused at " + seq + ": " + result);
            }
            if (seq % 997 == 0)
            {
                writer.heartbeat();
            }
        }
        System.out.println("FULL");
        System.out.flush();
        while (true)
        {
            LockSupport.parkNanos(1_000_000_000L);
        }
    }

    private static void stream(final Path root, final long channelId, final long capacity, final long count)
    {
        final CRC32 digest = new CRC32();
        final ByteBuffer buffer = ByteBuffer.allocate(STREAM_MAX).order(ByteOrder.LITTLE_ENDIAN);
        final byte[] array = buffer.array();
        final long start;
        final long end;
        final Header header = Header.of(1, channelId, capacity, STREAM_MAX, 30_000, TickUnit.MILLIS);
        try (Writer writer = Kekbit.shmWriter(root, header))
        {
            System.out.println("READY");
            System.out.flush();
            start = System.nanoTime();
            for (long seq = 0; seq < count; seq++)
            {
                final int length = TestRecords.length(seq, STREAM_MIN, STREAM_MAX);
                TestRecords.fill(buffer, 0, seq, length);
                final long result = writer.write(array, 0, length);
                if (result < 0)
                {
                    throw new IllegalStateException("write refused at " + seq + ": " + result);
                }
                digest.update(array, 0, length);
            }
            end = System.nanoTime();
        }
        System.out.println("DONE " + count + " " + digest.getValue() + " " + (end - start));
        System.out.flush();
    }
}
