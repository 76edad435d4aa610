package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .lock} file holding the pid of a process that has exited (a finished child JVM) is reported as stale:
 * creating the channel fails with STORAGE_ALREADY_EXISTS, opening it with STORAGE_NOT_READY, both saying "stale",
 * also after a creator was killed in the middle of creating the channel.
 */
class StaleLockTest
{
    @TempDir
    Path root;

    private long deadPid;

    @BeforeEach
    void startAndFinishAChild()
    {
        final ChildJvm child = ChildJvm.start(SmokeChild.class, root.resolve("smoke").toString());
        try
        {
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
            deadPid = child.pid();
        }
        finally
        {
            child.close();
        }
        assertThat(ProcessHandle.of(deadPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void writerReportsStaleLockOfDeadCreator() throws IOException
    {
        final Path lock = writeLock(5, Long.toString(deadPid));
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 5, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
            .hasMessageContaining("stale")
            .hasMessageContaining(Long.toString(deadPid))
            .hasMessageContaining(lock.toString());
        assertThat(lock).as("the stale lock is reported, not silently removed").exists();
        assertThat(Kekbit.storagePath(root, 5)).doesNotExist();
    }

    @Test
    void readerReportsStaleLockOfDeadCreator() throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 6, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            writer.write(new byte[] {1});
        }
        writeLock(6, deadPid + "\n");
        assertThatThrownBy(() -> Kekbit.shmReader(root, 6))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_READY))
            .hasMessageContaining("stale")
            .hasMessageContaining(Long.toString(deadPid));
    }

    /**
     * The realistic case: a creator killed with SIGKILL in the middle of creation leaves its lock and a partial
     * channel file; both a new creator and a reader must be told the lock is stale.
     */
    @Test
    void creatorKilledDuringCreationLeavesAStaleLockThatIsReported()
    {
        final long channelId = 8;
        final Path path = Kekbit.storagePath(root, channelId);
        final Path lock = StorageDescriptor.lockPath(root, channelId);
        final ChildJvm child = ChildJvm.start(CreateOnceChild.class, root.toString(), Long.toString(channelId),
            Long.toString(1L << 30), "1000");
        final long pid = child.pid();
        try
        {
            await().atMost(ChildJvm.DEFAULT_WAIT).pollInterval(Duration.ofMillis(1)).pollInSameThread()
                .until(() -> Files.exists(path) || !child.process().isAlive());
            child.kill();
        }
        finally
        {
            child.close();
        }
        assertThat(child.stdout()).as("killed before creation completed: %s", child.describe()).isEmpty();
        assertThat(path).exists();
        assertThat(lock).exists();
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, channelId, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
            .hasMessageContaining("stale")
            .hasMessageContaining(Long.toString(pid));
        assertThatThrownBy(() -> Kekbit.shmReader(root, channelId))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_READY))
            .hasMessageContaining("stale")
            .hasMessageContaining(Long.toString(pid));
    }

    @Test
    void liveCreatorIsNotCalledStale() throws IOException
    {
        writeLock(7, Long.toString(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 7, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
            .hasMessageNotContaining("stale")
            .hasMessageContaining("being created by process " + ProcessHandle.current().pid());
    }

    private Path writeLock(final long channelId, final String content) throws IOException
    {
        final Path lock = StorageDescriptor.lockPath(root, channelId);
        Files.createDirectories(lock.getParent());
        Files.write(lock, content.getBytes(StandardCharsets.US_ASCII));
        return lock;
    }
}
