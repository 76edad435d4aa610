package io.kekbit.sample.orders.audit;

import java.math.BigDecimal;

/**
 * Snapshot of the {@link AuditLog}, served by {@code GET /audit/summary}. Immutable, so thread-safe.
 *
 * @param records         audit records read since this process started.
 * @param amount          sum of their amounts.
 * @param lastOrderId     order id of the last record, or {@code null} before the first.
 * @param firstPosition   journal position of the first record read, or {@code -1} before the first.
 * @param lastPosition    journal position of the last record read, or {@code -1} before the first.
 * @param journalPosition {@code lastPosition} as {@code segment:offset}, or {@code null} before the first.
 * @param firstSegment    segment of the first record read, or {@code -1}.
 * @param lastSegment     segment of the last record read, or {@code -1}.
 * @param segments        distinct segments the records came from.
 * @param outOfOrder      records whose position was not above the previous one (always 0: the journal reader never
 *                        repeats or reorders a record, also at a roll).
 */
public record AuditSummary(
    long records,
    BigDecimal amount,
    String lastOrderId,
    long firstPosition,
    long lastPosition,
    String journalPosition,
    long firstSegment,
    long lastSegment,
    long segments,
    long outOfOrder)
{
}
