package io.kekbit.spring.cloud.stream.binder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.stream.binding.BindingService;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The binder in {@code /actuator/health} over real HTTP, and its bindings in Micrometer.
 */
class KekbitBinderActuatorTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldShowTheBinderInHealthAndItsBindingsInMetrics() throws Exception
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.SERVLET,
            "server.port=0",
            "management.endpoints.web.exposure.include=health",
            "management.endpoint.health.show-details=always",
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=metered",
            "spring.cloud.stream.bindings.sink-in-0.group=watchers",
            "spring.cloud.stream.output-bindings=out",
            "spring.cloud.stream.bindings.out.destination=metered"))
        {
            KekbitBinderTests.send(app, "m-0", "m-1", "m-2");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 3);

            final String port = app.getBean(Environment.class).getProperty("local.server.port");
            final HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            final DocumentContext health = JsonPath.parse(response.body());
            final String binder = "$.components.binders.components.kekbit";
            assertThat(health.read(binder + ".status", String.class)).isEqualTo("UP");
            final String consumer = binder + ".components.consumers.components['kekbit-metered.watchers']";
            assertThat(health.read(consumer + ".status", String.class)).isEqualTo("UP");
            assertThat(health.read(consumer + ".details.state", String.class)).isEqualTo("RUNNING");
            assertThat(health.read(consumer + ".details.records", Integer.class)).isEqualTo(3);
            final String producer = binder + ".components.producers.components.metered";
            assertThat(health.read(producer + ".status", String.class)).isEqualTo("UP");
            assertThat(health.read(producer + ".details.records", Integer.class)).isEqualTo(3);

            final MeterRegistry meters = app.getBean(MeterRegistry.class);
            await().atMost(WAIT).until(() -> meters.find("kekbit.listener.records")
                .tag("listener", "kekbit-metered.watchers").functionCounter() != null &&
                meters.find("kekbit.listener.records").tag("listener", "kekbit-metered.watchers")
                    .functionCounter().count() == 3);
            assertThat(meters.find("kekbit.listener.lag.bytes").tag("listener", "kekbit-metered.watchers").gauge()
                .value()).isZero();
            assertThat(meters.find("kekbit.listener.lag.segments").tag("listener", "kekbit-metered.watchers").gauge()
                .value()).isZero();
            assertThat(meters.find("kekbit.listener.lag.records").tag("listener", "kekbit-metered.watchers").gauge()
                .value()).isZero();
            assertThat(meters.find("kekbit.writer.records").tag("channel", "metered").functionCounter().count())
                .isEqualTo(3);
        }
    }

    @Test
    void shouldRemoveTheMetersOfUnboundBindings()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=metered",
            "spring.cloud.stream.bindings.sink-in-0.group=watchers",
            "spring.cloud.stream.output-bindings=out;more",
            "spring.cloud.stream.bindings.out.destination=metered",
            "spring.cloud.stream.bindings.more.destination=metered"))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThat(bridge.send("out", MessageBuilder.withPayload("m-0").build())).isTrue();
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 1);
            final MeterRegistry meters = app.getBean(MeterRegistry.class);
            assertThat(meters.find("kekbit.listener.records").tag("listener", "kekbit-metered.watchers").meters())
                .isNotEmpty();
            assertThat(meters.find("kekbit.writer.records").tag("channel", "metered").meters()).isNotEmpty();

            final BindingService bindings = app.getBean(BindingService.class);
            bindings.unbindConsumers("sink-in-0");
            assertThat(meters.getMeters()).noneMatch(meter ->
                "kekbit-metered.watchers".equals(meter.getId().getTag("listener")));

            bindings.unbindProducers("out");
            assertThat(meters.find("kekbit.writer.records").tag("channel", "metered").meters())
                .as("the writer stays open for the other binding of the destination").isNotEmpty();
            bindings.unbindProducers("more");
            assertThat(meters.getMeters()).noneMatch(meter -> "metered".equals(meter.getId().getTag("channel")));
        }
    }
}
