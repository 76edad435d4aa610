package io.kekbit.sample.orders;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Live in-memory view of the order journal: orders by id and totals per product and per customer. The listener
 * thread {@link #apply applies} records in channel order; HTTP threads read snapshots.
 * <p>
 * Thread-safe: every method runs under this object's monitor, and readers get immutable snapshots. The view is
 * rebuilt from the start of the channel at each start-up (the journal is the source of truth).
 */
public final class OrderView
{
    private final Map<String, JournalledOrder> ordersById = new HashMap<>();
    private final Map<String, Totals> byProduct = new TreeMap<>();
    private final Map<String, Totals> byCustomer = new TreeMap<>();
    private BigDecimal amount = BigDecimal.ZERO;
    private long duplicates;
    private long lastPosition = -1;

    /**
     * Applies one journalled order. An id seen before is counted as a duplicate and changes nothing else.
     *
     * @param order    the order read from the channel.
     * @param position channel position of its record.
     * @return {@code true} when applied, {@code false} for a duplicate id.
     */
    public synchronized boolean apply(final Order order, final long position)
    {
        lastPosition = position;
        if (ordersById.putIfAbsent(order.id(), new JournalledOrder(order, position)) != null)
        {
            duplicates++;
            return false;
        }
        byProduct.merge(order.product(), Totals.NONE.plus(order), (old, ignored) -> old.plus(order));
        byCustomer.merge(order.customer(), Totals.NONE.plus(order), (old, ignored) -> old.plus(order));
        amount = amount.add(order.amount());
        return true;
    }

    /**
     * Looks an order up.
     *
     * @param id order id.
     * @return the order with its position, or empty when the view has not seen it (yet).
     */
    public synchronized Optional<JournalledOrder> find(final String id)
    {
        return Optional.ofNullable(ordersById.get(id));
    }

    /**
     * Takes a consistent snapshot of the totals.
     *
     * @return the summary.
     */
    public synchronized OrderSummary summary()
    {
        return new OrderSummary(
            ordersById.size(),
            duplicates,
            amount,
            lastPosition,
            Collections.unmodifiableSortedMap(new TreeMap<>(byProduct)),
            Collections.unmodifiableSortedMap(new TreeMap<>(byCustomer)));
    }
}
