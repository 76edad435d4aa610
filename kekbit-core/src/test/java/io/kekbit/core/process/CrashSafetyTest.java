package io.kekbit.core.process;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer JVM is killed with SIGKILL at a random moment while writing checked records as fast as it can; a reader
 * then sees a gap-free prefix of intact records ending at WATERMARK, and TIMEOUT once the channel's timeout passed;
 * every fifth channel is then resumed with {@code resumeShmWriter} and continues the sequence.
 * Seed: system property {@code kekbit.crash.seed}; runs: {@code kekbit.crash.runs} (default 50).
 */
class CrashSafetyTest
{
    private static final long CAPACITY = 64L << 20;
    private static final long TIMEOUT_MILLIS = 300;

    private Path root;

    @BeforeEach
    void createRoot() throws IOException
    {
        root = ProcessTests.shmTempDir("kekbit-" + getClass().getSimpleName() + "-");
    }

    @AfterEach
    void deleteRoot() throws IOException
    {
        ProcessTests.deleteTree(root);
    }

    @Test
    void killedWriterLeavesAGapFreePrefixEndingAtWatermarkThenTimeout() throws IOException
    {
        final long seed = ProcessTests.seed("kekbit.crash.seed");
        final int runs = ProcessTests.intProperty("kekbit.crash.runs", 50);
        final Random random = new Random(seed);
        long totalRecords = 0;
        int runsWithoutRecords = 0;
        int runsFilledBeforeTheKill = 0;
        final int[] liveTimeouts = {0};
        for (int run = 0; run < runs; run++)
        {
            final long channelId = 1000 + run;
            // The kill moment: once a live reader has seen a random amount of data, plus a random delay.
            final long targetBytes = random.nextInt(4) == 0 ? 0 : random.nextInt(8 << 20);
            final long extraDelayMillis = random.nextBoolean() ? 0 : random.nextInt(40);
            final String context = "[seed=" + seed + " (replay with -Dkekbit.crash.seed=" + seed + "), run=" + run +
                ", targetBytes=" + targetBytes + ", extraDelayMillis=" + extraDelayMillis + "]";
            final ChildJvm child = ChildJvm.start(WriterChild.class, "crash", root.toString(),
                Long.toString(channelId), Long.toString(CAPACITY), Long.toString(TIMEOUT_MILLIS));
            final Checker live = new Checker(context);
            try (Reader liveReader = openWhenReady(child, channelId))
            {
                try
                {
                    await(context).atMost(Duration.ofSeconds(60)).pollInSameThread()
                        .pollInterval(Duration.ofMillis(1))
                        .until(() ->
                        {
                            if (liveReader.read(live, 4096) < 0 && liveReader.exhausted() == ReadError.TIMEOUT)
                            {
                                // The writer was descheduled for longer than the timeout (a loaded machine): a
                                // real timeout; resume reading where we are.
                                liveTimeouts[0]++;
                                assertThat(liveReader.moveTo(liveReader.position())).isNotNegative();
                            }
                            return liveReader.position() >= targetBytes || liveReader.exhausted() != null ||
                                !child.process().isAlive();
                        });
                    if (extraDelayMillis > 0)
                    {
                        await(context).pollDelay(Duration.ofMillis(extraDelayMillis)).atMost(Duration.ofSeconds(10))
                            .until(() -> true);
                    }
                    child.kill();
                }
                finally
                {
                    child.close();
                }
                // A fast writer may fill the channel (and stop writing) before a slow live reader reaches the kill
                // moment: the checks below hold for that run too, but it killed an idle writer, so such runs are
                // counted and must stay a minority.
                assertThat(child.stdout()).as("writer output %s", context).isIn("READY\n", "READY\nFULL\n");
                runsFilledBeforeTheKill += child.stdout().contains("FULL") ? 1 : 0;
                assertThat(child.stderr()).as("writer stderr %s", context).isEmpty();
                assertThat(liveReader.exhausted()).as("live reader %s", context).isNull();
                // Start the timeout clock afresh: the last empty poll may lie longer than the timeout in the past.
                assertThat(liveReader.moveTo(liveReader.position())).isNotNegative();
                final long liveCount = readToWatermark(liveReader, live, channelId, context);
                try (Reader fresh = Kekbit.shmReader(root, channelId))
                {
                    final long freshCount = readToWatermark(fresh, new Checker(context), channelId, context);
                    assertThat(freshCount).as("fresh reader sees the live reader's records %s", context)
                        .isEqualTo(liveCount);
                    assertThat(fresh.position()).isEqualTo(liveReader.position());
                }
                await(context).atMost(Duration.ofSeconds(10)).pollInSameThread().pollInterval(Duration.ofMillis(20))
                    .until(() -> liveReader.read(live, 16) == ReadError.TIMEOUT.code());
                assertThat(liveReader.exhausted()).isEqualTo(ReadError.TIMEOUT);
                assertThat(liveReader.timeoutExpiration()).isPositive();
                assertThat(live.problem).as("no record after the WATERMARK %s", context).isNull();
                totalRecords += liveCount;
                runsWithoutRecords += liveCount == 0 ? 1 : 0;
                if (run % 5 == 0)
                {
                    resumeAfterCrash(channelId, liveCount, context);
                }
            }
            deleteChannel(channelId);
        }
        System.out.println("CrashSafetyTest: seed=" + seed + " runs=" + runs + " records verified=" + totalRecords +
            " runs killed before the first record=" + runsWithoutRecords + " runs that filled the channel before the " +
            "kill=" + runsFilledBeforeTheKill + " writer pauses beyond the timeout seen while writing=" + liveTimeouts[0]);
        assertThat(runsWithoutRecords).as("most kills land while records are being written").isLessThan(runs / 2);
        assertThat(runsFilledBeforeTheKill).as("most kills land while the writer is writing").isLessThan(runs / 2);
    }

