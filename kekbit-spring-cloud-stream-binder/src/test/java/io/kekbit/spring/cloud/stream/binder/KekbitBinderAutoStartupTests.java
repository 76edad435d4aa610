package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.kekbit.spring.listener.KekbitContainerCustomizer;
import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.stream.binder.Binding;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binding.BindingsLifecycleController;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer binding whose auto-startup is off, through Spring Cloud Stream's {@code consumer.auto-startup} or a
 * {@link KekbitContainerCustomizer}, stays stopped (no container thread, no group lock) until it is started through
 * {@link BindingsLifecycleController}; then it reads what was written meanwhile.
 */
class KekbitBinderAutoStartupTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldLeaveABindingWithAutoStartupOffStoppedUntilStarted()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.sink-in-0.consumer.auto-startup=false",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            assertStoppedUntilStarted(app);
        }
    }

    @Test
    void shouldLeaveABindingStoppedWhenACustomizerTurnsAutoStartupOff()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {AutoStartupOffConfig.class},
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            assertStoppedUntilStarted(app);
        }
    }

    private static void assertStoppedUntilStarted(final ConfigurableApplicationContext app)
    {
        final BindingsLifecycleController controller = app.getBean(BindingsLifecycleController.class);
        final List<Binding<?>> bindings = controller.queryState("sink-in-0");
        assertThat(bindings).singleElement().satisfies(binding -> assertThat(binding.isRunning()).isFalse());
        final KekbitInboundChannelAdapter consumer = binder(app).getConsumers().iterator().next();
        final KekbitListenerContainer container = consumer.getContainers().get(0);
        assertThat(consumer.isRunning()).isFalse();
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);

        final StreamBridge bridge = app.getBean(StreamBridge.class);
        assertThat(bridge.send("out", MessageBuilder.withPayload("order-0").build())).isTrue();
        final StreamApps.Received received = app.getBean(StreamApps.Received.class);
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);
        assertThat(received.messages).isEmpty();

        controller.changeState("sink-in-0", BindingsLifecycleController.State.STARTED);
        await().atMost(WAIT).until(() -> received.messages.size() == 1);
        assertThat(received.payloads()).containsExactly("order-0");
        assertThat(controller.queryState("sink-in-0")).singleElement()
            .satisfies(binding -> assertThat(binding.isRunning()).isTrue());
        assertThat(container.isRunning()).isTrue();

        controller.changeState("sink-in-0", BindingsLifecycleController.State.STOPPED);
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
    }

    private static KekbitMessageChannelBinder binder(final ConfigurableApplicationContext app)
    {
        return (KekbitMessageChannelBinder)app.getBean(BinderFactory.class).getBinder("kekbit", MessageChannel.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class AutoStartupOffConfig
    {
        @Bean
        KekbitContainerCustomizer ordersByHand()
        {
            return container ->
            {
                if (container.getListenerId().startsWith("kekbit-orders."))
                {
                    container.setAutoStartup(false);
                }
            };
        }
    }
}
