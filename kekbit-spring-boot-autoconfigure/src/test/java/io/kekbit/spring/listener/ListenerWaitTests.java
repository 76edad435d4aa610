package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.health.KekbitListenerHealthIndicator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A listener whose channel does not exist yet waits by default (no wait-timeout): it says so once in the log, its
 * health is UP with the reason, and it starts by itself when the channel appears.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerWaitTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class));

    static class Collector
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "late", id = "late-view", idleStrategy = "sleep-1ms")
        void on(final String text)
        {
            received.add(text);
        }
    }

    @Test
    void shouldWaitForItsChannelLogOnceStayUpAndStartWhenItAppears(final CapturedOutput output) throws Exception
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.readers.late.channel-id=0x5b")
            .withBean(Collector.class).run(context ->
            {
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("late-view");
                await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("is waiting for"));
                // Longer than the default wait-timeout used to allow is not needed: many polls of the missing file.
                Thread.sleep(1500);
                assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL);
                final Health health = new KekbitListenerHealthIndicator(container).health(true);
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(String.valueOf(health.getDetails().get("reason")))
                    .startsWith("waiting for channel 'late' (0x5b");
                assertThat(output.getAll().split("listener 'late-view' is waiting for channel 'late'", -1))
                    .as("said once").hasSize(2);

                try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 0x5b, 16384, 64, 60_000, TickUnit.MILLIS)))
                {
                    writer.write("first".getBytes(StandardCharsets.UTF_8));
                    final Collector collector = context.getBean(Collector.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> collector.received.contains("first"));
                    assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
                    assertThat(new KekbitListenerHealthIndicator(container).health(true).getDetails())
                        .doesNotContainKey("reason");
                    assertThat(output.getAll()).contains("listener 'late-view': channel 'late' appeared; starting");
                }
            });
    }
}
