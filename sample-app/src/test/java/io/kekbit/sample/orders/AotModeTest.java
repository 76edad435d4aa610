package io.kekbit.sample.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample application processed by Spring AOT (the {@code process-aot} goal of the build, what a native image
 * build does first) runs in AOT mode on the JVM ({@code -Dspring.aot.enabled=true}): it starts from the generated
 * bean definitions (the kekbit writer beans among them), takes orders over HTTP and its listeners receive them.
 */
class AotModeTest
{
    @TempDir
    Path root;

    @TempDir
    Path logs;

    @Test
    void shouldSendAndReceiveRecordsInAotMode() throws Exception
    {
        assertThat(Path.of("target", "spring-aot", "main", "sources")).as("process-aot ran").isDirectory();
        final int port;
        try (ServerSocket socket = new ServerSocket(0))
        {
            port = socket.getLocalPort();
        }
        final Path log = logs.resolve("aot.log");
        final Process process = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dspring.aot.enabled=true",
            "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
            OrderJournalApplication.class.getName(), "--server.port=" + port, "--kekbit.root-path=" + root))
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try
        {
            final HttpClient http = HttpClient.newHttpClient();
            final String base = "http://localhost:" + port;
            await("started in AOT mode").atMost(Duration.ofSeconds(180))
                .failFast("the application exited", () -> !process.isAlive())
                .ignoreExceptions()
                .until(() -> get(http, base + "/actuator/health").statusCode() == 200);
            for (int i = 1; i <= 3; i++)
            {
                final HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"aot-" + i + "\",\"customer\":\"c\"," +
                        "\"product\":\"widget\",\"quantity\":" + i + ",\"unitPrice\":2.0}")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
            }
            await("the listener received the 3 orders").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get(http, base + "/orders/summary").body())
                    .contains("\"orders\":3"));
            assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("Starting AOT-processed OrderJournalApplication")
                .contains("writer 'orders'");
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError(ex.getMessage() + "\n---- application log ----\n" + tail(log), ex);
        }
        finally
        {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static HttpResponse<String> get(final HttpClient http, final String url)
        throws IOException, InterruptedException
    {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(log unreadable: " + ex + ")";
        }
    }
}
