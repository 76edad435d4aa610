package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner lock across processes: a live writer's channel is refused by a second writer, a resume and a re-create
 * in another JVM, which name its pid; once the writer's JVM is killed (SIGKILL) the OS has released the lock and the
 * channel is resumed with every record kept. Failed attempts and probes in the writer's own JVM do not drop its lock.
 */
class WriterOwnerLockTest
{
    private static final long CHANNEL = 77;

    @TempDir
    Path root;

    @Test
    void shouldRefuseALiveWriterInAnotherProcessAndResumeAfterItIsKilled() throws IOException
    {
        final ChildJvm child = ChildJvm.start(OwnerChild.class, "write", root.toString(), Long.toString(CHANNEL), "10");
        try
        {
            child.awaitLine("READY", ChildJvm.DEFAULT_WAIT);
            final Path file = Kekbit.storagePath(root, CHANNEL);
            final byte[] before = Files.readAllBytes(file);

            assertThat(Kekbit.writerPid(root, CHANNEL)).isEqualTo(child.pid());
            assertThatThrownBy(() -> Kekbit.resumeShmWriter(root, CHANNEL))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                    assertThat(ex.reason()).isEqualTo(ChannelError.CHANNEL_IN_USE))
                .hasMessageContaining("a live writer holds the channel: process " + child.pid());
            assertThatThrownBy(() -> Kekbit.recreateShmWriter(root, header()))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                    assertThat(ex.reason()).isEqualTo(ChannelError.CHANNEL_IN_USE))
                .hasMessageContaining("process " + child.pid());
            assertThatThrownBy(() -> Kekbit.shmWriter(root, header()))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                    assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
                .hasMessageContaining("a live writer holds the channel: process " + child.pid());
            assertThat(Files.readAllBytes(file)).as("the live channel is untouched").isEqualTo(before);

            child.kill();
            assertThat(Kekbit.writerPid(root, CHANNEL)).isEqualTo(Kekbit.NO_WRITER);
            try (Writer resumed = Kekbit.resumeShmWriter(root, CHANNEL))
            {
                resumed.write("after".getBytes(StandardCharsets.UTF_8));
            }
            final List<String> records = readAll();
            assertThat(records).hasSize(11).startsWith("record-0").endsWith("record-9", "after");
        }
        finally
        {
            child.close();
        }
    }

    @Test
    void shouldKeepTheLockThroughRefusedAttemptsReadersAndProbesInTheWritersJvm()
    {
        try (Writer writer = Kekbit.shmWriter(root, header()))
        {
            final long self = ProcessHandle.current().pid();
            assertThatThrownBy(() -> Kekbit.shmWriter(root, header()))
                .hasMessageContaining("a live writer holds the channel: process " + self + " (this process)");
            assertThatThrownBy(() -> Kekbit.resumeShmWriter(root, CHANNEL))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                    assertThat(ex.reason()).isEqualTo(ChannelError.CHANNEL_IN_USE));
            assertThat(Kekbit.writerPid(root, CHANNEL)).isEqualTo(self);
            assertThat(Kekbit.writerPid(root.resolve(".").resolve(root.getFileName().toString()).getParent(),
                CHANNEL)).as("another spelling of the root").isEqualTo(self);
            try (Reader reader = Kekbit.shmReader(root, CHANNEL))
            {
                assertThat(reader.header().channelId()).isEqualTo(CHANNEL);
            }

            assertThat(probeFromAnotherJvm()).as("the lock survives in the OS").isEqualTo("HOLDER " + self);
            assertThat(resumeFromAnotherJvm()).startsWith("REFUSED CHANNEL_IN_USE").contains("process " + self);
            assertThat(writer.write(new byte[8], 0, 8)).isPositive();
        }
        assertThat(Kekbit.writerPid(root, CHANNEL)).isEqualTo(Kekbit.NO_WRITER);
        assertThat(probeFromAnotherJvm()).isEqualTo("HOLDER -1");
        assertThat(resumeFromAnotherJvm()).startsWith("REFUSED ACCESS_ERROR").contains("already closed");
    }

    @Test
    void shouldRecreateAClosedChannelWithoutItsDurablePositions() throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, header()))
        {
            writer.write("old".getBytes(StandardCharsets.UTF_8));
        }
        try (DurablePosition position = DurablePosition.open(root, CHANNEL, "view"))
        {
            position.set(16);
        }
        final Path positionFile = root.resolve("0000_0000").resolve("0000_004d.view.position");
        assertThat(positionFile).exists();
        try (Writer writer = Kekbit.recreateShmWriter(root, header()))
        {
            assertThatThrownBy(() -> Kekbit.recreateShmWriter(root, header()))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                    assertThat(ex.reason()).isEqualTo(ChannelError.CHANNEL_IN_USE));
            writer.write("new".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(positionFile).doesNotExist();
        assertThat(readAll()).containsExactly("new");
    }

    private String probeFromAnotherJvm()
    {
        return runChild("probe");
    }

    private String resumeFromAnotherJvm()
    {
        return runChild("resume");
    }

    private String runChild(final String mode)
    {
        final ChildJvm child = ChildJvm.start(OwnerChild.class, mode, root.toString(), Long.toString(CHANNEL));
        try
        {
            final String line = child.nextLine(ChildJvm.DEFAULT_WAIT);
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
            return line;
        }
        finally
        {
            child.close();
        }
    }

    private List<String> readAll()
    {
        final List<String> records = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                records.add(new String(bytes, StandardCharsets.UTF_8));
            }, 100) > 0)
            {
                // Until the end of the records written so far.
            }
        }
        return records;
    }

    private static Header header()
    {
        return Header.of(1, CHANNEL, 1 << 16, 256, 60_000, TickUnit.MILLIS);
    }
}
