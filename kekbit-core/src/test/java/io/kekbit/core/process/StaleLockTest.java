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
import io.kekbit.core.shm.CreatorLockChild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The truth about {@code .lock} files. A lock held by a live creator in another process is "being created by process
 * N"; the same lock is stale at once when that process is killed (the OS releases its lock). A lock holding the pid of
 * a process that has exited is stale; creating the channel fails with STORAGE_ALREADY_EXISTS, opening it with
 * STORAGE_NOT_READY, both saying "stale" and {@link ChannelException#isStaleLock()}, also after a creator was killed
 * in the middle of creating the channel. An empty lock that no process holds is stale after the grace period.
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

    /**
     * A live creator in another process (the real creator lock, held by a child JVM) is reported as creating the
     * channel, by its process id, to a creator, a reader and a waiting reader; once it is killed with SIGKILL, the
     * operating system releases its lock and the same lock file is reported stale at once.
     */
    @Test
    void liveCreatorInAnotherProcessIsCreatingUntilKilledThenStale() throws IOException
    {
        final long channelId = 9;
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, channelId, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            writer.write(new byte[] {1});
        }
        final Path lock = StorageDescriptor.lockPath(root, channelId);
        final ChildJvm child = ChildJvm.start(CreatorLockChild.class, lock.toString());
        final long pid = child.pid();
        try
        {
            child.awaitLine("HELD", ChildJvm.DEFAULT_WAIT);
            assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, channelId, 16384, 100, 1000,
                TickUnit.MILLIS)))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                {
                    assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS);
                    assertThat(ex.isStaleLock()).isFalse();
                })
                .hasMessageNotContaining("stale")
                .hasMessageContaining("being created by process " + pid);
            assertThatThrownBy(() -> Kekbit.shmReader(root, channelId))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                {
                    assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_READY);
                    assertThat(ex.isStaleLock()).isFalse();
                })
                .hasMessage("STORAGE_NOT_READY: " + Kekbit.storagePath(root, channelId) + ": lock file " + lock +
                    " exists: the channel is being created by process " + pid);
            assertThatThrownBy(() -> Kekbit.tryShmReader(root, channelId, Duration.ofMillis(200), 4))
                .as("a live creator is waited for until the time is up")
                .isInstanceOfSatisfying(ChannelException.class, ex -> assertThat(ex.isStaleLock()).isFalse());
            child.kill();
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).isNotZero();
        }
        finally
        {
            child.close();
        }
        assertThat(lock).exists();
        assertThatThrownBy(() -> Kekbit.tryShmReader(root, channelId, Duration.ofSeconds(60), 600))
            .as("a stale lock is reported at once, not waited for")
            .isInstanceOfSatisfying(ChannelException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_READY);
                assertThat(ex.isStaleLock()).isTrue();
            })
            .hasMessageContaining("stale lock file " + lock)
            .hasMessageContaining("process " + pid + ", is no longer running");
    }

    /**
     * The creator's lock holds its process id and an OS lock from the moment it has its name: a child that releases
     * it normally leaves nothing behind, and while it holds it the file is never empty.
     */
    @Test
    void heldLockNamesItsCreatorAndIsRemovedOnRelease() throws IOException
    {
        final Path lock = StorageDescriptor.lockPath(root, 10);
        Files.createDirectories(lock.getParent());
        final ChildJvm child = ChildJvm.start(CreatorLockChild.class, lock.toString());
        try
        {
            child.awaitLine("HELD", ChildJvm.DEFAULT_WAIT);
            assertThat(Files.readString(lock, StandardCharsets.US_ASCII)).isEqualTo(child.pid() + "\n");
            try (Stream<Path> files = Files.list(lock.getParent()))
            {
                assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file is left")
                    .containsExactly(lock.getFileName().toString());
            }
            child.process().getOutputStream().close();
            child.awaitLine("RELEASED", ChildJvm.DEFAULT_WAIT);
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
        }
        finally
        {
            child.close();
        }
        assertThat(lock).doesNotExist();
    }

    /**
     * An empty lock file that no process holds (left by a creator killed before it recorded itself, or made by a
     * creator that takes no OS lock, as the Rust crate) may belong to a creator at work for a short while; after the
     * grace period it is stale.
     */
    @Test
    void emptyUnlockedLockIsStaleOnceOlderThanTheGrace() throws IOException
    {
        final Path lock = writeLock(11, "");
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 11, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex -> assertThat(ex.isStaleLock()).isFalse())
            .hasMessageContaining("lock file " + lock + " exists, empty (no creator recorded), and no process " +
                "holds it");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(11)));
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 11, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS);
                assertThat(ex.isStaleLock()).isTrue();
            })
            .hasMessageContaining("stale lock file " + lock + ": empty (no creator recorded), no process holds it");
    }

    /**
     * A lock file naming a running process that holds no OS lock on it (a creator that takes none) is not called
     * stale within the grace period: the process id alone does not decide.
     */
    @Test
    void runningProcessWithoutTheOsLockIsNotStaleWithinTheGrace() throws IOException
    {
        writeLock(7, Long.toString(ProcessHandle.current().pid()));
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 7, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS);
                assertThat(ex.isStaleLock()).isFalse();
            })
            .hasMessageContaining("naming process " + ProcessHandle.current().pid() + ", which holds no OS lock");
    }

    @Test
    void symbolicLinkAsLockIsNotFollowed() throws IOException
    {
        final Path target = Files.write(root.resolve("target"), Long.toString(deadPid).getBytes(
            StandardCharsets.US_ASCII));
        final Path lock = StorageDescriptor.lockPath(root, 12);
        Files.createDirectories(lock.getParent());
        Files.createSymbolicLink(lock, target);
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 12, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS);
                assertThat(ex.isStaleLock()).isFalse();
            })
            .hasMessageContaining("lock file " + lock + " is not a regular file");
        assertThat(Files.readString(target)).isEqualTo(Long.toString(deadPid));
    }

    private Path writeLock(final long channelId, final String content) throws IOException
    {
        final Path lock = StorageDescriptor.lockPath(root, channelId);
        Files.createDirectories(lock.getParent());
        Files.write(lock, content.getBytes(StandardCharsets.US_ASCII));
        return lock;
    }
}
