package io.kekbit.sample.orders;

import java.math.BigDecimal;
import java.util.SortedMap;

/**
 * Snapshot of the whole view, served by {@code GET /orders/summary}. Immutable (the maps are unmodifiable copies),
 * so thread-safe.
 *
 * @param orders       number of distinct orders seen.
 * @param duplicates   records skipped because their order id was already seen.
 * @param amount       sum of all order amounts.
 * @param lastPosition channel position of the last record applied, or {@code -1} before the first.
 * @param byProduct    totals per product, sorted by product.
 * @param byCustomer   totals per customer, sorted by customer.
 */
public record OrderSummary(
    long orders,
    long duplicates,
    BigDecimal amount,
    long lastPosition,
    SortedMap<String, Totals> byProduct,
    SortedMap<String, Totals> byCustomer)
{
}
