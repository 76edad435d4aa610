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
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.health.KekbitListenerHealthIndicator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

/**
 * Container application events (idle, failed, stopped with each reason) in a real context with real channels.
 */
class ListenerContainerEventsTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms");

    /** Collects container events. */
    static final class Events implements ApplicationListener<KekbitListenerContainerEvent>
    {
        final List<KekbitListenerContainerEvent> received = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(final KekbitListenerContainerEvent event)
        {
            received.add(event);
        }

        <T extends KekbitListenerContainerEvent> List<T> of(final Class<T> type)
        {
            return received.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    static class TextListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "${channel:orders}", id = "text", startFrom = "beginning")
        void onText(final String text)
        {
            if (text.startsWith("poison"))
            {
                throw new IllegalStateException("cannot handle " + text);
            }
            received.add(text);
        }
    }

    private ApplicationContextRunner withWriter()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1");
    }

    @Test
    void shouldPublishIdleEventsOnlyWhenAnIntervalIsSet()
    {
        withWriter().withPropertyValues("kekbit.listener.idle-event-interval=50ms").withBean(Events.class)
            .withBean(TextListener.class).run(context ->
            {
                final Events events = context.getBean(Events.class);
                await().atMost(WAIT).until(() -> events.of(KekbitListenerContainerIdleEvent.class).size() >= 2);
                final KekbitListenerContainerIdleEvent idle =
                    events.of(KekbitListenerContainerIdleEvent.class).get(0);
                assertThat(idle.getListenerId()).isEqualTo("text");
                assertThat(idle.getIdleMillis()).isGreaterThanOrEqualTo(50);
                assertThat(idle.getContainer()).isSameAs(context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("text"));
            });
        withWriter().withPropertyValues("kekbit.writers.orders.channel-id=2").withBean(Events.class)
            .withBean(TextListener.class).run(context ->
        {
            final Events events = context.getBean(Events.class);
            final TextListener listener = context.getBean(TextListener.class);
            context.getBean(KekbitTemplate.class).send("orders", "one");
            await().atMost(WAIT).until(() -> listener.received.size() == 1);
            context.getBean(KekbitListenerEndpointRegistry.class).stop("text");
            assertThat(events.of(KekbitListenerContainerIdleEvent.class)).isEmpty();
        });
    }

    @Test
    void shouldPublishANormalStoppedEventOnStop()
    {
        withWriter().withBean(Events.class).withBean(TextListener.class).run(context ->
        {
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("text");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
            container.stop();
            final Events events = context.getBean(Events.class);
            assertThat(events.of(KekbitListenerContainerStoppedEvent.class)).singleElement().satisfies(stopped ->
            {
                assertThat(stopped.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL);
                assertThat(stopped.getReason()).isNull();
            });
            assertThat(container.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL);
            assertThat(events.of(KekbitListenerContainerFailedEvent.class)).isEmpty();
        });
    }

    @Test
    void shouldPublishFailedThenStoppedWhenTheErrorHandlerStopsTheListener()
    {
        withWriter().withPropertyValues("kekbit.listener.stop-on-error=true", "kekbit.listener.retry.max-attempts=1")
            .withBean(Events.class).withBean(TextListener.class).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("orders", "poison-1");
                final Events events = context.getBean(Events.class);
                await().atMost(WAIT).until(() -> !events.of(KekbitListenerContainerStoppedEvent.class).isEmpty());
                assertThat(events.received).hasSize(2);
                final KekbitListenerContainerFailedEvent failed = (KekbitListenerContainerFailedEvent)
                    events.received.get(0);
                assertThat(failed.getStopReason())
                    .isEqualTo(KekbitMessageListenerContainer.StopReason.ERROR_HANDLER);
                assertThat(failed.getReason()).contains("error handler stopped the listener at position");
                assertThat(failed.getCause()).hasStackTraceContaining("cannot handle poison-1");
                final KekbitListenerContainerStoppedEvent stopped = (KekbitListenerContainerStoppedEvent)
                    events.received.get(1);
                assertThat(stopped.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.ERROR_HANDLER);
                assertThat(stopped.getReason()).isEqualTo(failed.getReason());
            });
    }

    @Test
    void shouldPublishChannelEndedWhenTheWriterClosesTheChannel()
    {
        final Writer writer = Kekbit.shmWriter(root, Header.of(0, 78, 1 << 16, 256, 60_000, TickUnit.MILLIS));
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=78").withBean(Events.class)
            .withBean(TextListener.class).run(context ->
            {
                writer.write("last".getBytes(StandardCharsets.UTF_8));
                writer.close();
                final Events events = context.getBean(Events.class);
                await().atMost(WAIT).until(() -> !events.of(KekbitListenerContainerStoppedEvent.class).isEmpty());
                assertThat(events.of(KekbitListenerContainerFailedEvent.class)).singleElement().satisfies(failed ->
                {
                    assertThat(failed.getStopReason())
                        .isEqualTo(KekbitMessageListenerContainer.StopReason.CHANNEL_ENDED);
                    assertThat(failed.getReason()).startsWith("CLOSED");
                    assertThat(failed.getCause()).isNull();
                });
                assertThat(events.of(KekbitListenerContainerStoppedEvent.class).get(0).getStopReason())
                    .isEqualTo(KekbitMessageListenerContainer.StopReason.CHANNEL_ENDED);
                assertThat(context.getBean(TextListener.class).received).containsExactly("last");
                final KekbitMessageListenerContainer container = context.getBean(
                    KekbitListenerEndpointRegistry.class).getListenerContainer("text");
                assertThat(new KekbitListenerHealthIndicator(container).health().getDetails())
                    .containsEntry("stopReason", "CHANNEL_ENDED");
            });
    }

    @Test
    void shouldPublishFailureWhenTheChannelNeverAppears()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=80",
            "kekbit.listener.wait-timeout=50ms").withBean(Events.class).withBean(TextListener.class).run(context ->
            {
                final Events events = context.getBean(Events.class);
                await().atMost(WAIT).until(() -> !events.of(KekbitListenerContainerStoppedEvent.class).isEmpty());
                assertThat(events.of(KekbitListenerContainerFailedEvent.class)).singleElement().satisfies(failed ->
                {
                    assertThat(failed.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.FAILURE);
                    assertThat(failed.getReason()).contains("cannot open channel '80'");
                });
                assertThat(events.of(KekbitListenerContainerStoppedEvent.class).get(0).getStopReason())
                    .isEqualTo(KekbitMessageListenerContainer.StopReason.FAILURE);
            });
    }
}
