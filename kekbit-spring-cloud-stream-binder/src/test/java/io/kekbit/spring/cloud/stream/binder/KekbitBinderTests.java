package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;

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
}
