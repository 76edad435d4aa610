package io.kekbit.sample.stream.invoicing;

import io.kekbit.sample.stream.model.Order;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/**
 * {@code POST /orders}: publishes the order to the output binding {@code orders-out-0} (destination {@code orders})
 * and answers 202 with its id once the binder accepted it. Thread-safe (StreamBridge is).
 */
@RestController
final class OrderController
{
    /**
     * Output binding of the orders, created by the first send (its destination is in {@code invoicing.yaml}).
     */
    static final String ORDERS_BINDING = "orders-out-0";

    private final StreamBridge streamBridge;

    OrderController(final StreamBridge streamBridge)
    {
        this.streamBridge = streamBridge;
    }

    @PostMapping("/orders")
    ResponseEntity<Map<String, String>> place(@RequestBody final Order order)
    {
        if (order.id() == null || order.id().isBlank())
        {
            return ResponseEntity.badRequest().body(Map.of("error", "order id is missing"));
        }
        if (!streamBridge.send(ORDERS_BINDING, order))
        {
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("error", "the binder did not accept order " + order.id()));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("id", order.id()));
    }
}
