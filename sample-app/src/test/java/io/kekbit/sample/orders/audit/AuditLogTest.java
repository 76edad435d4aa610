package io.kekbit.sample.orders.audit;

import io.kekbit.journal.JournalPosition;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest
{
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final AuditLog log = new AuditLog();

    @Test
    void shouldStartEmpty()
    {
        assertThat(log.summary()).isEqualTo(
            new AuditSummary(0, BigDecimal.ZERO, null, -1, -1, null, -1, -1, 0, 0));
    }

    @Test
    void shouldCountRecordsAmountAndSegmentsAcrossRolls()
    {
        log.apply(entry("o-1", "1.50"), JournalPosition.of(3, 32));
        log.apply(entry("o-2", "2.00"), JournalPosition.of(3, 160));
        log.apply(entry("o-3", "0.25"), JournalPosition.of(4, 0));
        log.apply(entry("o-4", "1"), JournalPosition.of(6, 8));

        final AuditSummary summary = log.summary();
        assertThat(summary.records()).isEqualTo(4);
        assertThat(summary.amount()).isEqualByComparingTo("4.75");
        assertThat(summary.lastOrderId()).isEqualTo("o-4");
        assertThat(summary.firstPosition()).isEqualTo(JournalPosition.of(3, 32));
        assertThat(summary.lastPosition()).isEqualTo(JournalPosition.of(6, 8));
        assertThat(summary.journalPosition()).isEqualTo("6:8");
        assertThat(summary.firstSegment()).isEqualTo(3);
        assertThat(summary.lastSegment()).isEqualTo(6);
        assertThat(summary.segments()).isEqualTo(3);
        assertThat(summary.outOfOrder()).isZero();
    }

    @Test
    void shouldCountAPositionThatDoesNotGrowAsOutOfOrder()
    {
        log.apply(entry("o-1", "1"), JournalPosition.of(1, 64));
        log.apply(entry("o-2", "1"), JournalPosition.of(1, 64));
        log.apply(entry("o-3", "1"), JournalPosition.of(0, 128));

        final AuditSummary summary = log.summary();
        assertThat(summary.records()).isEqualTo(3);
        assertThat(summary.outOfOrder()).isEqualTo(2);
        assertThat(summary.segments()).isEqualTo(1);
        assertThat(summary.journalPosition()).isEqualTo("0:128");
    }

    @Test
    void shouldReturnSnapshotsThatLaterRecordsDoNotChange()
    {
        log.apply(entry("o-1", "1"), JournalPosition.of(0, 32));
        final AuditSummary before = log.summary();

        log.apply(entry("o-2", "1"), JournalPosition.of(1, 0));

        assertThat(before.records()).isEqualTo(1);
        assertThat(before.lastOrderId()).isEqualTo("o-1");
    }

    private static AuditEntry entry(final String orderId, final String amount)
    {
        return new AuditEntry(orderId, "alice", new BigDecimal(amount), NOW, 0);
    }
}
