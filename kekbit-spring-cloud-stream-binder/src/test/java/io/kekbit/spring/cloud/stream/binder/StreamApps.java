package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

/**
 * Starts real Spring Cloud Stream applications on the kekbit binder for the tests: a consumer function that records
 * what it receives (and can be told to fail), and StreamBridge for sending.
 */
final class StreamApps
{
    private StreamApps()
    {
    }

    /**
     * Starts an application.
     *
     * @param root       the binder root.
     * @param properties extra properties, {@code key=value}.
     * @return the running context.
     */
    static ConfigurableApplicationContext start(final Path root, final String... properties)
    {
        return start(root, WebApplicationType.NONE, properties);
    }

    static ConfigurableApplicationContext start(final Path root, final WebApplicationType web,
        final String... properties)
    {
        return start(root, web, new Class<?>[0], properties);
    }

    /**
     * Starts an application with more configuration classes.
     *
     * @param root       the binder root.
     * @param web        the web application type.
     * @param extra      configuration classes added to the test application.
     * @param properties extra properties, {@code key=value}.
     * @return the running context.
     */
    static ConfigurableApplicationContext start(final Path root, final WebApplicationType web, final Class<?>[] extra,
        final String... properties)
    {
        final List<String> all = new ArrayList<>();
        all.add("spring.cloud.stream.kekbit.binder.root-path=" + root);
        all.add("kekbit.root-path=" + root);
        all.add("spring.main.banner-mode=off");
        all.add("spring.jmx.enabled=false");
        Collections.addAll(all, properties);
        final Class<?>[] sources = new Class<?>[extra.length + 1];
        sources[0] = App.class;
        System.arraycopy(extra, 0, sources, 1, extra.length);
        return new SpringApplicationBuilder(sources)
            .web(web)
            .properties(all.toArray(new String[0]))
            .run();
    }

    /** The test application: a consumer function recording the messages it gets. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App
    {
        @Bean
        Received received()
        {
            return new Received();
        }

        @Bean
        Consumer<Message<String>> sink(final Received received)
        {
            return received::accept;
        }
    }

    /** What the sink received; a message whose payload starts with "fail" throws (after being recorded). */
    static final class Received
    {
        final List<Message<String>> messages = Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());

        void accept(final Message<String> message)
        {
            threads.add(Thread.currentThread());
            messages.add(message);
            if (message.getPayload().startsWith("fail"))
            {
                throw new IllegalStateException("refused " + message.getPayload());
            }
        }

        List<String> payloads()
        {
            synchronized (messages)
            {
                return messages.stream().map(Message::getPayload).toList();
            }
        }
    }
}
