package io.kekbit.benchmarks.journal;

import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalConfig;
import io.kekbit.journal.JournalWriter;
import io.kekbit.journal.RetentionPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.HdrHistogram.Histogram;

/**
 * Measures the write latency of a {@link JournalWriter}: writes inside a segment versus writes that roll to the next
 * segment (the segment number changes during the call), and all writes of a rolling journal versus the same writes
 * into one segment that never rolls. The two writers are open side by side in one JVM and take turns in blocks of
 * {@code --block} writes (the order alternating from block to block), so that noise from the rest of the machine
 * lands on both alike instead of on whichever ran second. Rolls are rare, so "roll writes" has few samples and its
 * p99.9 is close to its maximum: it is also compared with a sample of the same size taken inside the segments (the
 * write halfway between two rolls). Each write is timed with {@code System.nanoTime()} around the call; the writer is
 * paced (one write every {@code --pace-ns}, busy-waiting, never bursting to catch up after a stall) so that the
 * background thread has time to pre-create the next segments, as in a service writing at a steady rate. The first
 * {@code --warmup} writes of each writer are not recorded. Retention keeps 8 segments so the rolling journal needs
 * little memory.
 * <pre>
 * java -cp kekbit-benchmarks/target/benchmarks.jar io.kekbit.benchmarks.journal.JournalRollLatency \
 *     [--dir /dev/shm/kekbit-roll] [--records 5000000] [--warmup 500000] [--segment 65536] [--payload 64]
 *     [--pace-ns 1000] [--ahead 2] [--block 100000]
 * </pre>
 * {@code --help} prints the options and measures nothing; an unknown option or an option without its value is
 * refused before anything is written.
 * Not thread-safe; a command-line tool.
 */
public final class JournalRollLatency
{
    /** The command line, printed for {@code --help} and with a bad option. */
    static final String USAGE = "usage: java -cp kekbit-benchmarks/target/benchmarks.jar " +
        "io.kekbit.benchmarks.journal.JournalRollLatency [--dir DIR] [--records N] [--warmup N] [--segment BYTES] " +
        "[--payload BYTES] [--pace-ns NANOS] [--ahead SEGMENTS] [--block N] " +
        "(defaults: /dev/shm/kekbit-roll-<pid>, 5000000, 500000, 65536, 64, 1000, 2, 100000)";

    private JournalRollLatency()
    {
    }

    /**
     * Runs the measurement and prints the histograms and ratios.
     *
     * @param args options, see the class comment; {@code --help} prints them and returns.
     * @throws IOException if the directory cannot be cleaned.
     * @throws IllegalArgumentException for an unknown option or an option without its value, naming it.
     */
    public static void main(final String[] args) throws IOException
    {
        Path dir = Path.of("/dev/shm/kekbit-roll-" + ProcessHandle.current().pid());
        long records = 5_000_000;
        long warmup = 500_000;
        long segment = 64 * 1024;
        int payload = 64;
        long paceNanos = 1_000;
        int ahead = 2;
        long block = 100_000;
        for (int i = 0; i < args.length; i += 2)
        {
            if ("--help".equals(args[i]) || "-h".equals(args[i]))
            {
                System.out.println(USAGE);
                return;
            }
            if (i + 1 == args.length)
            {
                throw new IllegalArgumentException("option " + args[i] + " needs a value; " + USAGE);
            }
            switch (args[i])
            {
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--records" -> records = Long.parseLong(args[i + 1]);
                case "--warmup" -> warmup = Long.parseLong(args[i + 1]);
                case "--segment" -> segment = Long.parseLong(args[i + 1]);
                case "--payload" -> payload = Integer.parseInt(args[i + 1]);
                case "--pace-ns" -> paceNanos = Long.parseLong(args[i + 1]);
                case "--ahead" -> ahead = Integer.parseInt(args[i + 1]);
                case "--block" -> block = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option: " + args[i] + "; " + USAGE);
            }
        }
        final int recordSize = (8 + payload + 7) & ~7;
        final JournalConfig rolling = config(1, segment, payload, ahead);
        // Baseline: the same writes into one segment large enough for all of them, so that no write rolls.
        final JournalConfig single = config(
            2, Math.max(segment, Long.highestOneBit((records + 1024) * recordSize) << 1), payload, ahead);
        final Phase roll = new Phase(rolling, payload);
        final Phase base = new Phase(single, payload);
        try (JournalWriter rollWriter = Journal.writer(dir, rolling);
            JournalWriter baseWriter = Journal.writer(dir, single))
        {
            long done = 0;
            boolean rollFirst = true;
            while (done < records)
            {
                final long count = Math.min(block, records - done);
                if (rollFirst)
                {
                    roll.run(rollWriter, count, warmup, paceNanos);
                    base.run(baseWriter, count, warmup, paceNanos);
                }
                else
                {
                    base.run(baseWriter, count, warmup, paceNanos);
                    roll.run(rollWriter, count, warmup, paceNanos);
                }
                rollFirst = !rollFirst;
                done += count;
            }
            roll.segments = rollWriter.segment() + 1;
            roll.waitedRolls = rollWriter.waitedRolls();
        }
        finally
        {
            delete(dir);
        }
        System.out.printf("journal roll latency: %,d records (%,d warm-up) per writer in blocks of %,d, %d-byte " +
            "payload, %,d-byte segments, pace %d ns, %d segments ahead, dir %s, %d segments written, %d rolls " +
            "waited for a segment, JDK %s%n",
            records, warmup, block, payload, segment, paceNanos, ahead, dir, roll.segments, roll.waitedRolls,
            Runtime.version());
        print("all writes, rolling journal", roll.all);
        print("all writes, one segment (no roll)", base.all);
        print("in-segment writes, rolling journal", roll.inSegment);
        print("roll writes", roll.rolls);
        print("mid-segment writes (one per segment)", roll.midSegment);
        System.out.printf("p99.9 all writes (rolls included) / in-segment writes, rolling journal = %.2f%n",
            ratio(roll.all, roll.inSegment));
        System.out.printf("p99.9 all writes rolling / one segment = %.2f%n",
            ratio(roll.all, base.all));
        System.out.printf("p99.9 roll writes / mid-segment writes (same sample size) = %.2f%n",
            ratio(roll.rolls, roll.midSegment));
        System.out.printf("p99.9 roll writes / in-segment writes = %.2f%n", ratio(roll.rolls, roll.inSegment));
    }

