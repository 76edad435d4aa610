/**
 * Audit trail of the order journal, on a rolling journal: every accepted order appends one JSON
 * {@link io.kekbit.sample.orders.audit.AuditEntry} to the roll writer {@code audit} (64 KiB segments, at most 8 kept),
 * and a durable {@code @KekbitListener} reads the journal across its segments into an
 * {@link io.kekbit.sample.orders.audit.AuditLog} served by {@code GET /audit/summary}. Unlike the {@code orders}
 * channel, the journal outlives restarts: the writer continues it and the listener resumes from its durable position.
 */
package io.kekbit.sample.orders.audit;
