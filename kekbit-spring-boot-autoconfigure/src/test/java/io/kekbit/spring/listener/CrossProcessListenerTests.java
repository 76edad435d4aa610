package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A listener in this JVM reads a channel that a child JVM creates after the listener started, writes and closes.
 */
class CrossProcessListenerTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class));

    static class Collector
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "feed", id = "feed-view", idleStrategy = "sleep-1ms")
        void on(final String text)
        {
            received.add(text);
        }
    }

    @Test
    void shouldReceiveRecordsWrittenByAnotherProcess()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.readers.feed.channel-id=90",
            "kekbit.readers.feed.wait-timeout=60s", "kekbit.readers.feed.start-from=beginning")
            .withBean(Collector.class).run(context ->
            {
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("feed-view");
                assertThat(container.getState()).isIn(KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL,
                    KekbitMessageListenerContainer.State.CREATED);
                final Process child = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    ChildProcessWriter.class.getName(), root.toString(), "90", "5")
                    .inheritIO().start();
                assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(child.exitValue()).isZero();
                final Collector collector = context.getBean(Collector.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> collector.received.size() == 5);
                assertThat(collector.received).containsExactly("record-0", "record-1", "record-2", "record-3",
                    "record-4");
                await().atMost(Duration.ofSeconds(30))
                    .until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
                assertThat(container.getReason()).startsWith("CLOSED");
            });
    }
}