    private static JournalConfig config(final int journalId, final long segment, final int payload, final int ahead)
    {
        return JournalConfig.builder(journalId).segmentCapacity(segment).maxMessageLength(payload)
            .retention(RetentionPolicy.builder().maxSegments(8).build()).retentionInterval(Duration.ofMillis(100))
            .preallocatedSegments(ahead).build();
    }

    private static double ratio(final Histogram a, final Histogram b)
    {
        return (double)a.getValueAtPercentile(99.9) / b.getValueAtPercentile(99.9);
    }

    /**
     * One writer's histograms and its place in the run (records written so far, writes since its last roll).
     */
    private static final class Phase
    {
        final Histogram all = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        final Histogram inSegment = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        final Histogram rolls = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        final Histogram midSegment = new Histogram(Duration.ofSeconds(10).toNanos(), 3);
        final byte[] message;
        final long perSegment;
        long written;
        long sinceRoll;
        long segments;
        long waitedRolls;

        Phase(final JournalConfig config, final int payload)
        {
            message = new byte[payload];
            perSegment = config.segmentCapacity() / ((8 + payload + 7) & ~7);
        }

        void run(final JournalWriter writer, final long count, final long warmup, final long paceNanos)
        {
            final byte[] message = this.message;
            final int payload = message.length;
            long next = System.nanoTime();
            for (long n = 0; n < count; n++)
            {
                if (paceNanos > 0)
                {
                    // Steady rate without catch-up bursts: after a stall the schedule restarts from now.
                    next = Math.max(next + paceNanos, System.nanoTime() - paceNanos);
                    while (System.nanoTime() < next)
                    {
                        Thread.onSpinWait();
                    }
                }
                final long i = written++;
                message[0] = (byte)i;
                final long before = writer.segment();
                final long start = System.nanoTime();
                final long result = writer.write(message, 0, payload);
                final long elapsed = System.nanoTime() - start;
                if (result < 0)
                {
                    throw new IllegalStateException("write failed: " + result);
                }
                final boolean rolled = writer.segment() != before;
                sinceRoll = rolled ? 0 : sinceRoll + 1;
                if (i >= warmup)
                {
                    all.recordValue(elapsed);
                    (rolled ? rolls : inSegment).recordValue(elapsed);
                    if (sinceRoll == perSegment / 2)
                    {
                        midSegment.recordValue(elapsed);
                    }
                }
            }
        }
    }

    private static void print(final String name, final Histogram histogram)
    {
        System.out.printf("%-38s count=%,d p50=%,d ns p99=%,d ns p99.9=%,d ns max=%,d ns%n", name,
            histogram.getTotalCount(), histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
            histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    private static void delete(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(file);
            }
        }
    }
}
