package io.kekbit.sample.orders;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NewOrderTest
{
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void shouldKeepGivenIdAndFields()
    {
        final Order order = new NewOrder("o-1", "alice", "apple", 2, new BigDecimal("1.25")).toOrder(NOW);

        assertThat(order).isEqualTo(new Order("o-1", "alice", "apple", 2, new BigDecimal("1.25"), NOW));
        assertThat(order.amount()).isEqualByComparingTo("2.50");
    }

    @Test
    void shouldGenerateMissingId()
    {
        final Order order = new NewOrder(null, "alice", "apple", 1, BigDecimal.ONE).toOrder(NOW);

        assertThat(order.id()).hasSize(36);
    }

    @Test
    void shouldNameTheInvalidField()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new NewOrder("o-1", " ", "apple", 1, BigDecimal.ONE).toOrder(NOW))
            .withMessage("customer is required");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new NewOrder("o-1", "alice", null, 1, BigDecimal.ONE).toOrder(NOW))
            .withMessage("product is required");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new NewOrder("o-1", "alice", "apple", 0, BigDecimal.ONE).toOrder(NOW))
            .withMessage("quantity must be at least 1: quantity=0");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new NewOrder("o-1", "alice", "apple", 1, new BigDecimal("-1")).toOrder(NOW))
            .withMessage("unitPrice must be zero or more: unitPrice=-1");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new NewOrder("../x", "alice", "apple", 1, BigDecimal.ONE).toOrder(NOW))
            .withMessage("id may only hold letters, digits, '-' and '_': id=../x");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> new NewOrder("o".repeat(65), "alice", "apple", 1, BigDecimal.ONE).toOrder(NOW))
            .withMessage("id is longer than 64 characters");
    }
}
