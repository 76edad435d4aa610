package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The binder README's example, as written: a function from orders to invoices with a durable group.
 */
class ReadmeExampleTests
{
    @TempDir
    Path root;

    @Test
    void shouldRunTheReadmeFunction()
    {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(Billing.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.cloud.function.definition=bill;sink",
                "spring.cloud.stream.kekbit.binder.root-path=" + root,
                "spring.cloud.stream.bindings.bill-in-0.destination=orders",
                "spring.cloud.stream.bindings.bill-in-0.group=billing",
                "spring.cloud.stream.bindings.bill-out-0.destination=invoices",
                "spring.cloud.stream.bindings.sink-in-0.destination=invoices",
                "spring.cloud.stream.bindings.sink-in-0.group=audit",
                "spring.cloud.stream.bindings.out.destination=orders")
            .run())
        {
            app.getBean(StreamBridge.class).send("out",
                MessageBuilder.withPayload("order 42").setHeader("tenant", "acme").build());
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.messages.size() == 1);
            assertThat(received.payloads()).containsExactly("invoice for order 42");
            assertThat(received.messages.get(0).getHeaders().get("tenant")).isEqualTo("acme");
        }
    }

    /** The README's application, plus the test's recording sink. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(StreamApps.App.class)
    static class Billing
    {
        @Bean
        Function<Message<String>, Message<String>> bill()
        {
            return order -> MessageBuilder.withPayload("invoice for " + order.getPayload())
                .setHeader("tenant", order.getHeaders().get("tenant"))
                .build();
        }
    }
}