    /**
     * The killed writer's channel can be resumed: new records continue the sequence, and a reader sees all of them
     * and then CLOSED.
     */
    private void resumeAfterCrash(final long channelId, final long count, final String context)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(WriterChild.CRASH_MAX);
        try (Writer writer = Kekbit.resumeShmWriter(root, channelId))
        {
            for (long seq = count; seq < count + 10; seq++)
            {
                final int length = TestRecords.length(seq, WriterChild.CRASH_MIN, WriterChild.CRASH_MAX);
                TestRecords.fillChecked(buffer, 0, seq, length);
                assertThat(writer.write(buffer.array(), 0, length)).as("resumed write %s", context).isPositive();
            }
        }
        final Checker checker = new Checker(context);
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            int calls = 0;
            while (reader.read(checker, 4096) > 0)
            {
                assertThat(++calls).as("reads bounded %s", context).isLessThan(1_000_000);
            }
            assertThat(checker.problem).as("records after resume %s", context).isNull();
            assertThat(checker.expected).as("records after resume %s", context).isEqualTo(count + 10);
            assertThat(reader.exhausted()).as("resumed writer closed %s", context).isEqualTo(ReadError.CLOSED);
        }
    }

    private Reader openWhenReady(final ChildJvm child, final long channelId)
    {
        try
        {
            child.awaitLine("READY", ChildJvm.DEFAULT_WAIT);
            return Kekbit.shmReader(root, channelId);
        }
        catch (final RuntimeException | AssertionError ex)
        {
            child.close();
            throw ex;
        }
    }

    private long readToWatermark(final Reader reader, final Checker checker, final long channelId,
        final String context) throws IOException
    {
        long result;
        int calls = 0;
        while ((result = reader.read(checker, 4096)) > 0)
        {
            assertThat(++calls).as("reads bounded %s", context).isLessThan(1_000_000);
        }
        assertThat(checker.problem).as("records intact and gap-free %s", context).isNull();
        assertThat(result).as("ends at WATERMARK (read returns 0) %s", context).isZero();
        assertThat(reader.exhausted()).as("not exhausted at WATERMARK %s", context).isNull();
        assertThat(wordAt(channelId, reader.position()))
            .as("length word at final position %d %s", reader.position(), context)
            .isEqualTo(RecordDescriptor.WATERMARK);
        return checker.expected;
    }

    /** Checks that records arrive as 0, 1, 2... and intact; remembers the first problem. */
    private static final class Checker implements RecordHandler
    {
        private final String context;
        long expected;
        String problem;

        Checker(final String context)
        {
            this.context = context;
        }

        @Override
        public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            if (problem == null)
            {
                final String error = TestRecords.verifyChecked(
                    buffer, offset, length, expected, WriterChild.CRASH_MIN, WriterChild.CRASH_MAX);
                problem = error == null ? null : error + " at position " + position + " " + context;
            }
            expected++;
        }
    }

    private long wordAt(final long channelId, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(Kekbit.storagePath(root, channelId), StandardOpenOption.READ))
        {
            final ByteBuffer word = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(word, DATA_OFFSET + position);
            return word.getLong(0);
        }
    }

    private void deleteChannel(final long channelId) throws IOException
    {
        final Path path = Kekbit.storagePath(root, channelId);
        Files.deleteIfExists(path);
        try (Stream<Path> left = Files.list(path.getParent()))
        {
            assertThat(left.filter(p -> p.toString().endsWith(".lock"))).as("lock files left").isEmpty();
        }
    }
}
