package io.kekbit.sample.orders.audit;

import io.kekbit.sample.orders.Order;
import io.kekbit.spring.core.KekbitTemplate;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Appends one {@link AuditEntry} per accepted order to the roll writer {@value #WRITER}, a rolling journal: the
 * writer moves to a new segment when a record does not fit, and retention deletes the oldest segments once the
 * durable listener has read them. Not in the {@code consumer} profile. Thread-safe (the template is).
 */
@Component
@Profile("!consumer")
public final class AuditTrail
{
    /**
     * Name of the roll writer, a key of {@code kekbit.writers} with {@code roll.enabled=true}.
     */
    public static final String WRITER = "audit";

    private final KekbitTemplate kekbit;

    /**
     * Creates the audit trail.
     *
     * @param kekbit the starter's template.
     */
    public AuditTrail(final KekbitTemplate kekbit)
    {
        this.kekbit = kekbit;
    }

    /**
     * Audits one accepted order.
     *
     * @param order         the order, already journalled.
     * @param orderPosition position of the order's record in the {@code orders} channel.
     * @return journal position of the audit record: the segment in the high 32 bits, the offset in the low 32 bits.
     * @throws io.kekbit.spring.core.KekbitSendException when the journal refuses the record (its writer is closed).
     */
    public long record(final Order order, final long orderPosition)
    {
        return kekbit.send(
            WRITER, new AuditEntry(order.id(), order.customer(), order.amount(), order.placedAt(), orderPosition));
    }
}
