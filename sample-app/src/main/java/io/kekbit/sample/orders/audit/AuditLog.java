package io.kekbit.sample.orders.audit;

import io.kekbit.journal.JournalPosition;

import java.math.BigDecimal;

/**
 * Running statistics of the audit journal as the listener reads it: records, amount, and where they came from
 * (positions and segments). Counts start at 0 in each process; the listener's durable position makes a restarted
 * consumer go on from the first record it has not read, so a record is counted once over restarts.
 * <p>
 * Thread-safe: every method runs under this object's monitor, and readers get immutable snapshots.
 */
public final class AuditLog
{
    private long records;
    private BigDecimal amount = BigDecimal.ZERO;
    private String lastOrderId;
    private long firstPosition = -1;
    private long lastPosition = -1;
    private long segments;
    private long outOfOrder;

    /**
     * Applies one audit record.
     *
     * @param entry    the record read from the journal.
     * @param position its journal position (segment in the high 32 bits, offset in the low 32 bits).
     */
    public synchronized void apply(final AuditEntry entry, final long position)
    {
        if (records == 0)
        {
            firstPosition = position;
            segments = 1;
        }
        else if (position <= lastPosition)
        {
            outOfOrder++;
        }
        else if (JournalPosition.segment(position) != JournalPosition.segment(lastPosition))
        {
            segments++;
        }
        records++;
        amount = amount.add(entry.amount());
        lastOrderId = entry.orderId();
        lastPosition = position;
    }

    /**
     * Takes a consistent snapshot.
     *
     * @return the summary.
     */
    public synchronized AuditSummary summary()
    {
        final boolean empty = records == 0;
        return new AuditSummary(
            records,
            amount,
            lastOrderId,
            firstPosition,
            lastPosition,
            empty ? null : JournalPosition.toString(lastPosition),
            empty ? -1 : JournalPosition.segment(firstPosition),
            empty ? -1 : JournalPosition.segment(lastPosition),
            segments,
            outOfOrder);
    }
}
