package io.kekbit.spring.observation.tracing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListener;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

/**
 * A child-JVM application with Brave tracing (Boot's tracing auto-configuration, every trace sampled), printing
 * each finished span as {@code SPAN name=... kind=... trace=... span=... parent=...}. Commands on stdin:
 * {@code send} sends {@code order-1} to the writer {@code orders} inside a {@code checkout} span and prints
 * {@code SENT trace=... span=...}; {@code exit} closes the context. With {@code --tracing-app.receiver=true} a
 * listener on {@code orders} prints {@code GOT <payload> trace=... span=...} from the span current in the listener.
 * Prints {@code STARTED} once the context is refreshed.
 */
@SpringBootApplication
public class TracingApp
{
    /**
     * Runs the application.
     *
     * @param args Spring Boot arguments.
     * @throws IOException when stdin fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final ConfigurableApplicationContext context = SpringApplication.run(TracingApp.class, args);
        print("STARTED");
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null)
        {
            if ("send".equals(line.trim()))
            {
                final Tracer tracer = context.getBean(Tracer.class);
                final Span span = tracer.nextSpan().name("checkout").start();
                try (Tracer.SpanInScope scope = tracer.withSpan(span))
                {
                    context.getBean(KekbitTemplate.class).send("orders", "order-1");
                    print("SENT trace=" + span.context().traceId() + " span=" + span.context().spanId());
                }
                finally
                {
                    span.end();
                }
            }
            else if ("exit".equals(line.trim()))
            {
                break;
            }
        }
        context.close();
    }

    static void print(final String line)
    {
        synchronized (System.out)
        {
            System.out.println(line);
            System.out.flush();
        }
    }

    /**
     * Prints every finished span.
     *
     * @return the span handler Boot's Brave configuration adds to the tracer.
     */
    @Bean
    SpanHandler printingSpanHandler()
    {
        return new SpanHandler()
        {
            @Override
            public boolean end(final TraceContext context, final MutableSpan span, final Cause cause)
            {
                print("SPAN name=" + span.name() + " kind=" + span.kind() + " trace=" + context.traceIdString() +
                    " span=" + context.spanIdString() + " parent=" + context.parentIdString());
                return true;
            }
        };
    }

    /** The receiving side: prints the span current while the listener runs. */
    @Component
    @ConditionalOnBooleanProperty("tracing-app.receiver")
    static class Receiver
    {
        private final Tracer tracer;

        Receiver(final Tracer tracer)
        {
            this.tracer = tracer;
        }

        @KekbitListener(channel = "orders", id = "traced", startFrom = "beginning")
        void onOrder(final String order)
        {
            final Span span = tracer.currentSpan();
            print("GOT " + order + (span == null ? " trace=none span=none" :
                " trace=" + span.context().traceId() + " span=" + span.context().spanId()));
        }
    }
}
