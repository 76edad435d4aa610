package io.kekbit.sample.stream;

import io.kekbit.sample.stream.audit.AuditApplication;
import io.kekbit.sample.stream.broker.LocalKafkaBroker;
import io.kekbit.sample.stream.invoicing.InvoicingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pipeline {@code orders -> invoice -> invoices -> audit} as two application JVMs (invoicing, audit), run twice
 * with the same code and the same input: on the Kafka binder against a real broker started here (spring-kafka-test's
 * embedded KRaft broker), and on the kekbit binder with the two JVMs sharing a journal folder. Only the profile and
 * the broker/folder properties differ. Both runs must write the same audit file, in the same order: each destination
 * has one partition (Kafka) or is one journal (kekbit), so both binders keep the whole stream in order.
 */
class PipelineOnBothBindersTest
{
    private static final int ORDERS = 12;
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path work;

    @BeforeAll
    static void startBroker()
    {
        broker = LocalKafkaBroker.startOnFreePort();
    }

    @AfterAll
    static void stopBroker()
    {
        if (broker != null)
        {
            broker.destroy();
        }
    }

    @Test
    void shouldAuditTheSameInvoicesOnKafkaAndOnKekbit() throws Exception
    {
        final List<String> onKafka = runPipeline("kafka", List.of("--sample.kafka-brokers=" +
            broker.getBrokersAsString()));
        final List<String> onKekbit = runPipeline("kekbit", List.of("--sample.kekbit-root=" + work.resolve("kekbit")));

        assertThat(onKafka).hasSize(ORDERS);
        // Order o-03: 3 units at 6.99 -> net 20.97, tax 20% = 4.194 -> 4.19, total 25.16.
        assertThat(onKafka.get(2)).isEqualTo(
            "invoice o-03 customer=c-3 product=p-3 quantity=3 net=2097 tax=419 total=2516 header.orderId=o-03");
        assertThat(onKafka).extracting(line -> line.split(" ")[1]).containsExactlyElementsOf(orderIds());
        assertThat(onKekbit).containsExactlyElementsOf(onKafka);
    }

    private List<String> runPipeline(final String profile, final List<String> properties) throws Exception
    {
        final Path auditFile = work.resolve(profile + "-audit.log");
        final int port = AppJvm.freePort();
        final List<String> common = new ArrayList<>(properties);
        common.add("--spring.profiles.active=" + profile);
        final List<String> invoicingArgs = new ArrayList<>(common);
        invoicingArgs.add("--server.port=" + port);
        final List<String> auditArgs = new ArrayList<>(common);
        auditArgs.add("--sample.audit.file=" + auditFile);
        try (AppJvm invoicing = AppJvm.start(profile + "-invoicing", InvoicingApplication.class, invoicingArgs);
            AppJvm audit = AppJvm.start(profile + "-audit", AuditApplication.class, auditArgs))
        {
            invoicing.awaitOutput("Started InvoicingApplication", AppJvm.STARTUP);
            audit.awaitOutput("Started AuditApplication", AppJvm.STARTUP);
            final HttpClient http = HttpClient.newHttpClient();
            for (int i = 1; i <= ORDERS; i++)
            {
                final String json = String.format(
                    "{\"id\":\"o-%02d\",\"customer\":\"c-%d\",\"product\":\"p-%d\",\"quantity\":%d,\"unitPriceCents\":%d}",
                    i, i % 4, i % 5, i, 99 + 200 * i);
                final HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body() + "\n" + invoicing.tail()).isEqualTo(202);
            }
            await(profile + ": " + ORDERS + " audit lines").atMost(DELIVERY)
                .failFast(() -> !audit.isAlive() || !invoicing.isAlive())
                .until(() -> lines(auditFile).size() >= ORDERS);
            return lines(auditFile);
        }
    }

    private static List<String> orderIds()
    {
        final List<String> ids = new ArrayList<>();
        for (int i = 1; i <= ORDERS; i++)
        {
            ids.add(String.format("o-%02d", i));
        }
        return ids;
    }

    private static List<String> lines(final Path file) throws IOException
    {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
