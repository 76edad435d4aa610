package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.idle.BackoffIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.internal.MappedMemories;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer thread and two reader threads in one JVM, on the same mapped file: every reader sees every record, in
 * order and intact, while the writer runs (publication order, docs/format.md section 7). Plus the per-JDK mapping limit.
 */
@SuppressWarnings("try") // resources kept open on purpose, and closed explicitly to test close
class ConcurrentReadWriteTest
{
    private static final int RECORDS = 200_000;
    private static final int MAX_LENGTH = 64;

    @TempDir
    Path root;

    private static int lengthOf(final int seq)
    {
        return 1 + (int)((seq * 2_654_435_761L) >>> 7 & 0xFFFF) % MAX_LENGTH;
    }

    private static byte expectedByte(final int seq, final int index)
    {
        return (byte)(seq * 31 + index * 7);
    }

    @Test
    void shouldDeliverEveryRecordIntactToConcurrentReaders() throws Exception
    {
        final Header header = Header.of(1, 42, 32L << 20, MAX_LENGTH, 99_999_999_999L, TickUnit.NANOS);
        final ExecutorService executor = Executors.newFixedThreadPool(3);
        try (Writer writer = Kekbit.shmWriter(root, header))
        {
            final List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++)
            {
                final Reader reader = Kekbit.shmReader(root, 42);
                readers.add(executor.submit(() -> readAndCheck(reader)));
            }
            final Future<?> written = executor.submit(() ->
            {
                final byte[] payload = new byte[MAX_LENGTH];
                for (int seq = 0; seq < RECORDS; seq++)
                {
                    final int length = lengthOf(seq);
                    for (int i = 0; i < length; i++)
                    {
                        payload[i] = expectedByte(seq, i);
                    }
                    if (writer.write(payload, 0, length) <= 0)
                    {
                        throw new AssertionError("write failed at " + seq);
                    }
                }
                writer.close();
                return null;
            });
            written.get(120, TimeUnit.SECONDS);
            for (final Future<Long> reader : readers)
            {
                assertThat(reader.get(120, TimeUnit.SECONDS)).isEqualTo(RECORDS);
            }
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    private static long readAndCheck(final Reader reader)
    {
        try (reader)
        {
            final long[] state = new long[2];
            final RecordHandler check = (ByteBuffer buffer, int offset, int length, long position) ->
            {
                final int seq = (int)state[0];
                if (length != lengthOf(seq) || position <= state[1])
                {
                    throw new AssertionError("record " + seq + " at " + position + ": length " + length);
                }
                for (int i = 0; i < length; i++)
                {
                    if (buffer.get(offset + i) != expectedByte(seq, i))
                    {
                        throw new AssertionError("record " + seq + " at " + position + ": torn at byte " + i);
                    }
                }
                state[0]++;
                state[1] = position;
            };
            final IdleStrategy idle = new BackoffIdleStrategy();
            long result;
            while ((result = reader.read(check, 100)) >= 0)
            {
                idle.idle((int)Math.min(result, 1));
            }
            assertThat(result).isEqualTo(Reader.CLOSED);
            return state[0];
        }
    }

    @Test
    void shouldRefuseAChannelLargerThanOneMappingOfThisJdk()
    {
        final Header header = Header.of(1, 43, 0xFFFF_FFF8L, 100, 0, TickUnit.SECS);
        if (MappedMemories.maxMappingSize() == Integer.MAX_VALUE)
        {
            assertThatThrownBy(() -> Kekbit.shmWriter(root, header))
                .isInstanceOfSatisfying(ChannelException.class,
                    ex -> assertThat(ex.reason()).isEqualTo(ChannelError.INVALID_CAPACITY))
                .hasMessageContaining("maps at most 2147483647 bytes per file");
            assertThat(root).isEmptyDirectory();
        }
        else
        {
            assertThat(MappedMemories.maxMappingSize()).as("FFM maps the format's 4 GiB")
                .isGreaterThan(1024 + header.capacity() + 32);
        }
    }
}
