package io.kekbit.sample.orders;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Smoke test: the whole application (default profile, producer and consumer in one process) on a random port, driven
 * over real HTTP, with the channel in a temporary folder. The tests share one application, so each uses its own
 * products and customers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@DirtiesContext
class OrderJournalApplicationTests
{
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path rootPath;

    @Autowired
    RestTestClient client;

    @DynamicPropertySource
    static void kekbitRoot(final DynamicPropertyRegistry registry)
    {
        registry.add("kekbit.root-path", rootPath::toString);
    }

    @Test
    void shouldJournalOrdersAndServeTheLiveView()
    {
        postOrder("{\"id\":\"o-1\",\"customer\":\"alice\",\"product\":\"apple\",\"quantity\":2,\"unitPrice\":1.5}");
        final long o2Position = postOrder(
            "{\"id\":\"o-2\",\"customer\":\"bob\",\"product\":\"apple\",\"quantity\":1,\"unitPrice\":1.5}");
        postOrder("{\"id\":\"o-3\",\"customer\":\"alice\",\"product\":\"pear\",\"quantity\":4,\"unitPrice\":0.5}");

        await("view holds the 3 orders").atMost(DELIVERY).untilAsserted(() -> client.get().uri("/orders/summary")
            .exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.byProduct.apple.quantity").isEqualTo(3)
            .jsonPath("$.byProduct.pear.quantity").isEqualTo(4)
            .jsonPath("$.byCustomer.alice.orders").isEqualTo(2)
            .jsonPath("$.byCustomer.alice.amount").isEqualTo(5.0)
            .jsonPath("$.byCustomer.bob.amount").isEqualTo(1.5));

        client.get().uri("/orders/o-2").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.order.customer").isEqualTo("bob")
            .jsonPath("$.position").isEqualTo(o2Position);
        assertThat(o2Position).isPositive();
        client.get().uri("/orders/unknown").exchange().expectStatus().isNotFound();
    }

    @Test
    void shouldRejectAnInvalidOrderNamingTheField()
    {
        client.post().uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"customer\":\"alice\",\"product\":\"apple\",\"quantity\":0,\"unitPrice\":1}")
            .exchange()
            .expectStatus().isBadRequest()
            .expectBody().jsonPath("$.detail").isEqualTo("quantity must be at least 1: quantity=0");
    }

    @Test
    void shouldReportHealthMetricsAndChannelsOverActuator()
    {
        final long position = postOrder(
            "{\"id\":\"a-1\",\"customer\":\"carol\",\"product\":\"fig\",\"quantity\":1,\"unitPrice\":3}");
        await("view holds a-1").atMost(DELIVERY).untilAsserted(() -> client.get().uri("/orders/a-1").exchange()
            .expectStatus().isOk());

        client.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components.kekbit.status").isEqualTo("UP")
            .jsonPath("$.components.kekbit.components.writers.components.orders.status").isEqualTo("UP")
            .jsonPath("$.components.kekbit.components.writers.components.orders.details.state").isEqualTo("OPEN")
            .jsonPath("$.components.kekbit.components.listeners.components['order-view'].status").isEqualTo("UP")
            .jsonPath("$.components.kekbit.components.listeners.components['order-view'].details.state")
            .isEqualTo("RUNNING");

        await("reader lag drops to 0").atMost(DELIVERY).untilAsserted(() -> client.get()
            .uri("/actuator/metrics/kekbit.reader.lag.records?tag=channel:orders").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.measurements[0].value").isEqualTo(0.0));
        client.get().uri("/actuator/metrics/kekbit.writer.position?tag=channel:orders").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.baseUnit").isEqualTo("bytes")
            .jsonPath("$.measurements[0].value")
            .value(Double.class, value -> assertThat(value).isGreaterThan(position));

        client.get().uri("/actuator/kekbit").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.writers.orders.channelId").isEqualTo(1001)
            .jsonPath("$.writers.orders.state").isEqualTo("OPEN")
            .jsonPath("$.listeners['order-view'].channel").isEqualTo("orders")
            .jsonPath("$.listeners['order-view'].state").isEqualTo("RUNNING")
            .jsonPath("$.listeners['order-view'].position")
            .value(Long.class, at -> assertThat(at).isGreaterThan(position));
        client.get().uri("/actuator/kekbit/order-view").exchange()
            .expectStatus().isOk()
            .expectBody().jsonPath("$.type").isEqualTo("listener");
    }

    private long postOrder(final String json)
    {
        final String position = client.post().uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body(json)
            .exchange()
            .expectStatus().isAccepted()
            .expectHeader().exists("Location")
            .expectBody(String.class).returnResult()
            .getResponseHeaders().getFirst(OrderController.POSITION_HEADER);
        assertThat(position).as(OrderController.POSITION_HEADER).isNotNull();
        return Long.parseLong(position);
    }
}
