package io.kekbit.sample.stream.invoicing;

import io.kekbit.sample.stream.model.Invoice;
import io.kekbit.sample.stream.model.Order;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import java.util.Map;
import java.util.function.Function;

/**
 * Application 1 of the pipeline: orders come in over HTTP ({@link OrderController}) and leave on the {@code orders}
 * destination; the {@code invoice} function reads them back (group {@code invoicing}) and writes one {@link Invoice}
 * per order to the {@code invoices} destination. Which binder carries the destinations is configuration only: profile
 * {@code kekbit} or {@code kafka} (see {@code application.yaml}).
 */
@SpringBootApplication(proxyBeanMethods = false)
public class InvoicingApplication
{
    /** Header the invoice function adds to each invoice: the id of the invoiced order. */
    public static final String ORDER_ID_HEADER = "sample_orderId";

    /**
     * The {@code invoice} function, bound as {@code invoice-in-0} (orders) and {@code invoice-out-0} (invoices).
     *
     * @return a stateless, thread-safe function.
     */
    @Bean
    public Function<Order, Message<Invoice>> invoice()
    {
        return order -> MessageBuilder.withPayload(Invoice.of(order))
            .setHeader(ORDER_ID_HEADER, order.id())
            .build();
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot command-line arguments, for example {@code --spring.profiles.active=kekbit}.
     */
    public static void main(final String[] args)
    {
        final SpringApplication application = new SpringApplication(InvoicingApplication.class);
        application.setDefaultProperties(Map.of(
            "spring.application.name", "invoicing",
            "spring.config.name", "application,invoicing"));
        application.run(args);
    }
}
