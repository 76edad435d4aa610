package io.kekbit.sample.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Runs the {@code producer} and the {@code consumer} profiles as two JVMs that share only a kekbit root folder, posts
 * orders to the producer and reads them back from the consumer's view, all over real HTTP.
 */
class ProducerConsumerProcessesTest
{
    /** Generous: two Spring Boot JVMs start side by side on a small, possibly busy machine. */
    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String LISTENER_HEALTH = "$.components.kekbit.components.listeners.components['order-view']";
    private static final String AUDIT_HEALTH = "$.components.kekbit.components.listeners.components['audit-log']";

    @TempDir
    Path rootPath;

    @TempDir
    Path logDir;

    @Test
    void shouldShowOrdersPostedToTheProducerInTheConsumerView() throws IOException
    {
        AppProcess producer = null;
        AppProcess consumer = null;
        try
        {
            final String classPath = AppProcess.snapshotClassPath(logDir.resolve("lib"));
            producer = AppProcess.start("producer", rootPath, logDir, classPath);
            consumer = AppProcess.start("consumer", rootPath, logDir, classPath);
            final RestTestClient producerClient = client(producer);
            final RestTestClient consumerClient = client(consumer);
            awaitUp(producer, producerClient);
            awaitUp(consumer, consumerClient);

            for (int i = 1; i <= 5; i++)
            {
                producerClient.post().uri("/orders")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"id\":\"p-" + i + "\",\"customer\":\"c-" + (i % 2) + "\",\"product\":\"widget\","
                        + "\"quantity\":" + i + ",\"unitPrice\":2.5}")
                    .exchange()
                    .expectStatus().isAccepted()
                    .expectBody().jsonPath("$.id").isEqualTo("p-" + i);
            }

            final AppProcess watched = consumer;
            await("consumer view holds the 5 orders").atMost(DELIVERY)
                .failFast("consumer JVM exited", () -> !watched.isAlive())
                .untilAsserted(() -> consumerClient.get().uri("/orders/summary").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.orders").isEqualTo(5)
                    .jsonPath("$.byProduct.widget.quantity").isEqualTo(15)
                    .jsonPath("$.byProduct.widget.amount").isEqualTo(37.5)
                    .jsonPath("$.byCustomer['c-1'].orders").isEqualTo(3));
            consumerClient.get().uri("/orders/p-3").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.order.quantity").isEqualTo(3);
            // The audit journal the producer writes, read by the consumer's durable journal listener.
            await("consumer audit log holds the 5 audit records").atMost(DELIVERY)
                .failFast("consumer JVM exited", () -> !watched.isAlive())
                .untilAsserted(() -> consumerClient.get().uri("/audit/summary").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.records").isEqualTo(5)
                    .jsonPath("$.amount").isEqualTo(37.5)
                    .jsonPath("$.lastOrderId").isEqualTo("p-5")
                    .jsonPath("$.outOfOrder").isEqualTo(0));
            producerClient.get().uri("/actuator/kekbit/audit").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.roll").isEqualTo(true)
                .jsonPath("$.journalId").isEqualTo(1002)
                .jsonPath("$.records").isEqualTo(5);

            // Each process runs only its half.
            producerClient.get().uri("/orders/summary").exchange().expectStatus().isNotFound();
            producerClient.get().uri("/audit/summary").exchange().expectStatus().isNotFound();
            consumerClient.post().uri("/orders").contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
                .expectStatus().is4xxClientError();
            consumerClient.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.kekbit.status").isEqualTo("UP");

            // A producer that stops writes CLOSE: the consumer's listener stops by itself and says why, and the
            // view keeps what it read.
            producer.close();
            assertThat(producer.isAlive()).as("producer stopped").isFalse();
            await("consumer listener reports the closed channel").atMost(DELIVERY)
                .failFast("consumer JVM exited", () -> !watched.isAlive())
                .untilAsserted(() -> consumerClient.get().uri("/actuator/health").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody()
                    .jsonPath(LISTENER_HEALTH + ".status").isEqualTo("DOWN")
                    .jsonPath(LISTENER_HEALTH + ".details.state").isEqualTo("FAILED")
                    .jsonPath(LISTENER_HEALTH + ".details.reason").value(String.class, reason -> assertThat(reason)
                        .startsWith("CLOSED")));
            consumerClient.get().uri("/orders/summary").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.orders").isEqualTo(5);

            // The audit journal outlives its writer: the journal listener stays up, waiting for the next segment, and
            // follows a new producer, which continues the journal in a new segment.
            consumerClient.get().uri("/actuator/health").exchange()
                .expectBody()
                .jsonPath(AUDIT_HEALTH + ".status").isEqualTo("UP")
                .jsonPath(AUDIT_HEALTH + ".details.state").isEqualTo("RUNNING");
            producer = AppProcess.start("producer", rootPath, Files.createDirectories(logDir.resolve("restart")),
                classPath);
            final RestTestClient newProducerClient = client(producer);
            awaitUp(producer, newProducerClient);
            final String auditPosition = newProducerClient.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"id\":\"p-6\",\"customer\":\"c-0\",\"product\":\"widget\",\"quantity\":6,"
                    + "\"unitPrice\":2.5}")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult()
                .getResponseHeaders().getFirst(OrderController.AUDIT_POSITION_HEADER);
            assertThat(auditPosition).as("audit record in a segment after the first producer's")
                .matches("[1-9]\\d*:\\d+");
            await("consumer audit log follows the new producer").atMost(DELIVERY)
                .failFast("consumer JVM exited", () -> !watched.isAlive())
                .untilAsserted(() -> consumerClient.get().uri("/audit/summary").exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.records").isEqualTo(6)
                    .jsonPath("$.amount").isEqualTo(52.5)
                    .jsonPath("$.lastOrderId").isEqualTo("p-6")
                    .jsonPath("$.journalPosition").isEqualTo(auditPosition)
                    .jsonPath("$.segments").isEqualTo(2));
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError(ex.getMessage() + "\n" + tail(producer) + "\n" + tail(consumer), ex);
        }
        finally
        {
            close(consumer);
            close(producer);
        }
        assertThat(producer.isAlive()).isFalse();
        assertThat(consumer.isAlive()).isFalse();
    }

    private static RestTestClient client(final AppProcess process)
    {
        return RestTestClient.bindToServer().baseUrl(process.baseUrl()).build();
    }

    private static void awaitUp(final AppProcess process, final RestTestClient client)
    {
        await("application up at " + process.baseUrl()).atMost(STARTUP)
            .pollInterval(Duration.ofMillis(500))
            .failFast("JVM exited before it was up", () -> !process.isAlive())
            .ignoreExceptions()
            .untilAsserted(() -> client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP"));
    }

    private static String tail(final AppProcess process)
    {
        return process == null ? "" : process.logTail();
    }

    private static void close(final AppProcess process)
    {
        if (process != null)
        {
            process.close();
        }
    }
}
