package io.kekbit.sample.orders;

import io.kekbit.core.KekbitException;
import io.kekbit.journal.JournalPosition;
import io.kekbit.sample.orders.audit.AuditTrail;
import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;
import org.springframework.context.annotation.Profile;
import org.springframework.core.log.LogAccessor;
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
 * <p>
 * Two writes that must both succeed or be reported, and a record once written cannot be taken back: the answer says
 * exactly what was written, so a client never retries an order that is already journalled.
 * <ul>
 *   <li>The order write fails: nothing was written; 503 says so, and a retry is safe.</li>
 *   <li>The order is written and its audit record fails: the order stands (consumers see it), so the answer is 202
 *       with the order's position, no {@value #AUDIT_POSITION_HEADER}, and the reason in {@value #AUDIT_ERROR_HEADER};
 *       the missing audit record is logged with the order id and position for repair, and the audit writer's health
 *       is DOWN while its writes fail.</li>
 * </ul>
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

    /**
     * Response header present when the order was journalled but its audit record could not be written: the reason.
     */
    public static final String AUDIT_ERROR_HEADER = "Kekbit-Audit-Error";

    private static final LogAccessor LOG = new LogAccessor(OrderController.class);

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
        // Throws when nothing was written: the handlers below answer 503, and a retry is safe.
        final long position = kekbit.send(WRITER, order);
        final URI location = ServletUriComponentsBuilder.fromCurrentRequest()
            .path("/{id}").buildAndExpand(order.id()).toUri();
        final ResponseEntity.BodyBuilder response = ResponseEntity.accepted()
            .location(location)
            .header(POSITION_HEADER, Long.toString(position));
        try
        {
            response.header(AUDIT_POSITION_HEADER, JournalPosition.toString(audit.record(order, position)));
        }
        catch (final KekbitSendException | KekbitException ex)
        {
            // The order is journalled and stays: answering with an error would make the client send it again.
            LOG.error(ex, () -> "order " + order.id() + " journalled at position " + position + " of writer '" +
                WRITER + "' has no audit record: " + ex.getMessage());
            response.header(AUDIT_ERROR_HEADER, oneLine(ex.getMessage()));
        }
        return response.body(order);
    }

    private static String oneLine(final String message)
    {
        return String.valueOf(message).replaceAll("[\\r\\n]+", " ");
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
     * The order channel cannot take the order (full, closed, or its storage failed): nothing was written, so 503
     * says a retry is safe, with the reason, which names the channel.
     *
     * @param ex the send failure.
     * @return the problem.
     */
    @ExceptionHandler({KekbitSendException.class, KekbitException.class})
    public ProblemDetail journalUnavailable(final RuntimeException ex)
    {
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
            "order not journalled (nothing was written; a retry is safe): " + ex.getMessage());
    }
}
