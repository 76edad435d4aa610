package io.kekbit.core.process;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer JVM is killed with SIGKILL at a random moment while writing checked records as fast as it can; a reader
 * then sees a gap-free prefix of intact records ending at WATERMARK, and TIMEOUT once the channel's timeout passed.
 * Seed: system property {@code kekbit.crash.seed}; runs: {@code kekbit.crash.runs} (default 50).
 */
class CrashSafetyTest
{
    private static final long CAPACITY = 64L << 20;
    private static final long TIMEOUT_MILLIS = 300;

    @TempDir
    Path root;

    @Test
    void killedWriterLeavesAGapFreePrefixEndingAtWatermarkThenTimeout() throws IOException
    {
        final long seed = ProcessTests.seed("kekbit.crash.seed");
        final int runs = ProcessTests.intProperty("kekbit.crash.runs", 50);
        final Random random = new Random(seed);
        long totalRecords = 0;
        int runsThatFilled = 0;
        for (int run = 0; run < runs; run++)
        {
            final long channelId = 1000 + run;
            final long killDelayMillis = random.nextInt(4) == 0 ? 0 : random.nextInt(120);
            final String context = "[seed=" + seed + " (replay with -Dkekbit.crash.seed=" + seed + "), run=" + run +
                ", killDelayMillis=" + killDelayMillis + "]";
            final ChildJvm child = ChildJvm.start(WriterChild.class, "crash", root.toString(),
                Long.toString(channelId), Long.toString(CAPACITY), Long.toString(TIMEOUT_MILLIS));
            try
            {
                child.awaitLine("READY", ChildJvm.DEFAULT_WAIT);
                if (killDelayMillis > 0)
                {
                    await().pollDelay(Duration.ofMillis(killDelayMillis)).atMost(Duration.ofSeconds(10))
                        .until(() -> true);
                }
                child.kill();
            }
            finally
            {
                child.close();
            }
            if (child.stdout().contains("FULL"))
            {
                runsThatFilled++;
            }
            assertThat(child.stderr()).as("writer stderr %s", context).isEmpty();
            totalRecords += checkPrefix(channelId, context);
            deleteChannel(channelId);
        }
        System.out.println("CrashSafetyTest: seed=" + seed + " runs=" + runs + " records verified=" + totalRecords +
            " runs that filled the channel before the kill=" + runsThatFilled);
    }

    private long checkPrefix(final long channelId, final String context) throws IOException
    {
        final long[] expected = {0};
        final String[] problem = {null};
        final RecordHandler handler = (buffer, offset, length, position) ->
        {
            if (problem[0] == null)
            {
                problem[0] = TestRecords.verifyChecked(
                    buffer, offset, length, expected[0], WriterChild.CRASH_MIN, WriterChild.CRASH_MAX);
            }
            expected[0]++;
        };
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            long result;
            int calls = 0;
            while ((result = reader.read(handler, 4096)) > 0)
            {
                assertThat(++calls).as("reads bounded %s", context).isLessThan(1_000_000);
            }
            assertThat(problem[0]).as("records intact and gap-free %s", context).isNull();
            assertThat(result).as("ends at WATERMARK (read returns 0) %s", context).isZero();
            assertThat(reader.exhausted()).as("not exhausted at WATERMARK %s", context).isNull();
            assertThat(wordAt(channelId, reader.position()))
                .as("length word at final position %d %s", reader.position(), context)
                .isEqualTo(RecordDescriptor.WATERMARK);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> reader.read(handler, 16) == ReadError.TIMEOUT.code());
            assertThat(reader.exhausted()).isEqualTo(ReadError.TIMEOUT);
            assertThat(reader.timeoutExpiration()).isPositive();
            assertThat(problem[0]).as("no record after the WATERMARK %s", context).isNull();
        }
        return expected[0];
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
