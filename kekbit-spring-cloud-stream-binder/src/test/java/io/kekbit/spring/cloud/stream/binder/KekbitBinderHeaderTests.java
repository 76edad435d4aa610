package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Headers the envelope cannot hold are left out: the frameworks' internal ones quietly, a user's with a warning.
 */
@ExtendWith(OutputCaptureExtension.class)
class KekbitBinderHeaderTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldLeaveOutInternalHeadersQuietlyAndWarnAboutUserHeaders(final CapturedOutput output)
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThat(bridge.send("out", MessageBuilder.withPayload("order-0")
                .setHeader("deliveryAttempt", new AtomicInteger(2))
                .setHeader("kafka_acknowledgment", new Object())
                .setHeader("kafka_consumer", new Object())
                .setHeader("kafka_offset", 42L)
                .setHeader("sourceData", new Object())
                .setHeader("tenant", "acme")
                .setHeader("orderRef", UUID.randomUUID())
                .build())).isTrue();
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 1);
            final Message<String> message = received.messages.get(0);
            assertThat(message.getHeaders().get("tenant")).isEqualTo("acme");
            assertThat(message.getHeaders().get("kafka_offset")).isEqualTo(42L);
            assertThat(message.getHeaders()).doesNotContainKeys("kafka_acknowledgment", "kafka_consumer",
                "sourceData", "orderRef", "deliveryAttempt");
        }
        assertThat(output.getOut()).contains("leaves out header 'orderRef' of type java.util.UUID");
        assertThat(output.getOut()).doesNotContain("leaves out header 'deliveryAttempt'")
            .doesNotContain("leaves out header 'kafka_").doesNotContain("leaves out header 'sourceData'");
    }

    @Test
    void shouldKnowTheInternalHeaders()
    {
        assertThat(KekbitProducerHandler.isInternalHeader("deliveryAttempt")).isTrue();
        assertThat(KekbitProducerHandler.isInternalHeader("kafka_acknowledgment")).isTrue();
        assertThat(KekbitProducerHandler.isInternalHeader("amqp_channel")).isTrue();
        assertThat(KekbitProducerHandler.isInternalHeader("acknowledgmentCallback")).isTrue();
        assertThat(KekbitProducerHandler.isInternalHeader("tenant")).isFalse();
        assertThat(KekbitProducerHandler.isInternalHeader("kafkaish")).isFalse();
    }
}
