package io.kekbit.spring.cloud.stream.binder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.springframework.core.env.Environment;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer binding whose auto-startup is off, through Spring Cloud Stream's {@code consumer.auto-startup} or a
 * {@link KekbitContainerCustomizer}, stays stopped (no container thread, no group lock) until it is started through
 * {@link BindingsLifecycleController} or the {@code bindings} actuator endpoint; then it reads what was written
 * meanwhile.
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

    @Test
    void shouldStartABindingHeldBackByACustomizerThroughTheBindingsEndpoint() throws Exception
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.SERVLET,
            new Class<?>[] {AutoStartupOffConfig.class},
            "server.port=0",
            "management.endpoints.web.exposure.include=bindings",
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.output-bindings=out",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            final KekbitListenerContainer container = binder(app).getConsumers().iterator().next()
                .getContainers().get(0);
            assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);
            assertThat(app.getBean(StreamBridge.class).send("out", MessageBuilder.withPayload("order-1").build()))
                .isTrue();

            final String port = app.getBean(Environment.class).getProperty("local.server.port");
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/bindings/sink-in-0"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"state\":\"STARTED\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isBetween(200, 204);
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 1);
            assertThat(received.payloads()).containsExactly("order-1");
            assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
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
