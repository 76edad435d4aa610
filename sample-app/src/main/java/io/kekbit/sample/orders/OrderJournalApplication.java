package io.kekbit.sample.orders;

import io.kekbit.sample.orders.audit.AuditLog;
import io.kekbit.sample.orders.load.LoadCheck;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Profile;

/**
 * Order journal application. Profiles: none (the default) runs the producer and the consumer halves in one process;
 * {@code producer} runs only {@code POST /orders} and the writer; {@code consumer} runs only the listener and the view
 * endpoints. Both halves find the {@code orders} channel, the {@code audit} journal and the checked {@code load}
 * channel through the shared {@code kekbit.root-path}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public final class OrderJournalApplication
{
    /**
     * The in-memory view the listener fills, in every process that consumes.
     *
     * @return a new, empty view.
     */
    @Bean
    @Profile("!producer")
    OrderView orderView()
    {
        return new OrderView();
    }

    /**
     * The audit statistics the audit journal's listener keeps, in every process that consumes.
     *
     * @return a new, empty log.
     */
    @Bean
    @Profile("!producer")
    AuditLog auditLog()
    {
        return new AuditLog();
    }

    /**
     * The check of the {@code load} channel the load listener feeds, in every process that consumes.
     *
     * @return a new, empty check.
     */
    @Bean
    @Profile("!producer")
    LoadCheck loadCheck()
    {
        return new LoadCheck();
    }

    /**
     * Starts the application.
     *
     * @param args Spring Boot command-line arguments, for example {@code --spring.profiles.active=consumer}.
     */
    public static void main(final String[] args)
    {
        SpringApplication.run(OrderJournalApplication.class, args);
    }
}
