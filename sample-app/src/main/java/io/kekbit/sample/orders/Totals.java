package io.kekbit.sample.orders;

import java.math.BigDecimal;

/**
 * Running totals of a group of orders (one product or one customer). Immutable, so thread-safe.
 *
 * @param orders   number of orders.
 * @param quantity units ordered.
 * @param amount   sum of the order amounts.
 */
public record Totals(long orders, long quantity, BigDecimal amount)
{
    /**
     * Totals of no order.
     */
    public static final Totals NONE = new Totals(0, 0, BigDecimal.ZERO);

    /**
     * Adds one order.
     *
     * @param order the order.
     * @return new totals including it.
     */
    public Totals plus(final Order order)
    {
        return new Totals(orders + 1, quantity + order.quantity(), amount.add(order.amount()));
    }
}
