package io.kekbit.spring.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitHeaders;
import io.kekbit.spring.listener.KekbitListener;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * The README's example as a child-JVM application: a writer {@code orders}, a durable listener {@code order-view} and
 * a listener {@code replay} reading from the beginning, both printing what they receive. Commands on stdin:
 * {@code send <from> <to>} sends {@code order-<n>} for n in [from, to) and prints {@code SENT <to>}; {@code exit}
 * closes the context. Prints {@code STARTED <pid>} once the context is refreshed.
 */
@SpringBootApplication
public class ExampleApp
{
    /**
     * Runs the application.
     *
     * @param args Spring Boot arguments ({@code --kekbit.root-path=...} and the writer and reader properties).
     * @throws IOException when stdin fails.
     */
    public static void main(final String[] args) throws IOException
    {
        final ConfigurableApplicationContext context = SpringApplication.run(ExampleApp.class, args);
        final KekbitTemplate template = context.getBean(KekbitTemplate.class);
        System.out.println("STARTED " + ProcessHandle.current().pid());
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null)
        {
            final String[] words = line.trim().split(" ");
            if ("send".equals(words[0]))
            {
                final int to = Integer.parseInt(words[2]);
                for (int i = Integer.parseInt(words[1]); i < to; i++)
                {
                    template.send("orders", "order-" + i);
                }
                System.out.println("SENT " + to);
                System.out.flush();
            }
            else if ("exit".equals(words[0]))
            {
                break;
            }
        }
        context.close();
    }

    /** The README's listener, printing each order; the durable one. */
    @Component
    static class OrderView
    {
        @KekbitListener(channel = "orders", id = "order-view")
        void onOrder(final String order, @Header(KekbitHeaders.POSITION) final long position)
        {
            System.out.println("GOT " + order);
            System.out.flush();
        }
    }

    /** Reads the whole channel at each start. */
    @Component
    static class Replay
    {
        @KekbitListener(channel = "orders", id = "replay", startFrom = "beginning")
        void onOrder(final String order)
        {
            System.out.println("REPLAY " + order);
            System.out.flush();
        }
    }
}
