package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hot paths allocate nothing once a channel is open (a hot path allocates nothing once a channel is open): write(byte[]), tryClaim/commit (the
 * claim's bounded buffer is a flyweight re-pointed per claim), write with an encoder, and read with a handler, each
 * measured over 100,000 operations after warm-up with the JVM's per-thread allocation
 * counter. Bytes, not time, are asserted.
 */
class HotPathAllocationTest
{
    private static final int OPERATIONS = 100_000;
    private static final int WARM_UP_ROUNDS = 4;
    private static final long BOUND = 1024;
    private static final long CAPACITY = 8L << 20;

    private static com.sun.management.ThreadMXBean threads;
    private static byte[] sink;

    @TempDir
    Path root;

    private long channelId;
    private long sum;
    private final byte[] payload = new byte[8];
    private final Claim claim = new Claim();
    private final RecordEncoder encoder = buffer ->
    {
        buffer.putLong(0, sum);
        return 8;
    };
    private final RecordHandler handler = (buffer, offset, length, position) -> sum += buffer.getLong(offset) + length;

    @BeforeAll
    static void counter()
    {
        threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        final long before = threads.getCurrentThreadAllocatedBytes();
        sink = new byte[4096];
        assertThat(threads.getCurrentThreadAllocatedBytes() - before).as("the counter sees allocations")
            .isGreaterThanOrEqualTo(4096);
    }

    private Writer newChannel()
    {
        return Kekbit.shmWriter(root, Header.of(1, ++channelId, CAPACITY, 64, 0, TickUnit.SECS));
    }

    private long writeArrays(final Writer writer)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < OPERATIONS; i++)
        {
            payload[0] = (byte)i;
            if (writer.write(payload) != 16)
            {
                throw new AssertionError("write failed at " + i);
            }
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private long claimAndCommit(final Writer writer)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < OPERATIONS; i++)
        {
            if (writer.tryClaim(8, claim) < 0)
            {
                throw new AssertionError("claim failed at " + i);
            }
            claim.buffer().putLong(0, i);
            claim.commit();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private long encodeInPlace(final Writer writer)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < OPERATIONS; i++)
        {
            if (writer.write(8, encoder) != 16)
            {
                throw new AssertionError("encoded write failed at " + i);
            }
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private long readAll(final Reader reader)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        long records = 0;
        while (records < 3L * OPERATIONS)
        {
            final long bytes = reader.read(handler, 64);
            if (bytes <= 0)
            {
                throw new AssertionError("read stopped after " + records + " records: " + bytes);
            }
            records += bytes >>> 4;
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private long[] round()
    {
        try (Writer writer = newChannel(); Reader reader = Kekbit.shmReader(root, channelId))
        {
            reader.read(handler, 1);
            final long writes = writeArrays(writer);
            final long claims = claimAndCommit(writer);
            final long encodes = encodeInPlace(writer);
            final long reads = readAll(reader);
            return new long[] {writes, claims, encodes, reads};
        }
    }

    @Test
    void shouldNotAllocateOnTheHotPaths()
    {
        for (int i = 0; i < WARM_UP_ROUNDS; i++)
        {
            round();
        }
        final long[] allocated = round();
        assertThat(allocated[0]).as("bytes allocated by %d x write(byte[])", OPERATIONS).isLessThan(BOUND);
        assertThat(allocated[1]).as("bytes allocated by %d x tryClaim/commit", OPERATIONS).isLessThan(BOUND);
        assertThat(allocated[2]).as("bytes allocated by %d x write(encoder)", OPERATIONS).isLessThan(BOUND);
        assertThat(allocated[3]).as("bytes allocated by reading %d records", 3 * OPERATIONS).isLessThan(BOUND);
        assertThat(sum).isNotZero();
    }
}
