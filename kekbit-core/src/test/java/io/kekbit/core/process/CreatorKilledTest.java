package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Creators killed with SIGKILL at random moments of creation (from when their folder appears, plus 0 to 400 ms, over
 * a 64 MiB channel): whatever they leave is told truthfully at once. A lock file left behind always holds the
 * creator's process id (never empty) and is reported stale to a new creator and to a reader, with
 * {@link ChannelException#isStaleLock()}; without a lock file the channel is complete. Recovering as the messages
 * say (delete the stale lock and the channel) lets a new creator succeed, and it removes the temporary files killed
 * creators left. Rounds:
 * {@code kekbit.kill.rounds} (default 12); seed: {@code kekbit.kill.seed} (printed).
 */
class CreatorKilledTest
{
    private static final long CAPACITY = 64L << 20;

    @Test
    void whateverAKilledCreatorLeavesIsReportedTruthfully() throws IOException
    {
        final int rounds = ProcessTests.intProperty("kekbit.kill.rounds", 12);
        final long seed = ProcessTests.seed("kekbit.kill.seed");
        final SplittableRandom random = new SplittableRandom(seed);
        int staleLocks = 0;
        int complete = 0;
        int beforeLock = 0;
        int temporaries = 0;
        for (int round = 0; round < rounds; round++)
        {
            final Path root = ProcessTests.shmTempDir("kekbit-kill-");
            try
            {
                final long channelId = 0x10 + round;
                final Path path = Kekbit.storagePath(root, channelId);
                final Path lock = StorageDescriptor.lockPath(root, channelId);
                final long delayNanos = TimeUnit.MICROSECONDS.toNanos(random.nextInt(400_000));
                final ChildJvm child = ChildJvm.start(CreateOnceChild.class, root.toString(),
                    Long.toString(channelId), Long.toString(CAPACITY), "1000");
                final long pid = child.pid();
                try
                {
                    final long deadline = System.nanoTime() + ChildJvm.DEFAULT_WAIT.toNanos();
                    while (!Files.exists(path.getParent()) && child.process().isAlive() &&
                        System.nanoTime() < deadline)
                    {
                        Thread.onSpinWait();
                    }
                    final long killAt = System.nanoTime() + delayNanos;
                    while (System.nanoTime() < killAt)
                    {
                        Thread.onSpinWait();
                    }
                    child.kill();
                }
                finally
                {
                    child.close();
                }
                final String context = "seed " + seed + ", round " + round + ", delay " + delayNanos + " ns, pid " +
                    pid;
                try (Stream<Path> files = Files.list(path.getParent()))
                {
                    temporaries += files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")) ? 1 : 0;
                }
                if (Files.exists(lock))
                {
                    staleLocks++;
                    assertThat(Files.readString(lock).trim()).as(context).isEqualTo(Long.toString(pid));
                    assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, channelId, 16384, 100, 1000,
                        TickUnit.MILLIS)))
                        .as(context)
                        .isInstanceOfSatisfying(ChannelException.class, ex ->
                        {
                            assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS);
                            assertThat(ex.isStaleLock()).isTrue();
                        })
                        .hasMessageContaining("stale lock file " + lock + ": its creator, process " + pid);
                    assertThatThrownBy(() -> Kekbit.shmReader(root, channelId))
                        .as(context)
                        .isInstanceOfSatisfying(ChannelException.class, ex ->
                        {
                            assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_READY);
                            assertThat(ex.isStaleLock()).isTrue();
                        });
                }
                else if (Files.exists(path))
                {
                    complete++;
                    try (Reader reader = Kekbit.shmReader(root, channelId))
                    {
                        assertThat(reader.header().capacity()).as(context).isEqualTo(CAPACITY);
                    }
                }
                else
                {
                    beforeLock++;
                }
                // Recovery as the messages say: delete the stale lock and the incomplete channel, then create again;
                // the new creator also removes the temporary files killed creators left.
                if (Files.exists(lock))
                {
                    Files.delete(lock);
                    Files.deleteIfExists(path);
                }
                Files.deleteIfExists(path);
                Kekbit.shmWriter(root, Header.of(1, channelId, 16384, 100, 1000, TickUnit.MILLIS)).close();
                try (Stream<Path> files = Files.list(path.getParent()))
                {
                    // The writer's owner file stays after it closes (only its OS lock tells a live writer).
                    final String stem = path.getFileName().toString().replace(StorageDescriptor.CHANNEL_EXTENSION, "");
                    assertThat(files.map(f -> f.getFileName().toString()))
                        .as(context + ": only the new channel (and its writer's owner file) is left")
                        .containsExactlyInAnyOrder(path.getFileName().toString(),
                            stem + StorageDescriptor.OWNER_EXTENSION);
                }
            }
            finally
            {
                ProcessTests.deleteTree(root);
            }
        }
        System.out.println("CreatorKilledTest: seed " + seed + ", " + rounds + " rounds: " + staleLocks +
            " stale locks reported stale, " + complete + " complete channels, " + beforeLock +
            " killed before taking the lock, " + temporaries + " rounds left a temporary file (removed by the next creator)");
    }
}
