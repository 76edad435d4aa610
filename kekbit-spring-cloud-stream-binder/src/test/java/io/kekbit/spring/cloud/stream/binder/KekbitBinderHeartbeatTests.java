package io.kekbit.spring.cloud.stream.binder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.kekbit.core.Writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The binder's heartbeats on idle producer journals, through the starter's {@code WriterHeartbeats}: written while the
 * destination is idle, none with the interval 0, and the heartbeat thread ended when the context closes.
 */
class KekbitBinderHeartbeatTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String THREAD = "kekbit-binder-heartbeat";

    @TempDir
    Path root;

    @Test
    void shouldHeartbeatAnIdleProducerJournalAndEndTheThreadOnClose()
    {
        final Thread thread;
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.kekbit.binder.heartbeat-interval=20ms",
            "spring.cloud.stream.bindings.out.destination=beats"))
        {
            KekbitBinderTests.send(app, "first");
            final Writer writer = writer(app, "beats");
            final long afterSend = writer.writeOffset();
            await().atMost(WAIT).until(() -> writer.writeOffset() > afterSend);
            final List<Thread> threads = threads();
            assertThat(threads).hasSize(1);
            thread = threads.get(0);
            assertThat(thread.isDaemon()).isTrue();
        }
        assertThat(thread.isAlive()).as("heartbeat thread alive after the context closed").isFalse();
    }

    @Test
    void shouldWriteNoHeartbeatsWithTheIntervalZero()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.kekbit.binder.heartbeat-interval=0",
            "spring.cloud.stream.bindings.out.destination=quiet"))
        {
            KekbitBinderTests.send(app, "first");
            assertThat(writer(app, "quiet")).isNotNull();
            assertThat(threads()).isEmpty();
        }
    }

    private static Writer writer(final ConfigurableApplicationContext app, final String destination)
    {
        return KekbitBinderErrorTests.binder(app).getProducers().stream()
            .filter(producer -> producer.getDestination().getName().equals(destination))
            .map(producer -> producer.writer(destination)).findFirst().orElseThrow();
    }

    private static List<Thread> threads()
    {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(THREAD) && t.isAlive())
            .toList();
    }
}
