package io.kekbit.benchmarks.cpu;

import io.kekbit.benchmarks.latency.LatencyHarness;
import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes {@code records} records of {@code size} bytes per round into fresh, pre-faulted storage and measures the
 * writing thread's CPU time (and wall time) per record; storage is created outside the timed part. After warm-up
 * rounds the best round is reported, as {@code WRITECOST variant size cpuNsPerRecord wallNsPerRecord}. CPU time
 * leaves out the time the thread was descheduled, so the figure holds on a shared machine.
 * <p>
 * Variants: {@code kekbit-write}, {@code kekbit-claim}, {@code agrona-write}, {@code agrona-claim} (ring of 64 MiB
 * whose consumer is simulated by moving the head to the tail when full), {@code chronicle-write}, and
 * {@code memcpy} (the floor: plain copies into a mapped file, advancing like kekbit records). Peers need their JVM
 * flags ({@link io.kekbit.benchmarks.PeerFlags}). Not thread-safe; a command-line tool.
 * <pre>
 * java -cp benchmarks.jar io.kekbit.benchmarks.cpu.WriteCost kekbit-write 32 [rounds]
 * </pre>
 */
public final class WriteCost
{
    /** Prefix of result lines. */
    public static final String PREFIX = "WRITECOST ";
    /** Bytes of storage per round for kekbit and the copy floor. */
    private static final long STORAGE = 128L << 20;
    private static final int RING = 1 << 26;

    private WriteCost()
    {
    }

