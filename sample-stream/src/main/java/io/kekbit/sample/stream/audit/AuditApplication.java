package io.kekbit.sample.stream.audit;

import io.kekbit.sample.stream.invoicing.InvoicingApplication;
import io.kekbit.sample.stream.model.Invoice;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Application 2 of the pipeline: the {@code audit} consumer (binding {@code audit-in-0}, destination
 * {@code invoices}, group {@code audit}) appends one line per invoice to the file {@code sample.audit.file}. The line
 * holds only what the invoice and its headers say, so the same orders give the same file on every binder.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class AuditApplication
{
    /**
     * The audit file the consumer appends to.
     *
     * @param file path from {@code sample.audit.file}, default {@code audit.log} in the working directory.
     * @return the file, created on first use.
     */
    @Bean
    public AuditFile auditFile(@Value("${sample.audit.file:audit.log}") final Path file)
    {
        return new AuditFile(file);
    }

    /**
     * The {@code audit} consumer.
     *
     * @param auditFile where the lines go.
     * @return a consumer; Spring Cloud Stream calls it from one thread per binding.
     */
    @Bean
    public Consumer<Message<Invoice>> audit(final AuditFile auditFile)
    {
        return message -> auditFile.append(line(message));
    }

    /**
     * The audit line of an invoice.
     *
     * @param message the invoice with its headers.
     * @return one line, without the line separator.
     */
    static String line(final Message<Invoice> message)
    {
        final Invoice invoice = message.getPayload();
        return "invoice " + invoice.orderId() + " customer=" + invoice.customer() + " product=" + invoice.product() +
            " quantity=" + invoice.quantity() + " net=" + invoice.netCents() + " tax=" + invoice.taxCents() +
            " total=" + invoice.totalCents() + " header.orderId=" +
            message.getHeaders().get(InvoicingApplication.ORDER_ID_HEADER);
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot command-line arguments, for example {@code --spring.profiles.active=kekbit}.
     */
    public static void main(final String[] args)
    {
        final SpringApplication application = new SpringApplication(AuditApplication.class);
        application.setDefaultProperties(Map.of(
            "spring.application.name", "audit",
            "spring.config.name", "application,audit"));
        application.run(args);
    }
}
