package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import io.kekbit.core.Kekbit;
import io.kekbit.journal.Journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Produce and consume through the kekbit binder in real Spring Cloud Stream applications over real journals.
 */
class KekbitBinderTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldDeliverPayloadsAndHeadersToAGroupConsumer()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            for (int i = 0; i < 3; i++)
            {
                assertThat(bridge.send("out", MessageBuilder.withPayload("order-" + i)
                    .setHeader("tenant", "acme")
                    .setHeader("attempt", i)
                    .build(), MimeTypeUtils.TEXT_PLAIN)).isTrue();
            }
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 3);
            assertThat(received.payloads()).containsExactly("order-0", "order-1", "order-2");
            final Message<String> last = received.messages.get(2);
            assertThat(last.getHeaders().get("tenant")).isEqualTo("acme");
            assertThat(last.getHeaders().get("attempt")).isEqualTo(2L);
            assertThat(last.getHeaders().get("contentType").toString()).startsWith("text/plain");
            assertThat(last.getHeaders().get("kekbit_channelName")).isEqualTo("orders");
        }
    }

    @Test
    void shouldResumeAGroupAfterItsRestartWithoutRedelivery()
    {
        final String[] consumer = {
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"};
        try (ConfigurableApplicationContext app = StreamApps.start(root, consumer))
        {
            send(app, "order-0", "order-1", "order-2");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 3);
        }
        try (ConfigurableApplicationContext producer = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            send(producer, "order-3", "order-4");
        }
        try (ConfigurableApplicationContext app = StreamApps.start(root, consumer))
        {
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() >= 2);
            send(app, "order-5");
            await().atMost(WAIT).until(() -> received.messages.size() >= 3);
            assertThat(received.payloads()).containsExactly("order-3", "order-4", "order-5");
        }
    }

    @Test
    void shouldStartAnAnonymousConsumerAtTheEndAndForgetItsPosition() throws IOException
    {
        try (ConfigurableApplicationContext producer = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.bindings.out.destination=news"))
        {
            send(producer, "old-0", "old-1");
        }
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=news",
            "spring.cloud.stream.bindings.out.destination=news"))
        {
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            final Path folder = Journal.folder(root, (int)DestinationIds.derive("news"));
            await().atMost(WAIT).until(() -> anonymousPositions(folder) == 1);
            send(app, "new-0");
            await().atMost(WAIT).until(() -> received.messages.size() >= 1);
            assertThat(received.payloads()).containsExactly("new-0");
            assertThat(received.messages.get(0).getHeaders().get("contentType").toString()).startsWith("text/plain");
        }
        assertThat(anonymousPositions(Journal.folder(root, (int)DestinationIds.derive("news")))).isZero();
    }

    @Test
    void shouldKeepPayloadsRawWithoutTheEnvelope()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.kekbit.binder.envelope=false",
            "spring.cloud.stream.bindings.sink-in-0.destination=raw",
            "spring.cloud.stream.bindings.sink-in-0.group=g",
            "spring.cloud.stream.bindings.out.destination=raw"))
        {
            send(app, "plain");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 1);
            assertThat(received.payloads()).containsExactly("plain");
            assertThat(received.messages.get(0).getHeaders()).doesNotContainKey("tenant");
        }
        try (Stream<Path> files = Files.list(Journal.folder(root, (int)DestinationIds.derive("raw"))))
        {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".position")).count()).isEqualTo(1);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldUseAFixedChannelWhenAsked()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.kekbit.binder.kind=channel",
            "spring.cloud.stream.bindings.sink-in-0.destination=fixed",
            "spring.cloud.stream.bindings.sink-in-0.group=g",
            "spring.cloud.stream.bindings.out.destination=fixed"))
        {
            send(app, "a", "b");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 2);
            assertThat(received.payloads()).containsExactly("a", "b");
            assertThat(received.messages.get(1).getHeaders().get("tenant")).isEqualTo("acme");
            assertThat(Kekbit.storagePath(root, DestinationIds.derive("fixed"))).isRegularFile();
            assertThat(Journal.folder(root, (int)DestinationIds.derive("fixed"))).doesNotExist();
        }
    }

    static void send(final ConfigurableApplicationContext app, final String... payloads)
    {
        final StreamBridge bridge = app.getBean(StreamBridge.class);
        for (final String payload : payloads)
        {
            assertThat(bridge.send("out", MessageBuilder.withPayload(payload).setHeader("tenant", "acme").build(),
                MimeTypeUtils.TEXT_PLAIN)).isTrue();
        }
    }

    private static long anonymousPositions(final Path folder) throws IOException
    {
        if (!Files.isDirectory(folder))
        {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder))
        {
            return files.filter(p -> p.getFileName().toString().startsWith("journal.anonymous-")).count();
        }
    }
}
