package io.kekbit.sample.orders.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One audit record, written as JSON to the audit journal for each accepted order. Immutable, so thread-safe.
 *
 * @param orderId       id of the accepted order.
 * @param customer      customer who placed it.
 * @param amount        amount of the order.
 * @param placedAt      when the producer accepted the order.
 * @param orderPosition position of the order's record in the {@code orders} channel.
 */
public record AuditEntry(String orderId, String customer, BigDecimal amount, Instant placedAt, long orderPosition)
{
    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is missing.
     */
    public AuditEntry
    {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(placedAt, "placedAt");
    }
}
