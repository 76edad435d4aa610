package io.kekbit.sample.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One order as journalled on the channel (one JSON record per order). Immutable, so thread-safe.
 *
 * @param id        order id, unique within the journal.
 * @param customer  customer who placed the order.
 * @param product   product ordered.
 * @param quantity  number of units, at least 1.
 * @param unitPrice price of one unit, zero or more.
 * @param placedAt  when the producer accepted the order.
 */
public record Order(String id, String customer, String product, int quantity, BigDecimal unitPrice, Instant placedAt)
{
    /**
     * Checks the components.
     *
     * @throws NullPointerException     when a component is missing.
     * @throws IllegalArgumentException when the quantity is below 1 or the unit price negative.
     */
    public Order
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(placedAt, "placedAt");
        if (quantity < 1)
        {
            throw new IllegalArgumentException("quantity must be at least 1: quantity=" + quantity);
        }
        if (unitPrice.signum() < 0)
        {
            throw new IllegalArgumentException("unitPrice must not be negative: unitPrice=" + unitPrice);
        }
    }

    /**
     * Amount of the order.
     *
     * @return {@code quantity * unitPrice}.
     */
    public BigDecimal amount()
    {
        return unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
