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
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.listener.KekbitListener;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A web application with a roll writer (16 KiB segments) and a listener on its journal: the kekbit endpoint, health
 * and metrics show the current segment and journal positions over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "kekbit.writers.journal.channel-id=21",
    "kekbit.writers.journal.roll.enabled=true",
    "kekbit.writers.journal.capacity=16KB",
    "kekbit.writers.journal.max-message-length=100B",
    "kekbit.readers.feed.channel-id=21",
    "kekbit.readers.feed.roll=true",
    "kekbit.listener.idle-strategy=sleep-1ms",
    "management.endpoints.web.exposure.include=health,metrics,kekbit",
    "management.endpoint.health.show-details=always"})
class KekbitJournalActuatorHttpTests
{
    private static final Path ROOT = createRoot();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int RECORDS = 2_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    KekbitTemplate template;

    @Autowired
    @Qualifier("journal")
    RollingWriter writer;

    @Autowired
    JournalView view;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(JournalView.class)
    static class TestApplication
    {
    }

    static class JournalView
    {
        final List<String> records = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "feed", id = "journal-view", startFrom = "beginning")
        void onRecord(final String record)
        {
            records.add(record);
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
    void shouldShowSegmentsAndJournalPositionsOverHttp() throws Exception
    {
        long last = 0;
        for (int i = 0; i < RECORDS; i++)
        {
            last = template.send("journal", String.format("record-%06d", i));
        }
        await().atMost(WAIT).until(() -> view.records.size() == RECORDS);
        final long segment = writer.segment();
        assertThat(segment).isGreaterThanOrEqualTo(2).isEqualTo(last >>> 32);
        final long position = writer.writeOffset();
        final String journalPosition = segment + ":" + (position & 0xFFFF_FFFFL);

        final JsonNode all = json.readTree(get("/actuator/kekbit").body());
        final JsonNode journal = all.path("writers").path("journal");
        assertThat(journal.path("roll").asBoolean()).isTrue();
        assertThat(journal.path("journalId").asLong()).isEqualTo(21);
        assertThat(journal.path("channelId").asLong()).as("the journal id, as in health and metrics").isEqualTo(21);
        assertThat(journal.path("segmentChannelId").asLong()).isEqualTo((21L << 32) | segment);
        assertThat(journal.path("segment").asLong()).isEqualTo(segment);
        assertThat(journal.path("journalPosition").asString()).isEqualTo(journalPosition);
        assertThat(journal.path("position").asLong()).isEqualTo(position);
        assertThat(journal.path("capacity").asLong()).isEqualTo(16_384);
        assertThat(journal.path("records").asLong()).isEqualTo(RECORDS);
        assertThat(journal.path("state").asString()).isEqualTo("OPEN");

        await().atMost(WAIT).until(() -> json.readTree(get("/actuator/kekbit/journal-view").body())
            .path("position").asLong() == position);
        final JsonNode listener = json.readTree(get("/actuator/kekbit/journal-view").body());
        assertThat(listener.path("roll").asBoolean()).isTrue();
        assertThat(listener.path("segment").asLong()).isEqualTo(segment);
        assertThat(listener.path("journalPosition").asString()).isEqualTo(journalPosition);
        assertThat(listener.path("lagSegments").asLong()).isZero();
        assertThat(listener.path("lagBytes").asLong()).isZero();
        assertThat(listener.path("lagRecords").asLong()).isZero();

        final JsonNode kekbit = json.readTree(get("/actuator/health").body()).path("components").path("kekbit");
        assertThat(kekbit.path("status").asString()).isEqualTo("UP");
        final JsonNode health = kekbit.path("components").path("writers").path("components").path("journal");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("segment").asLong()).isEqualTo(segment);
        assertThat(health.path("details").path("journalPosition").asString()).isEqualTo(journalPosition);
        final JsonNode listenerHealth = kekbit.path("components").path("listeners").path("components")
            .path("journal-view");
        assertThat(listenerHealth.path("details").path("segment").asLong()).isEqualTo(segment);

        final JsonNode metric = json.readTree(get("/actuator/metrics/kekbit.writer.segment").body());
        assertThat(metric.path("measurements").get(0).path("value").asDouble()).isEqualTo((double)segment);
        final JsonNode lag = json.readTree(
            get("/actuator/metrics/kekbit.listener.lag.segments?tag=listener:journal-view").body());
        assertThat(lag.path("measurements").get(0).path("value").asDouble()).isZero();
    }

    private HttpResponse<String> get(final String path) throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private static Path createRoot()
    {
        try
        {
            return Files.createTempDirectory("kekbit-journal-actuator-test");
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
