package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriterHeartbeats} on real channel files: heartbeats on idle writers, registration changes and close. */
class WriterHeartbeatsTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration INTERVAL = Duration.ofMillis(10);

    @TempDir
    Path root;

    @Test
    void shouldHeartbeatAnIdleWriterAndEndItsThreadOnClose()
    {
        final String name = "test-heartbeat-idle";
        final WriterHeartbeats heartbeats = new WriterHeartbeats(name);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 1, 1 << 16, 100, 10_000, TickUnit.MILLIS)))
        {
            final long start = writer.writeOffset();
            assertThat(heartbeats.register("one", writer, INTERVAL)).isTrue();
            assertThat(heartbeats.isRunning()).isTrue();
            final Thread thread = thread(name);
            assertThat(thread.isDaemon()).isTrue();
            await().atMost(WAIT).until(() -> writer.writeOffset() > start);
            assertThat(heartbeats.getFailure("one")).isNull();

            heartbeats.close();
            assertThat(thread.isAlive()).as("heartbeat thread alive after close").isFalse();
            assertThat(heartbeats.isRunning()).isFalse();
        }
    }

    @Test
    void shouldReportARefusedHeartbeatAsAFailure()
    {
        try (WriterHeartbeats heartbeats = new WriterHeartbeats("test-heartbeat-full");
            Writer writer = Kekbit.shmWriter(root, Header.of(0, 3, 4096, 100, 10_000, TickUnit.MILLIS)))
        {
            final byte[] record = new byte[64];
            while (writer.write(record) >= 0)
            {
                // fill the channel: a heartbeat needs room too
            }
            assertThat(heartbeats.register("full", writer, INTERVAL)).isTrue();
            await().atMost(WAIT).until(() -> heartbeats.getFailure("full") != null);
            assertThat(heartbeats.getFailure("full")).startsWith("heartbeat refused: ");
            assertThat(writer.isClosed()).isFalse();
        }
    }

    @Test
    void shouldStartNoThreadWithoutAPositiveInterval()
    {
        final String name = "test-heartbeat-off";
        try (WriterHeartbeats heartbeats = new WriterHeartbeats(name);
            Writer writer = Kekbit.shmWriter(root, Header.of(0, 2, 1 << 16, 100, 10_000, TickUnit.MILLIS)))
        {
            assertThat(heartbeats.register("zero", writer, Duration.ZERO)).isFalse();
            assertThat(heartbeats.register("none", writer, null)).isFalse();
            assertThat(heartbeats.isRunning()).isFalse();
            assertThat(threads(name)).isEmpty();
        }
    }

    @Test
    void shouldStopTheHeartbeatsOfAnUnregisteredWriterAndRestartAfterClose()
    {
        final String name = "test-heartbeat-again";
        final WriterHeartbeats heartbeats = new WriterHeartbeats(name);
        try (Writer first = Kekbit.shmWriter(root, Header.of(0, 3, 1 << 16, 100, 10_000, TickUnit.MILLIS));
            Writer second = Kekbit.shmWriter(root, Header.of(0, 4, 1 << 16, 100, 10_000, TickUnit.MILLIS)))
        {
            heartbeats.register("first", first, INTERVAL);
            heartbeats.unregister("first");
            heartbeats.close();
            final long stopped = first.writeOffset();

            final long start = second.writeOffset();
            heartbeats.register("second", second, INTERVAL);
            await().atMost(WAIT).until(() -> second.writeOffset() > start);
            final Thread thread = thread(name);
            heartbeats.close();
            assertThat(thread.isAlive()).isFalse();
            // The closed thread was the only one that could write on "first".
            assertThat(first.writeOffset()).isEqualTo(stopped);
        }
    }

    private static Thread thread(final String name)
    {
        final List<Thread> found = threads(name);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<Thread> threads(final String name)
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
            .toList();
    }
}
