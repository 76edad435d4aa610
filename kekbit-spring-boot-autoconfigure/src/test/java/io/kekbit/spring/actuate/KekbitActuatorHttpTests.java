package io.kekbit.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListener;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots a web application with Actuator on a random port and checks health, the kekbit endpoint and a metric over
 * real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "kekbit.writers.orders.channel-id=11",
    "kekbit.writers.orders.capacity=64KB",
    "kekbit.listener.idle-strategy=sleep-1ms",
    "management.endpoints.web.exposure.include=health,metrics,kekbit",
    "management.endpoint.health.show-details=always",
    "management.endpoint.kekbit.access=unrestricted"})
@ExtendWith(OutputCaptureExtension.class)
class KekbitActuatorHttpTests
{
    private static final Path ROOT = createRoot();
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    KekbitTemplate template;

    @Autowired
    OrderView view;

    @Autowired
    KekbitListenerEndpointRegistry registry;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(OrderView.class)
    static class TestApplication
    {
    }

    static class OrderView
    {
        final List<String> orders = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "order-view", startFrom = "beginning")
        void onOrder(final String order)
        {
            orders.add(order);
        }
    }

    @DynamicPropertySource
    static void rootPath(final DynamicPropertyRegistry registry)
    {
        registry.add("kekbit.root-path", ROOT::toString);
    }

    @AfterAll
    static void deleteRoot() throws IOException
    {
        FileSystemUtils.deleteRecursively(ROOT);
    }

    @Test
    void shouldServeHealthEndpointAndMetricsOverHttp() throws Exception
    {
        template.send("orders", "first");
        template.send("orders", "second");
        await().atMost(WAIT).until(() -> view.orders.size() == 2);

        final HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        final JsonNode kekbit = json.readTree(health.body()).path("components").path("kekbit");
        assertThat(kekbit.path("status").asString()).isEqualTo("UP");
        final JsonNode writer = kekbit.path("components").path("writers").path("components").path("orders");
        assertThat(writer.path("status").asString()).isEqualTo("UP");
        assertThat(writer.path("details").path("capacity").asLong()).isEqualTo(65536);
        final JsonNode listener = kekbit.path("components").path("listeners").path("components").path("order-view");
        assertThat(listener.path("details").path("state").asString()).isEqualTo("RUNNING");

        final HttpResponse<String> channels = get("/actuator/kekbit");
        assertThat(channels.statusCode()).isEqualTo(200);
        final JsonNode all = json.readTree(channels.body());
        assertThat(all.path("writers").path("orders").path("channelId").asLong()).isEqualTo(11);
        assertThat(all.path("writers").path("orders").path("records").asLong()).isEqualTo(2);
        await().atMost(WAIT).until(() -> json.readTree(get("/actuator/kekbit/order-view").body())
            .path("lagRecords").asLong() == 0);
        final JsonNode one = json.readTree(get("/actuator/kekbit/order-view").body());
        assertThat(one.path("channel").asString()).isEqualTo("orders");
        assertThat(one.path("position").asLong()).isEqualTo(all.path("writers").path("orders").path("position")
            .asLong());
        assertThat(get("/actuator/kekbit/nothing").statusCode()).isEqualTo(404);

        final HttpResponse<String> metric = get("/actuator/metrics/kekbit.writer.records");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(json.readTree(metric.body()).path("measurements").get(0).path("value").asDouble()).isEqualTo(2.0);
        final HttpResponse<String> lag = get("/actuator/metrics/kekbit.listener.lag.records?tag=listener:order-view");
        assertThat(json.readTree(lag.body()).path("measurements").get(0).path("value").asDouble()).isZero();
    }

    @Test
    void shouldPauseAndResumeThroughWriteOperation() throws Exception
    {
        final HttpResponse<String> paused = post("/actuator/kekbit/order-view", "{\"action\":\"pause\"}");
        assertThat(paused.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> registry.getListenerContainer("order-view").isPaused());
        assertThat(json.readTree(get("/actuator/kekbit/order-view").body()).path("state").asString())
            .isEqualTo("PAUSED");
        final HttpResponse<String> resumed = post("/actuator/kekbit/order-view", "{\"action\":\"resume\"}");
        assertThat(resumed.statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> !registry.getListenerContainer("order-view").isPaused());
        assertThat(json.readTree(get("/actuator/health").body()).path("components").path("kekbit").path("status")
            .asString()).isEqualTo("UP");
    }

    @Test
    void shouldAnswerClientMistakesWith400And404WithoutLoggingErrors(final CapturedOutput output) throws Exception
    {
        final int before = output.getAll().length();
        final HttpResponse<String> badAction = post("/actuator/kekbit/order-view", "{\"action\":\"restart\"}");
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(badAction.body()).contains("unknown action 'restart' (allowed: pause, resume, start, stop)");
        final HttpResponse<String> unknown = post("/actuator/kekbit/nobody", "{\"action\":\"pause\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no listener 'nobody'").contains("order-view");
        assertThat(registry.getListenerContainer("order-view").isPauseRequested()).isFalse();
        assertThat(output.getAll().substring(before)).doesNotContain("ERROR").doesNotContain("Exception");
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String path, final String body) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path createRoot()
    {
        try
        {
            return Files.createTempDirectory("kekbit-actuator-test");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
