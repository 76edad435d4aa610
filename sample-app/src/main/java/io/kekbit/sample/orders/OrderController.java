package io.kekbit.sample.orders;

import io.kekbit.journal.JournalPosition;
import io.kekbit.sample.orders.audit.AuditTrail;
import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Instant;

/**
 * Accepts orders: {@code POST /orders} validates the order, writes it, as JSON, to the kekbit writer {@value #WRITER},
 * then appends its audit record to the audit journal ({@link AuditTrail}). Answers 202 Accepted: the view catches up
 * a few microseconds later, in this process or in the consumer process. Not in the {@code consumer} profile.
 * Thread-safe (the template and the audit trail are).
 */
@RestController
@RequestMapping("/orders")
@Profile("!consumer")
public final class OrderController
{
    /**
     * Name of the writer, a key of {@code kekbit.writers}.
     */
    public static final String WRITER = "orders";

    /**
     * Response header holding the channel position of the order's record.
     */
    public static final String POSITION_HEADER = "Kekbit-Position";

    /**
     * Response header holding the journal position of the order's audit record ({@code segment:offset}).
     */
    public static final String AUDIT_POSITION_HEADER = "Kekbit-Audit-Position";

    private final KekbitTemplate kekbit;
    private final AuditTrail audit;

    /**
     * Creates the controller.
     *
     * @param kekbit the starter's template.
     * @param audit  the audit trail.
     */
    public OrderController(final KekbitTemplate kekbit, final AuditTrail audit)
    {
        this.kekbit = kekbit;
        this.audit = audit;
    }

    /**
     * Journals one order.
     *
     * @param request the order; a missing id is generated.
     * @return 202 with the journalled order, its location in the view, in {@value #POSITION_HEADER} the channel
     *         position of its record and in {@value #AUDIT_POSITION_HEADER} the journal position of its audit record.
     */
    @PostMapping
    public ResponseEntity<Order> place(@RequestBody final NewOrder request)
    {
        final Order order = request.toOrder(Instant.now());
        final long position = kekbit.send(WRITER, order);
        final long auditPosition = audit.record(order, position);
        final URI location = ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}").buildAndExpand(order.id()).toUri();
        return ResponseEntity.accepted()
            .location(location)
            .header(POSITION_HEADER, Long.toString(position))
            .header(AUDIT_POSITION_HEADER, JournalPosition.toString(auditPosition))
            .body(order);
    }

    /**
     * An invalid order: 400 with the reason.
     *
     * @param ex the validation failure.
     * @return the problem.
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ProblemDetail invalidOrder(final IllegalArgumentException ex)
    {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
    }

    /**
     * The channel cannot take the order (full, closed), or the audit journal its audit record (closed): 503 with the
     * reason, which names the channel. An order refused by the audit journal stays in the order channel.
     *
     * @param ex the send failure.
     * @return the problem.
     */
    @ExceptionHandler(KekbitSendException.class)
    public ProblemDetail journalUnavailable(final KekbitSendException ex)
    {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
    }
}
