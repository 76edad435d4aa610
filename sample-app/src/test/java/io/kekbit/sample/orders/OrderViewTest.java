package io.kekbit.sample.orders;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OrderViewTest
{
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final OrderView view = new OrderView();

    @Test
    void shouldStartEmpty()
    {
        final OrderSummary summary = view.summary();

        assertThat(summary.orders()).isZero();
        assertThat(summary.amount()).isEqualByComparingTo("0");
        assertThat(summary.lastPosition()).isEqualTo(-1);
        assertThat(summary.byProduct()).isEmpty();
        assertThat(view.find("o-1")).isEmpty();
    }

    @Test
    void shouldTotalPerProductAndCustomer()
    {
        assertThat(view.apply(order("o-1", "alice", "apple", 2, "1.50"), 0)).isTrue();
        assertThat(view.apply(order("o-2", "bob", "apple", 1, "1.50"), 128)).isTrue();
        assertThat(view.apply(order("o-3", "alice", "pear", 3, "2.00"), 256)).isTrue();

        final OrderSummary summary = view.summary();
        assertThat(summary.orders()).isEqualTo(3);
        assertThat(summary.amount()).isEqualByComparingTo("10.50");
        assertThat(summary.lastPosition()).isEqualTo(256);
        assertThat(summary.byProduct()).containsOnlyKeys("apple", "pear");
        assertThat(summary.byProduct().get("apple")).isEqualTo(new Totals(2, 3, new BigDecimal("4.50")));
        assertThat(summary.byCustomer().get("alice")).isEqualTo(new Totals(2, 5, new BigDecimal("9.00")));
        assertThat(summary.byCustomer().get("bob")).isEqualTo(new Totals(1, 1, new BigDecimal("1.50")));
        assertThat(view.find("o-2")).hasValueSatisfying(journalled -> assertThat(journalled.position()).isEqualTo(128));
    }

    @Test
    void shouldCountDuplicateIdsWithoutChangingTotals()
    {
        view.apply(order("o-1", "alice", "apple", 2, "1.50"), 0);

        assertThat(view.apply(order("o-1", "mallory", "gold", 9, "99"), 64)).isFalse();

        final OrderSummary summary = view.summary();
        assertThat(summary.orders()).isEqualTo(1);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.amount()).isEqualByComparingTo("3.00");
        assertThat(summary.byCustomer()).containsOnlyKeys("alice");
        assertThat(summary.lastPosition()).isEqualTo(64);
        assertThat(view.find("o-1")).hasValueSatisfying(journalled -> assertThat(journalled.position()).isZero());
    }

    @Test
    void shouldReturnSnapshotsThatLaterOrdersDoNotChange()
    {
        view.apply(order("o-1", "alice", "apple", 1, "1"), 0);
        final OrderSummary before = view.summary();

        view.apply(order("o-2", "bob", "kiwi", 1, "1"), 64);

        assertThat(before.orders()).isEqualTo(1);
        assertThat(before.byProduct()).containsOnlyKeys("apple");
    }

    static Order order(final String id, final String customer, final String product, final int quantity,
        final String unitPrice)
    {
        return new Order(id, customer, product, quantity, new BigDecimal(unitPrice), NOW);
    }
}
