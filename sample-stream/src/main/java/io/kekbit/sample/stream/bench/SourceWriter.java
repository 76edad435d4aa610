package io.kekbit.sample.stream.bench;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.MimeTypeUtils;

import java.nio.file.Path;

/**
 * A Spring Cloud Stream producer on the kekbit binder, in its own application context: what writes the journal a
 * bridge mirrors. Records go to the output binding {@code source-out-0} (created by the first send) as raw bytes.
 * Not thread-safe: one writing thread ({@link StreamBridge} is thread-safe, but the journal's order is the order of
 * the calls).
 */
public final class SourceWriter implements AutoCloseable
{
    private static final String BINDING = "source-out-0";

    private final ConfigurableApplicationContext context;
    private final StreamBridge streamBridge;

    private SourceWriter(final ConfigurableApplicationContext context)
    {
        this.context = context;
        this.streamBridge = context.getBean(StreamBridge.class);
    }

    /**
     * Starts the producer.
     *
     * @param kekbitRoot  root folder of the journals ({@code sample.kekbit-root}).
     * @param destination the journal's destination name.
     * @param properties  more properties, {@code name=value}, for example the binding's
     *                    {@code spring.cloud.stream.kekbit.bindings.source-out-0.producer.capacity}.
     * @return the running producer.
     */
    public static SourceWriter start(final Path kekbitRoot, final String destination, final String... properties)
    {
        final String[] args = new String[properties.length + 1];
        args[0] = "--sample.kekbit-root=" + kekbitRoot.toAbsolutePath();
        for (int i = 0; i < properties.length; i++)
        {
            args[i + 1] = "--" + properties[i];
        }
        final ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
            .web(WebApplicationType.NONE)
            .properties(
                "spring.main.banner-mode=off",
                "spring.application.name=source-writer",
                "spring.cloud.function.definition=",
                "spring.cloud.stream.bindings." + BINDING + ".binder=kekbit",
                "spring.cloud.stream.bindings." + BINDING + ".destination=" + destination)
            .run(args);
        return new SourceWriter(context);
    }

    /**
     * Writes one record.
     *
     * @param payload the record's bytes.
     * @throws IllegalStateException when the binder refused it.
     */
    public void send(final byte[] payload)
    {
        if (!streamBridge.send(BINDING, payload, MimeTypeUtils.APPLICATION_OCTET_STREAM))
        {
            throw new IllegalStateException("the kekbit binder refused a record on " + BINDING);
        }
    }

    /** Closes the producer's context (and so its journal writer). */
    @Override
    public void close()
    {
        context.close();
    }

    /** The producer's application: auto-configuration only. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Config
    {
    }
}
