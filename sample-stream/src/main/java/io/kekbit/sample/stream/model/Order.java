package io.kekbit.sample.stream.model;

/**
 * An order as posted to the invoicing application. Amounts are in cents, so that every binder and every JVM computes
 * the same invoice. Immutable, thread-safe.
 *
 * @param id             order id, unique per order.
 * @param customer       customer id.
 * @param product        product name.
 * @param quantity       number of units, positive.
 * @param unitPriceCents price of one unit in cents, not negative.
 */
public record Order(String id, String customer, String product, int quantity, long unitPriceCents)
{
}
