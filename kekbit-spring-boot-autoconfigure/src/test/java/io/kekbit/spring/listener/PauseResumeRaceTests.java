package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Pause and resume requests from another thread while the poll thread busy-spins: after the last resume the
 * listener runs (not paused with no pause requested) and delivers a record sent afterwards.
 */
class PauseResumeRaceTests
{
    private static final int ROUNDS = 20_000;

    @TempDir
    Path root;

    static class Recorder
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "in", id = "racer")
        void on(final String text)
        {
            received.add(text);
        }
    }

    @Test
    void shouldEndRunningAfterPausesAndResumesRacingWithThePollThread()
    {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
            .withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.feed.channel-id=41",
                "kekbit.readers.in.channel-id=41", "kekbit.readers.in.start-from=beginning",
                "kekbit.listener.idle-strategy=busy-spin")
            .withBean(Recorder.class)
            .run(context ->
            {
                final Writer writer = context.getBean("feed", Writer.class);
                final Recorder recorder = context.getBean(Recorder.class);
                final KekbitMessageListenerContainer container =
                    context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("racer");
                writer.write("first".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(30)).until(() -> recorder.received.size() == 1);
                for (int i = 0; i < ROUNDS; i++)
                {
                    container.pause();
                    container.resume();
                }
                assertThat(container.isPauseRequested()).isFalse();
                writer.write("after".getBytes(StandardCharsets.UTF_8));
                await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(recorder.received).containsExactly("first", "after"));
                assertThat(container.isPaused()).as("state %s", container.getState()).isFalse();
            });
    }
}