    /**
     * Runs one variant.
     *
     * @param args variant, payload size, optional round count (default 8, the first 3 are warm-up).
     * @throws IOException when storage cannot be made.
     */
    public static void main(final String[] args) throws IOException
    {
        final String variant = args[0];
        final int size = Integer.parseInt(args[1]);
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "kekbit-cost-");
        try
        {
            final long[] best = run(variant, size, rounds, dir);
            System.out.println(String.format(Locale.ROOT, "%s%s %d %.2f %.2f",
                PREFIX, variant, size, best[0] / (double)best[2], best[1] / (double)best[2]));
        }
        finally
        {
            LatencyHarness.deleteRecursively(dir);
        }
    }

    /**
     * Runs the rounds.
     *
     * @return {cpu ns, wall ns, records} of the round with the least CPU time per record after warm-up.
     */
    static long[] run(final String variant, final int size, final int rounds, final Path dir) throws IOException
    {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final int warmup = Math.min(3, rounds - 1);
        long[] best = null;
        for (int round = 0; round < rounds; round++)
        {
            final Round r = prepare(variant, size, dir.resolve("r" + round));
            final long cpu0 = threads.getCurrentThreadCpuTime();
            final long wall0 = System.nanoTime();
            final long records = r.write();
            final long wall = System.nanoTime() - wall0;
            final long cpu = threads.getCurrentThreadCpuTime() - cpu0;
            r.close();
            LatencyHarness.deleteRecursively(dir.resolve("r" + round));
            if (round >= warmup && (best == null || cpu * best[2] < best[0] * records))
            {
                best = new long[] {cpu, wall, records};
            }
        }
        return best;
    }

    private abstract static class Round
    {
        abstract long write();

        abstract void close();
    }

    private static Round prepare(final String variant, final int size, final Path dir) throws IOException
    {
        Files.createDirectories(dir);
        final byte[] payload = new byte[size];
        Arrays.fill(payload, (byte)5);
        final long kekbitRecords = (STORAGE - (1 << 20)) / ((size + 15) & ~7);
        switch (variant)
        {
            case "kekbit-write":
            case "kekbit-claim":
            {
                final Writer writer = Kekbit.shmWriter(
                    dir, Header.of(1, 1, STORAGE, 1024, Duration.ofHours(1), TickUnit.MILLIS));
                final boolean claim = variant.endsWith("claim");
                return new Round()
                {
                    @Override
                    long write()
                    {
                        return claim ? kekbitClaim(writer, payload, kekbitRecords) :
                            kekbitWrite(writer, payload, kekbitRecords);
                    }

                    @Override
                    void close()
                    {
                        writer.close();
                    }
                };
            }
            case "agrona-write":
            case "agrona-claim":
            {
                final MappedByteBuffer mapped = IoUtil.mapNewFile(
                    dir.resolve("ring").toFile(), RING + RingBufferDescriptor.TRAILER_LENGTH, true);
                for (int i = 0; i < mapped.capacity(); i += 4096)
                {
                    mapped.put(i, (byte)0);
                }
                final UnsafeBuffer buffer = new UnsafeBuffer(mapped);
                final OneToOneRingBuffer ring = new OneToOneRingBuffer(buffer);
                final UnsafeBuffer source = new UnsafeBuffer(payload);
                final boolean claim = variant.endsWith("claim");
                return new Round()
                {
                    @Override
                    long write()
                    {
                        return agrona(ring, buffer, source, size, kekbitRecords, claim);
                    }

                    @Override
                    void close()
                    {
                        IoUtil.unmap(mapped);
                    }
                };
            }
            case "chronicle-write":
            {
                final SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.resolve("q")).build();
                final ExcerptAppender appender = queue.createAppender();
                return new Round()
                {
                    @Override
                    long write()
                    {
                        return chronicle(appender, payload, 200_000);
                    }

                    @Override
                    void close()
                    {
                        appender.close();
                        queue.close();
                    }
                };
            }
            case "memcpy":
            {
                final MappedByteBuffer mapped;
                try (FileChannel channel = FileChannel.open(dir.resolve("copy"),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
                {
                    mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, STORAGE);
                }
                for (int i = 0; i < STORAGE; i += 4096)
                {
                    mapped.put(i, (byte)0);
                }
                return new Round()
                {
                    @Override
                    long write()
                    {
                        return copy(mapped, payload, kekbitRecords);
                    }

                    @Override
                    void close()
                    {
                        // Unmapped by the garbage collector; the file is deleted.
                    }
                };
            }
            default:
                throw new IllegalArgumentException("unknown variant: variant=" + variant);
        }
    }

    private static long kekbitWrite(final Writer writer, final byte[] payload, final long records)
    {
        for (long i = 0; i < records; i++)
        {
            if (writer.write(payload, 0, payload.length) < 0)
            {
                throw new IllegalStateException("channel full at " + i);
            }
        }
        return records;
    }

    private static long kekbitClaim(final Writer writer, final byte[] payload, final long records)
    {
        final Claim claim = new Claim();
        final int size = payload.length;
        for (long i = 0; i < records; i++)
        {
            if (writer.tryClaim(size, claim) < 0)
            {
                throw new IllegalStateException("channel full at " + i);
            }
            claim.buffer().putBytes(0, payload, 0, size);
            claim.commit();
        }
        return records;
    }

    private static long agrona(
        final OneToOneRingBuffer ring,
        final UnsafeBuffer buffer,
        final UnsafeBuffer source,
        final int size,
        final long records,
        final boolean claim)
    {
        for (long i = 0; i < records; i++)
        {
            if (claim)
            {
                int index = ring.tryClaim(1, size);
                if (index < 0)
                {
                    skipAll(buffer);
                    index = ring.tryClaim(1, size);
                }
                buffer.putBytes(index, source, 0, size);
                ring.commit(index);
            }
            else if (!ring.write(1, source, 0, size))
            {
                skipAll(buffer);
                ring.write(1, source, 0, size);
            }
        }
        return records;
    }

    private static void skipAll(final UnsafeBuffer buffer)
    {
        buffer.putLongRelease(RING + RingBufferDescriptor.HEAD_POSITION_OFFSET,
            buffer.getLongVolatile(RING + RingBufferDescriptor.TAIL_POSITION_OFFSET));
    }

    private static long chronicle(final ExcerptAppender appender, final byte[] payload, final long records)
    {
        for (long i = 0; i < records; i++)
        {
            try (DocumentContext context = appender.writingDocument())
            {
                context.wire().bytes().write(payload);
            }
        }
        return records;
    }

    private static long copy(final MappedByteBuffer target, final byte[] payload, final long records)
    {
        final int size = payload.length;
        final int step = (size + 15) & ~7;
        int position = 0;
        for (long i = 0; i < records; i++)
        {
            target.put(position, payload, 0, size);
            position += step;
        }
        return records;
    }
}
