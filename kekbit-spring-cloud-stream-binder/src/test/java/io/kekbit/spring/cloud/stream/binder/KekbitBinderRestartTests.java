package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A consumer binding whose start fails part way leaves nothing held, so starting it again works.
 */
class KekbitBinderRestartTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldReleaseTheLocksOfAStartThatFailedOnALaterPartition()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=work",
            "spring.cloud.stream.bindings.sink-in-0.group=workers",
            "spring.cloud.stream.bindings.sink-in-0.consumer.partitioned=true",
            "spring.cloud.stream.bindings.sink-in-0.consumer.instance-count=1",
            "spring.cloud.stream.bindings.sink-in-0.consumer.instance-index=0",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.partition-count=2",
            "spring.cloud.stream.bindings.out.destination=work",
            "spring.cloud.stream.bindings.out.producer.partition-count=2",
            "spring.cloud.stream.bindings.out.producer.partition-key-expression=headers['key']"))
        {
            final KekbitInboundChannelAdapter adapter = binder(app).getConsumers().iterator().next();
            assertThat(adapter.getDestination().size()).isEqualTo(2);
            adapter.stop();
            assertThat(adapter.isRunning()).isFalse();

            final GroupLock other = GroupLock.tryAcquire(root, adapter.getDestination().id(1), "workers");
            assertThat(other).isNotNull();
            try
            {
                assertThatExceptionOfType(KekbitBinderException.class).isThrownBy(adapter::start)
                    .withMessageContaining("another running instance")
                    .withMessageContaining("work-1");
            }
            finally
            {
                other.close();
            }
            assertThat(adapter.isRunning()).isFalse();
            assertThat(adapter.getContainers()).noneMatch(c -> c.isRunning());

            adapter.start();
            assertThat(adapter.isRunning()).isTrue();
            assertThat(adapter.getContainers()).allMatch(c -> c.isRunning());
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThat(bridge.send("out", MessageBuilder.withPayload("job-0").setHeader("key", 0).build())).isTrue();
            assertThat(bridge.send("out", MessageBuilder.withPayload("job-1").setHeader("key", 1).build())).isTrue();
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 2);
            assertThat(received.payloads()).containsExactlyInAnyOrder("job-0", "job-1");
        }
    }

    private static KekbitMessageChannelBinder binder(final ConfigurableApplicationContext app)
    {
        return (KekbitMessageChannelBinder)app.getBean(BinderFactory.class).getBinder("kekbit", MessageChannel.class);
    }
}
