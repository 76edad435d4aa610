package io.kekbit.sample.orders;

import io.kekbit.journal.JournalPosition;
import io.kekbit.sample.orders.audit.AuditSummary;
import io.kekbit.spring.test.context.EmbeddedKekbit;
import io.kekbit.spring.test.utils.KekbitRecord;
import io.kekbit.spring.test.utils.KekbitRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.math.BigDecimal;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Smoke test: the whole application (default profile, producer and consumer in one process) on a random port, driven
 * over real HTTP, with the channel and the audit journal in the folder {@link EmbeddedKekbit} makes for this context
 * (and deletes when it closes). The tests share one application, so each uses its own products and customers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@EmbeddedKekbit
@DirtiesContext
class OrderJournalApplicationTests
{
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    /** Bound of the audit test's loop: far more than the 4 segments of 64KB it needs. */
    private static final int MAX_AUDITED_ORDERS = 10_000;

    @Autowired
    RestTestClient client;

    @Autowired
    ApplicationContext context;

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
        // The record the listener read at that position is the order, as JSON, on the "orders" channel.
        final KekbitRecord o2 = KekbitRecords.of(context, OrderController.WRITER)
            .awaitRecord(record -> record.position() == o2Position, DELIVERY);
        assertThat(o2.asString()).contains("\"id\":\"o-2\"", "\"customer\":\"bob\"", "\"quantity\":1");
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
            .uri("/actuator/metrics/kekbit.listener.lag.records?tag=channel:orders").exchange()
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

    @Test
    void shouldAuditEveryOrderOnTheRollingJournalAcrossSegments()
    {
        final AuditSummary before = auditSummary();
        final long startSegment = Math.max(0, before.lastSegment());
        // 64KB segments and about 120 bytes per audit record: some 550 orders fill a segment. Post until the audit
        // record of the last order lands in the third segment after the one the test started in.
        String auditPosition = null;
        BigDecimal amount = BigDecimal.ZERO;
        int posted = 0;
        while (posted < MAX_AUDITED_ORDERS && (auditPosition == null || segmentOf(auditPosition) < startSegment + 3))
        {
            posted++;
            final int quantity = 1 + posted % 3;
            amount = amount.add(new BigDecimal("0.25").multiply(BigDecimal.valueOf(quantity)));
            auditPosition = client.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"id\":\"audit-" + posted + "\",\"customer\":\"auditor\",\"product\":\"ledger\","
                    + "\"quantity\":" + quantity + ",\"unitPrice\":0.25}")
                .exchange()
                .expectStatus().isAccepted()
                .expectBody(String.class).returnResult()
                .getResponseHeaders().getFirst(OrderController.AUDIT_POSITION_HEADER);
            assertThat(auditPosition).as(OrderController.AUDIT_POSITION_HEADER).matches("\\d+:\\d+");
        }
        assertThat(segmentOf(auditPosition)).as("audit journal rolled").isGreaterThanOrEqualTo(startSegment + 3);
        final String lastAudit = auditPosition;
        assertThat(KekbitRecords.of(context, "audit")
            .awaitRecord(record -> JournalPosition.toString(record.position()).equals(lastAudit), DELIVERY)
            .asString()).as("audit record at " + lastAudit).contains("\"orderId\":\"audit-" + posted + "\"");
        final int orders = posted;
        final BigDecimal ordersAmount = amount;
        final String lastAuditPosition = auditPosition;

        await("audit listener read every audit record").atMost(DELIVERY).untilAsserted(() ->
        {
            final AuditSummary after = auditSummary();
            assertThat(after.records()).isEqualTo(before.records() + orders);
            assertThat(after.amount()).isEqualByComparingTo(before.amount().add(ordersAmount));
            assertThat(after.lastOrderId()).isEqualTo("audit-" + orders);
            assertThat(after.journalPosition()).isEqualTo(lastAuditPosition);
            assertThat(after.outOfOrder()).isZero();
            assertThat(after.segments()).isGreaterThanOrEqualTo(4);
        });
        // Every accepted order of every test in this class was audited once: the order view and the audit log agree.
        await("order view caught up").atMost(DELIVERY).untilAsserted(() ->
        {
            final OrderSummary view = client.get().uri("/orders/summary").exchange()
                .expectStatus().isOk()
                .expectBody(OrderSummary.class).returnResult().getResponseBody();
            assertThat(view.byProduct().get("ledger").orders()).isEqualTo(orders);
            assertThat(auditSummary().records()).isEqualTo(view.orders() + view.duplicates());
        });

        final long writerSegment = segmentOf(lastAuditPosition);
        await("audit listener at the writer's segment").atMost(DELIVERY).untilAsserted(() -> client.get()
            .uri("/actuator/kekbit").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.writers.audit.roll").isEqualTo(true)
            .jsonPath("$.writers.audit.journalId").isEqualTo(1002)
            .jsonPath("$.writers.audit.state").isEqualTo("OPEN")
            .jsonPath("$.writers.audit.segment").value(Long.class, at -> assertThat(at).isEqualTo(writerSegment))
            .jsonPath("$.writers.audit.deletedSegments").isEqualTo(0)
            .jsonPath("$.listeners['audit-log'].roll").isEqualTo(true)
            .jsonPath("$.listeners['audit-log'].channel").isEqualTo("audit")
            .jsonPath("$.listeners['audit-log'].state").isEqualTo("RUNNING")
            .jsonPath("$.listeners['audit-log'].startFrom").isEqualTo("DURABLE")
            .jsonPath("$.listeners['audit-log'].segment").value(Long.class, at -> assertThat(at)
                .isEqualTo(writerSegment))
            .jsonPath("$.listeners['audit-log'].lagSegments").isEqualTo(0)
            .jsonPath("$.listeners['audit-log'].lagBytes").isEqualTo(0));
        client.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.components.kekbit.components.writers.components.audit.status").isEqualTo("UP")
            .jsonPath("$.components.kekbit.components.writers.components.audit.details.journalId").isEqualTo(1002)
            .jsonPath("$.components.kekbit.components.listeners.components['audit-log'].status").isEqualTo("UP");
        client.get().uri("/actuator/metrics/kekbit.writer.segment?tag=channel:audit").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.measurements[0].value").value(Double.class, at -> assertThat(at).isEqualTo(writerSegment));
    }

    private AuditSummary auditSummary()
    {
        return client.get().uri("/audit/summary").exchange()
            .expectStatus().isOk()
            .expectBody(AuditSummary.class).returnResult().getResponseBody();
    }

    private static long segmentOf(final String journalPosition)
    {
        return Long.parseLong(journalPosition.substring(0, journalPosition.indexOf(':')));
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
