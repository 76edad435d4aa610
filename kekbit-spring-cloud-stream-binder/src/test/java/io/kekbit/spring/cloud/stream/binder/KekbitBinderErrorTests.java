package io.kekbit.spring.cloud.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.kekbit.spring.listener.KekbitMessageListenerContainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.channel.PublishSubscribeChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Stream's error handling on the kekbit binder: retry with maxAttempts, then the error channel and the
 * dead-letter destination with the origin headers.
 */
class KekbitBinderErrorTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldRetryThenDeadLetterWithOriginHeaders()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=payments",
            "spring.cloud.stream.bindings.sink-in-0.group=pay",
            "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=3",
            "spring.cloud.stream.bindings.sink-in-0.consumer.back-off-initial-interval=10",
            "spring.cloud.stream.bindings.sink-in-0.consumer.back-off-max-interval=20",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.enable-dlq=true",
            "spring.cloud.stream.bindings.out.destination=payments"))
        {
            KekbitBinderTests.send(app, "ok-1", "fail-1", "ok-2");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.payloads().contains("ok-2"));
            assertThat(received.payloads()).containsExactly("ok-1", "fail-1", "fail-1", "fail-1", "ok-2");

            try (ConfigurableApplicationContext audit = StreamApps.start(root,
                "spring.cloud.function.definition=sink",
                "spring.cloud.stream.bindings.sink-in-0.destination=error.payments.pay",
                "spring.cloud.stream.bindings.sink-in-0.group=audit"))
            {
                final StreamApps.Received dead = audit.getBean(StreamApps.Received.class);
                await().atMost(WAIT).until(() -> dead.messages.size() == 1);
                final Message<String> letter = dead.messages.get(0);
                assertThat(letter.getPayload()).isEqualTo("fail-1");
                assertThat(letter.getHeaders().get("tenant")).isEqualTo("acme");
                assertThat(letter.getHeaders().get("contentType").toString()).startsWith("text/plain");
                assertThat(letter.getHeaders().get("kekbit_dlt_channel")).isEqualTo("payments");
                assertThat(letter.getHeaders().get("kekbit_dlt_channelId")).isEqualTo(
                    DestinationIds.derive("payments"));
                assertThat(letter.getHeaders().get("kekbit_dlt_attempts")).isEqualTo(3L);
                assertThat(letter.getHeaders().get("kekbit_dlt_listenerId")).isEqualTo("kekbit-payments.pay");
                assertThat(letter.getHeaders().get("kekbit_dlt_exceptionClass"))
                    .isEqualTo(IllegalStateException.class.getName());
                assertThat(letter.getHeaders().get("kekbit_dlt_exceptionMessage")).isEqualTo("refused fail-1");
                assertThat((Long)letter.getHeaders().get("kekbit_dlt_position")).isPositive();
                assertThat(letter.getHeaders().get("kekbit_dlt_timestamp")).isInstanceOf(Long.class);
            }
        }
    }

    @Test
    void shouldShortenAnExceptionMessageTooLongForTheDeadLetterDestinationLikeTheStarter()
    {
        final String payload = "fail-" + "x".repeat(500);
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=claims",
            "spring.cloud.stream.bindings.sink-in-0.group=pay",
            "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=1",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.enable-dlq=true",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.dlq-producer-properties.max-message-length=1KB",
            "spring.cloud.stream.bindings.out.destination=claims"))
        {
            KekbitBinderTests.send(app, payload, "ok-5");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.payloads().contains("ok-5"));
            final KekbitMessageChannelBinder binder = binder(app);
            assertThat(binder.getConsumers().iterator().next().getContainers().get(0).getState())
                .isNotEqualTo(KekbitMessageListenerContainer.State.FAILED);

            try (ConfigurableApplicationContext audit = StreamApps.start(root,
                "spring.cloud.function.definition=sink",
                "spring.cloud.stream.bindings.sink-in-0.destination=error.claims.pay",
                "spring.cloud.stream.bindings.sink-in-0.group=audit"))
            {
                final StreamApps.Received dead = audit.getBean(StreamApps.Received.class);
                await().atMost(WAIT).until(() -> dead.messages.size() == 1);
                final Message<String> letter = dead.messages.get(0);
                assertThat(letter.getPayload()).isEqualTo(payload);
                assertThat(letter.getHeaders().get("tenant")).isEqualTo("acme");
                final String message = (String)letter.getHeaders().get("kekbit_dlt_exceptionMessage");
                assertThat(message).startsWith("refused fail-xxx").endsWith("...")
                    .hasSizeLessThan(("refused " + payload).length());
                assertThat("refused " + payload).startsWith(message.substring(0, message.length() - 3));
                assertThat(letter.getHeaders().get("kekbit_dlt_exceptionClass"))
                    .isEqualTo(IllegalStateException.class.getName());
            }
        }
    }

    @Test
    void shouldStopWithTheRecordUnconsumedWhenTheDeadLetterCannotBeWritten()
    {
        final String[] consumer = {
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=refunds",
            "spring.cloud.stream.bindings.sink-in-0.group=pay",
            "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=1",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.enable-dlq=true",
            "spring.cloud.stream.bindings.out.destination=refunds"};
        try (ConfigurableApplicationContext app = StreamApps.start(root, concat(consumer,
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.dlq-producer-properties.max-message-length=64B")))
        {
            KekbitBinderTests.send(app, "fail-3", "ok-4");
            final KekbitMessageChannelBinder binder = binder(app);
            final KekbitMessageListenerContainer container =
                binder.getConsumers().iterator().next().getContainers().get(0);
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
            assertThat(container.getReason()).contains("dead-letter destination 'error.refunds.pay'");
            assertThat(app.getBean(StreamApps.Received.class).payloads()).containsExactly("fail-3");
            final CompositeHealthContributor consumers = (CompositeHealthContributor)
                new KekbitBinderHealthContributor(binder).getContributor("consumers");
            final Health health = ((HealthIndicator)consumers.getContributor("kekbit-refunds.pay")).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        }
        try (ConfigurableApplicationContext app = StreamApps.start(root, consumer))
        {
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.payloads().contains("ok-4"));
            assertThat(received.payloads()).containsExactly("fail-3", "ok-4");
        }
    }

    @Test
    void shouldPublishExhaustedRecordsToTheErrorChannelAndMoveOn()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=tasks",
            "spring.cloud.stream.bindings.sink-in-0.group=workers",
            "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=2",
            "spring.cloud.stream.bindings.sink-in-0.consumer.back-off-initial-interval=10",
            "spring.cloud.stream.bindings.out.destination=tasks"))
        {
            final List<ErrorMessage> errors = Collections.synchronizedList(new ArrayList<>());
            app.getBean("errorChannel", PublishSubscribeChannel.class)
                .subscribe(message -> errors.add((ErrorMessage)message));
            KekbitBinderTests.send(app, "fail-2", "ok-3");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.payloads().contains("ok-3") && errors.size() == 1);
            assertThat(received.payloads()).containsExactly("fail-2", "fail-2", "ok-3");
            final ErrorMessage error = errors.get(0);
            final Message<?> failed = error.getOriginalMessage() != null ? error.getOriginalMessage() :
                ((MessagingException)error.getPayload()).getFailedMessage();
            assertThat(new String((byte[])failed.getPayload(), StandardCharsets.UTF_8)).isEqualTo("fail-2");
            assertThat(failed.getHeaders().get("deliveryAttempt")).isEqualTo(2);
            assertThat(error.getPayload()).isInstanceOf(MessagingException.class);
        }
    }

    @Test
    void shouldThrowARefusedSendAndPublishItToTheProducerErrorChannel()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.bindings.out.destination=small",
            "spring.cloud.stream.bindings.out.producer.error-channel-enabled=true",
            "spring.cloud.stream.kekbit.bindings.out.producer.max-message-length=128B"))
        {
            final List<ErrorMessage> errors = Collections.synchronizedList(new ArrayList<>());
            app.getBean("errorChannel", PublishSubscribeChannel.class)
                .subscribe(message -> errors.add((ErrorMessage)message));
            KekbitBinderTests.send(app, "fits");
            final String large = "x".repeat(200);
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThatThrownBy(() -> bridge.send("out", large))
                .hasStackTraceContaining("KekbitSendException");
            assertThat(errors).hasSize(1);
            final MessagingException failure = (MessagingException)errors.get(0).getPayload();
            assertThat(failure.getMessage()).contains("destination 'small'");
            assertThat(new String((byte[])failure.getFailedMessage().getPayload(), StandardCharsets.UTF_8))
                .isEqualTo(large);
        }
    }

    static KekbitMessageChannelBinder binder(final ConfigurableApplicationContext app)
    {
        return (KekbitMessageChannelBinder)app.getBean(BinderFactory.class).getBinder("kekbit", MessageChannel.class);
    }

    private static String[] concat(final String[] properties, final String... more)
    {
        final List<String> all = new ArrayList<>(List.of(properties));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
