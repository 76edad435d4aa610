package io.kekbit.sample.orders;

import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the live view: {@code GET /orders/{id}} and {@code GET /orders/summary}. Not in the {@code producer}
 * profile. Thread-safe (the view is).
 */
@RestController
@RequestMapping("/orders")
@Profile("!producer")
public final class OrderViewController
{
    private final OrderView view;

    /**
     * Creates the controller.
     *
     * @param view the view the listener fills.
     */
    public OrderViewController(final OrderView view)
    {
        this.view = view;
    }

    /**
     * One order, once the listener has read it.
     *
     * @param id order id.
     * @return 200 with the order and its channel position, or 404 when the view has not seen it (yet).
     */
    @GetMapping("/{id}")
    public ResponseEntity<JournalledOrder> order(@PathVariable("id") final String id)
    {
        return ResponseEntity.of(view.find(id));
    }

    /**
     * Totals over every order read so far.
     *
     * @return the summary.
     */
    @GetMapping("/summary")
    public OrderSummary summary()
    {
        return view.summary();
    }
}
