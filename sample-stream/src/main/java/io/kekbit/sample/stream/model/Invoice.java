package io.kekbit.sample.stream.model;

/**
 * The invoice of one {@link Order}. Immutable, thread-safe.
 *
 * @param orderId    id of the invoiced order.
 * @param customer   customer id.
 * @param product    product name.
 * @param quantity   number of units.
 * @param netCents   quantity times unit price, in cents.
 * @param taxCents   tax on the net amount, in cents, rounded half up.
 * @param totalCents net plus tax, in cents.
 */
public record Invoice(String orderId, String customer, String product, int quantity, long netCents, long taxCents,
    long totalCents)
{
    /** Tax rate, in percent. */
    public static final long TAX_PERCENT = 20;

    /**
     * Invoices an order.
     *
     * @param order the order.
     * @return its invoice.
     * @throws IllegalArgumentException when the quantity is not positive or the unit price is negative, naming the
     *                                  field and the order.
     */
    public static Invoice of(final Order order)
    {
        if (order.quantity() <= 0)
        {
            throw new IllegalArgumentException("order quantity must be positive: id=" + order.id() + ", quantity=" +
                order.quantity());
        }
        if (order.unitPriceCents() < 0)
        {
            throw new IllegalArgumentException("order unitPriceCents must not be negative: id=" + order.id() +
                ", unitPriceCents=" + order.unitPriceCents());
        }
        final long net = Math.multiplyExact(order.quantity(), order.unitPriceCents());
        final long tax = (net * TAX_PERCENT + 50) / 100;
        return new Invoice(order.id(), order.customer(), order.product(), order.quantity(), net, tax, net + tax);
    }
}
