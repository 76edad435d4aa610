package io.kekbit.sample.orders.audit;

import io.kekbit.spring.listener.KekbitHeaders;
import io.kekbit.spring.listener.KekbitListener;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Reads the audit journal into the {@link AuditLog}: one call per record, on the listener's own thread, in journal
 * order across segments. The reader {@code kekbit.readers.audit} has {@code roll: true} and {@code start-from:
 * durable}: its position is saved in the journal's folder, which also stops retention from deleting a segment this
 * listener has not finished. Not in the {@code producer} profile. Thread-safe (the log is).
 */
@Component
@Profile("!producer")
public final class AuditListener
{
    /**
     * Listener id: names its thread, its durable position file, its health component and its metrics tags.
     */
    public static final String ID = "audit-log";

    private final AuditLog log;

    /**
     * Creates the listener.
     *
     * @param log the statistics to keep.
     */
    public AuditListener(final AuditLog log)
    {
        this.log = log;
    }

    /**
     * Applies one audit record, converted from its JSON record.
     *
     * @param entry    the record.
     * @param position journal position of the record.
     */
    @KekbitListener(channel = "audit", id = ID)
    public void onAudit(final AuditEntry entry, @Header(KekbitHeaders.POSITION) final long position)
    {
        log.apply(entry, position);
    }
}
