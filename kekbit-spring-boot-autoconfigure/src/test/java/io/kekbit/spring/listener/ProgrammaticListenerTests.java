package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;

/**
 * Listeners registered through a {@link KekbitListenerConfigurer}, with real channels and a real context: they go
 * through the same factory, customizers, error handling and registry as annotated methods.
 */
class ProgrammaticListenerTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms");

    /** An annotated listener next to the programmatic ones. */
    static class AnnotatedListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "annotated", startFrom = "beginning")
        void onText(final String text)
        {
            received.add(text);
        }
    }

    private ApplicationContextRunner withWriter()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1");
    }

    @Test
    void shouldDeliverRecordsToAZeroCopyLambdaListener()
    {
        final List<String> received = new CopyOnWriteArrayList<>();
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("zero-copy", "orders",
            (KekbitRecordListener)(payload, position) ->
            {
                final byte[] copy = new byte[payload.remaining()];
                payload.get(copy);
                received.add(new String(copy, StandardCharsets.UTF_8) + "@" + position);
            }).startFrom("beginning");
        withWriter().withBean(KekbitListenerConfigurer.class, () -> configurer).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long first = template.send("orders", "one");
            final long second = template.send("orders", "two");
            await().atMost(WAIT).until(() -> received.size() == 2);
            assertThat(received).containsExactly("one@" + first, "two@" + second);
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("zero-copy");
            assertThat(container).isInstanceOf(KekbitListenerContainer.class);
            await().atMost(WAIT).until(() -> container.getRecords() == 2);
        });
    }

    @Test
    void shouldDeliverMessagesWithKekbitHeadersToAMessageListener()
    {
        final List<String> received = new CopyOnWriteArrayList<>();
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("messages", "orders",
            (KekbitMessageListener)(final Message<byte[]> message) -> received.add(
                new String(message.getPayload(), StandardCharsets.UTF_8) + "@" +
                message.getHeaders().get(KekbitHeaders.POSITION) + "/" +
                message.getHeaders().get(KekbitHeaders.CHANNEL_NAME)))
            .startFrom("beginning");
        withWriter().withBean(KekbitListenerConfigurer.class, () -> configurer).run(context ->
        {
            final long position = context.getBean(KekbitTemplate.class).send("orders", "hello");
            await().atMost(WAIT).until(() -> received.size() == 1);
            assertThat(received).containsExactly("hello@" + position + "/orders");
        });
    }

    @Test
    void shouldBuildProgrammaticAndAnnotatedListenersThroughTheSameFactoryAndCustomizers()
    {
        final List<String> customized = new CopyOnWriteArrayList<>();
        final List<String> received = new CopyOnWriteArrayList<>();
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("lambda", "orders",
            (KekbitRecordListener)(payload, position) -> received.add("lambda")).startFrom("beginning");
        withWriter().withBean(KekbitListenerConfigurer.class, () -> configurer)
            .withBean(KekbitContainerCustomizer.class, () -> container -> customized.add(container.getListenerId()))
            .withBean(AnnotatedListener.class).run(context ->
            {
                assertThat(customized).containsExactlyInAnyOrder("annotated", "lambda");
                assertThat(context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainerIds())
                    .containsExactly("annotated", "lambda");
                context.getBean(KekbitTemplate.class).send("orders", "x");
                await().atMost(WAIT).until(() -> received.size() == 1 &&
                    context.getBean(AnnotatedListener.class).received.size() == 1);
            });
    }

    @Test
    void shouldApplyTheErrorHandlerOfAProgrammaticEndpoint()
    {
        final List<String> handled = new CopyOnWriteArrayList<>();
        final KekbitErrorHandler handler = (exception, record, attempt) ->
        {
            handled.add(record.listenerId() + ":" + attempt + ":" + exception.getCause().getMessage());
            return KekbitErrorHandler.SKIP;
        };
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("failing", "orders",
            (KekbitRecordListener)(payload, position) ->
            {
                throw new IllegalStateException("rejected at " + position);
            }).startFrom("beginning").errorHandler(handler);
        withWriter().withBean(KekbitListenerConfigurer.class, () -> configurer).run(context ->
        {
            final long position = context.getBean(KekbitTemplate.class).send("orders", "bad");
            await().atMost(WAIT).until(() -> handled.size() == 1);
            assertThat(handled).containsExactly("failing:1:rejected at " + position);
        });
    }

    @Test
    void shouldFailStartupNamingAProgrammaticListenerWithAnUnknownChannel()
    {
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("lost", "nowhere",
            (KekbitRecordListener)(payload, position) ->
            {
            });
        withWriter().withBean(KekbitListenerConfigurer.class, () -> configurer).run(context ->
        {
            assertThat(context).hasFailed();
            final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription()).contains("KekbitRecordListener 'lost' registered by a " +
                "KekbitListenerConfigurer").contains("unknown channel 'nowhere'");
        });
    }

    @Test
    void shouldFailStartupOnADuplicateIdAcrossBothKinds()
    {
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("annotated", "orders",
            (KekbitRecordListener)(payload, position) ->
            {
            });
        withWriter().withBean(KekbitListenerConfigurer.class, () -> configurer).withBean(AnnotatedListener.class)
            .run(context ->
            {
                assertThat(context).hasFailed();
                final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer().analyze(
                    context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("another listener already has the id 'annotated'");
            });
    }
}
