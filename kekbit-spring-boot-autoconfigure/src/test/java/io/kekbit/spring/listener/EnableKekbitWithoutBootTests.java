package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties;
import io.kekbit.spring.autoconfigure.PropertiesListenerEndpointResolver;
import io.kekbit.spring.core.KekbitMessageConverter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code @EnableKekbit} without the auto-configuration and without a factory bean: a listener registered in code
 * runs on a real channel through the post-processor's own factory, which still publishes container events.
 */
class EnableKekbitWithoutBootTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner();

    @Configuration(proxyBeanMethods = false)
    @EnableKekbit
    static class PlainConfiguration
    {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<KekbitListenerContainerEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        KekbitListenerEndpointResolver kekbitListenerEndpointResolver(final ListableBeanFactory beanFactory)
        {
            final KekbitProperties properties = new KekbitProperties();
            properties.setRootPath(root);
            properties.getListener().setIdleStrategy("sleep-1ms");
            return new PropertiesListenerEndpointResolver(properties, beanFactory,
                beanFactory.getBeanProvider(KekbitMessageConverter.class));
        }

        @Bean
        KekbitListenerConfigurer plainListener()
        {
            return registrar -> registrar.registerListener("plain", "91", (KekbitRecordListener)(payload, position) ->
            {
                final byte[] copy = new byte[payload.remaining()];
                payload.get(copy);
                received.add(new String(copy, StandardCharsets.UTF_8));
            }).startFrom("beginning");
        }

        @Bean
        ApplicationListener<KekbitListenerContainerEvent> containerEvents()
        {
            return events::add;
        }
    }

    @Test
    void shouldRunAProgrammaticListenerAndPublishEventsWithoutTheAutoConfiguration()
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 91, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            contextRunner.withUserConfiguration(PlainConfiguration.class).run(context ->
            {
                assertThat(context).doesNotHaveBean(KekbitListenerContainerFactory.class);
                writer.write("plain".getBytes(StandardCharsets.UTF_8));
                final PlainConfiguration configuration = context.getBean(PlainConfiguration.class);
                await().atMost(WAIT).until(() -> configuration.received.size() == 1);
                assertThat(configuration.received).containsExactly("plain");
                context.getBean(KekbitListenerEndpointRegistry.class).stop("plain");
                assertThat(configuration.events).singleElement()
                    .isInstanceOfSatisfying(KekbitListenerContainerStoppedEvent.class, stopped ->
                        assertThat(stopped.getStopReason())
                            .isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL));
            });
        }
    }
}
