package io.kekbit.sample.orders;

/**
 * An order as seen by the view, with where it sits in the channel. Immutable, so thread-safe.
 *
 * @param order    the order.
 * @param position channel position of its record (the kekbit reader position of the record's start).
 */
public record JournalledOrder(Order order, long position)
{
}
