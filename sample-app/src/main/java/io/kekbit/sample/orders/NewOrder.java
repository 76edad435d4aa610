package io.kekbit.sample.orders;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * Body of {@code POST /orders}. Every field but {@code id} is required; a missing id is generated. Immutable.
 *
 * @param id        optional order id (letters, digits, {@code -} and {@code _}, at most 64 characters).
 * @param customer  customer who places the order.
 * @param product   product ordered.
 * @param quantity  number of units, at least 1.
 * @param unitPrice price of one unit, zero or more.
 */
public record NewOrder(String id, String customer, String product, Integer quantity, BigDecimal unitPrice)
{
    private static final int MAX_TEXT_LENGTH = 64;

    /**
     * Validates this request and turns it into the journalled order.
     *
     * @param now acceptance time.
     * @return the order to write.
     * @throws IllegalArgumentException naming the first invalid field.
     */
    public Order toOrder(final Instant now)
    {
        final String orderId = id == null ? UUID.randomUUID().toString() : checkText("id", id);
        if (!orderId.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_'))
        {
            throw new IllegalArgumentException("id may only hold letters, digits, '-' and '_': id=" + orderId);
        }
        if (quantity == null || quantity < 1)
        {
            throw new IllegalArgumentException("quantity must be at least 1: quantity=" + quantity);
        }
        if (unitPrice == null || unitPrice.signum() < 0)
        {
            throw new IllegalArgumentException("unitPrice must be zero or more: unitPrice=" + unitPrice);
        }
        return new Order(
            orderId, checkText("customer", customer), checkText("product", product), quantity, unitPrice, now);
    }

    private static String checkText(final String field, final String value)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > MAX_TEXT_LENGTH)
        {
            throw new IllegalArgumentException(field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value;
    }
}
