package io.kekbit.sample.orders.audit;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the audit statistics: {@code GET /audit/summary}. Not in the {@code producer} profile. Thread-safe (the log
 * is).
 */
@RestController
@RequestMapping("/audit")
@Profile("!producer")
public final class AuditController
{
    private final AuditLog log;

    /**
     * Creates the controller.
     *
     * @param log the statistics the listener keeps.
     */
    public AuditController(final AuditLog log)
    {
        this.log = log;
    }

    /**
     * Statistics of the audit records read so far by this process.
     *
     * @return the summary.
     */
    @GetMapping("/summary")
    public AuditSummary summary()
    {
        return log.summary();
    }
}
