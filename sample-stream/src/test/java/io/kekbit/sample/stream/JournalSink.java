package io.kekbit.sample.stream;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A Spring Cloud Stream consumer on the kekbit binder in its own application context, collecting what a journal
 * delivers: the local reader of what the {@code feed} bridge writes. Thread-safe reads of {@link #messages()}.
 */
final class JournalSink implements AutoCloseable
{
    private final ConfigurableApplicationContext context;
    private final List<Message<byte[]>> messages;

    private JournalSink(final ConfigurableApplicationContext context, final List<Message<byte[]>> messages)
    {
        this.context = context;
        this.messages = messages;
    }

    static JournalSink start(final Path kekbitRoot, final String destination, final String group)
    {
        final List<Message<byte[]>> messages = new CopyOnWriteArrayList<>();
        final ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
            .web(WebApplicationType.NONE)
            .initializers(ctx -> ctx.getBeanFactory().registerSingleton("collected", messages))
            .properties(
                "spring.main.banner-mode=off",
                "spring.application.name=journal-sink",
                "spring.cloud.function.definition=sink",
                "spring.cloud.stream.bindings.sink-in-0.binder=kekbit",
                "spring.cloud.stream.bindings.sink-in-0.destination=" + destination,
                "spring.cloud.stream.bindings.sink-in-0.group=" + group)
            .run("--sample.kekbit-root=" + kekbitRoot.toAbsolutePath());
        return new JournalSink(context, messages);
    }

    List<Message<byte[]>> messages()
    {
        return messages;
    }

    @Override
    public void close()
    {
        context.close();
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Config
    {
        @Bean
        Consumer<Message<byte[]>> sink(final List<Message<byte[]>> collected)
        {
            return collected::add;
        }
    }
}
