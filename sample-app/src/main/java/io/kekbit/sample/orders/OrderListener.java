package io.kekbit.sample.orders;

import io.kekbit.spring.listener.KekbitHeaders;
import io.kekbit.spring.listener.KekbitListener;
import org.springframework.context.annotation.Profile;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Folds the order journal into the {@link OrderView}: one call per record of the channel, on the listener's own
 * thread, in channel order. Not in the {@code producer} profile. Thread-safe (the view is).
 */
@Component
@Profile("!producer")
public final class OrderListener
{
    /**
     * Listener id: names its thread, its health component and its metrics tags.
     */
    public static final String ID = "order-view";

    private final OrderView view;

    /**
     * Creates the listener.
     *
     * @param view the view to fill.
     */
    public OrderListener(final OrderView view)
    {
        this.view = view;
    }

    /**
     * Applies one order, converted from its JSON record.
     *
     * @param order    the order.
     * @param position channel position of the record.
     */
    @KekbitListener(channel = "orders", id = ID)
    public void onOrder(final Order order, @Header(KekbitHeaders.POSITION) final long position)
    {
        view.apply(order, position);
    }
}
