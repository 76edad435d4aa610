package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeDescriptor;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer;
import io.kekbit.spring.core.KekbitTemplate;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Record filters and {@code @Valid} payloads in a real Spring context over real channel files: filtered records never
 * reach the method, are counted, and their positions are consumed (a restart does not see them again); an invalid
 * payload goes to the error handler once, never retried, and to the dead-letter channel.
 */
class RecordFilterAndValidationTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms");

    record Order(@NotBlank String id, @Positive int quantity)
    {
    }

    static class TextListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "${channel:orders}", id = "texts")
        void onText(final String text)
        {
            received.add(text);
        }
    }

    static class NamedFilterListeners
    {
        final List<String> filtered = new CopyOnWriteArrayList<>();
        final List<String> unfiltered = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "filtered", startFrom = "beginning", filter = "dropNoise")
        void onFiltered(final String text)
        {
            filtered.add(text);
        }

        @KekbitListener(channel = "orders", id = "unfiltered", startFrom = "beginning", filter = "none")
        void onUnfiltered(final String text)
        {
            unfiltered.add(text);
        }
    }

    static class UnknownFilterListener
    {
        @KekbitListener(channel = "orders", id = "unknown-filter", filter = "missing")
        void onText(final String text)
        {
        }
    }

    static class ValidatingListener
    {
        final List<Order> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "valid", startFrom = "beginning")
        void onOrder(@Valid final Order order)
        {
            received.add(order);
        }
    }

    private ApplicationContextRunner withWriter()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1");
    }

    private static KekbitRecordFilterStrategy dropping(final String prefix)
    {
        return record -> record.payloadAsString().startsWith(prefix);
    }

    @Test
    void shouldFilterWithUniqueBeanCountAndConsumeFilteredPositions()
    {
        final ApplicationContextRunner runner = contextRunner.withPropertyValues("kekbit.root-path=" + root,
            "channel=7").withBean(KekbitRecordFilterStrategy.class, () -> dropping("noise"))
            .withBean(TextListener.class);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 7, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            for (final String text : List.of("noise-1", "signal", "noise-2"))
            {
                writer.write(text.getBytes(StandardCharsets.UTF_8));
            }
            runner.run(context ->
            {
                final TextListener listener = context.getBean(TextListener.class);
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("texts");
                await().atMost(WAIT).until(() -> container.getRecords() == 3);
                assertThat(listener.received).containsExactly("signal");
                assertThat(container.getFilteredRecords()).isEqualTo(2);
                assertThat(container.getErrors()).isZero();
                await().atMost(WAIT).until(() -> container.getPosition() == writer.writeOffset());
            });
            try (DurablePosition saved = DurablePosition.open(root, 7, "texts"))
            {
                assertThat(saved.get()).as("the filtered last record's position is consumed")
                    .isEqualTo(writer.writeOffset());
            }
            writer.write("after restart".getBytes(StandardCharsets.UTF_8));
            runner.run(context ->
            {
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("texts");
                await().atMost(WAIT).until(() -> container.getRecords() == 1);
                assertThat(context.getBean(TextListener.class).received).containsExactly("after restart");
                assertThat(container.getFilteredRecords()).isZero();
            });
        }
    }

    @Test
    void shouldPickFilterByNameAndTurnDefaultOff()
    {
        withWriter().withBean("dropNoise", KekbitRecordFilterStrategy.class, () -> dropping("noise"))
            .withBean(NamedFilterListeners.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "noise");
                template.send("orders", "signal");
                final NamedFilterListeners listeners = context.getBean(NamedFilterListeners.class);
                await().atMost(WAIT).until(() -> listeners.unfiltered.size() == 2 && listeners.filtered.size() == 1);
                assertThat(listeners.filtered).containsExactly("signal");
                assertThat(listeners.unfiltered).containsExactly("noise", "signal");
            });
    }

    @Test
    void shouldFilterOnEnvelopeHeaders()
    {
        final List<String> positions = new CopyOnWriteArrayList<>();
        final KekbitRecordFilterStrategy notOrders = record ->
        {
            positions.add(record.channelName() + "@" + record.position() + " " + record.hasHeader("absent"));
            return !"order".equals(record.header(EnvelopeHeaders.TYPE_ID));
        };
        withWriter().withPropertyValues("kekbit.writers.orders.envelope=true")
            .withBean(KekbitRecordFilterStrategy.class, () -> notOrders).withBean(TextListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long first = template.send("orders", MessageBuilder.withPayload("an order")
                    .setHeader(EnvelopeHeaders.TYPE_ID, "order").build());
                final long second = template.send("orders", MessageBuilder.withPayload("a refund")
                    .setHeader(EnvelopeHeaders.TYPE_ID, "refund").build());
                final TextListener listener = context.getBean(TextListener.class);
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("texts");
                await().atMost(WAIT).until(() -> container.getRecords() == 2);
                assertThat(listener.received).containsExactly("an order");
                assertThat(positions).containsExactly("orders@" + first + " false", "orders@" + second + " false");
            });
    }

    @Test
    void shouldFailStartupOnUnknownFilterBean()
    {
        withWriter().withBean(UnknownFilterListener.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(new KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                .contains("onText(java.lang.String)").contains("no KekbitRecordFilterStrategy bean named 'missing'");
        });
    }

    @Test
    void shouldRejectInvalidPayloadOnceAndDeadLetterIt()
    {
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        withWriter().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withPropertyValues("kekbit.writers.dlq.channel-id=2", "kekbit.listener.dead-letter=dlq",
                "kekbit.listener.retry.max-attempts=3")
            .withBean(ValidatingListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", (Object)new Order("", 0));
                template.send("orders", (Object)new Order("A-1", 2));
                final ValidatingListener listener = context.getBean(ValidatingListener.class);
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("valid");
                await().atMost(WAIT).until(() -> container.getRecords() == 2);
                assertThat(listener.received).containsExactly(new Order("A-1", 2));
                assertThat(container.getErrors()).as("validation failures are not retried").isEqualTo(1);
                final List<String> dead = new ArrayList<>();
                try (Reader reader = Kekbit.shmReader(root, 2))
                {
                    Readers.drain(reader, (buffer, offset, length, position) ->
                    {
                        final byte[] bytes = new byte[length];
                        buffer.get(offset, bytes);
                        dead.add(new String(bytes, StandardCharsets.UTF_8));
                    });
                }
                assertThat(dead).containsExactly("{\"id\":\"\",\"quantity\":0}");
            });
        contextRunner.withPropertyValues("kekbit.root-path=" + root.resolve("second"),
            "kekbit.writers.orders.channel-id=1")
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withBean(KekbitErrorHandler.class, () -> (exception, record, attempt) ->
            {
                failures.add(exception);
                return KekbitErrorHandler.SKIP;
            }).withBean(ValidatingListener.class).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("orders", (Object)new Order("", 0));
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("valid");
                await().atMost(WAIT).until(() -> container.getRecords() == 1);
            });
        assertThat(failures).singleElement().isInstanceOfSatisfying(MethodArgumentNotValidException.class, invalid ->
        {
            assertThat(invalid.getBindingResult().getFieldErrors()).extracting(error -> error.getField())
                .containsExactlyInAnyOrder("id", "quantity");
            assertThat(invalid.getFailedMessage().getHeaders()).containsEntry(KekbitHeaders.CHANNEL_NAME, "orders");
        });
    }

    @Test
    void shouldDeadLetterInvalidPayloadToEnvelopedWriterWithShortenedMessage()
    {
        withWriter().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withPropertyValues("kekbit.writers.dlq.channel-id=2", "kekbit.writers.dlq.envelope=true",
                "kekbit.listener.dead-letter=dlq")
            .withBean(ValidatingListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long invalid = template.send("orders", (Object)new Order("", 0));
                template.send("orders", (Object)new Order("A-1", 2));
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("valid");
                await().atMost(WAIT).until(() -> container.getRecords() == 2);
                final List<Map<String, String>> dead = new ArrayList<>();
                final long maxMessageLength;
                try (Reader reader = Kekbit.shmReader(root, 2))
                {
                    maxMessageLength = reader.header().maxMessageLength();
                    Readers.drain(reader, (buffer, offset, length, position) ->
                    {
                        final EnvelopeDecoder decoder = new EnvelopeDecoder();
                        assertThat(decoder.wrap(buffer, offset, length)).isNull();
                        final Map<String, String> headers = new HashMap<>();
                        while (decoder.next())
                        {
                            headers.put(decoder.key(), decoder.valueType() == EnvelopeDescriptor.TYPE_LONG ?
                                Long.toString(decoder.longValue()) : decoder.stringValue());
                        }
                        final byte[] body = new byte[decoder.bodyLength()];
                        buffer.get(decoder.bodyOffset(), body);
                        headers.put("body", new String(body, StandardCharsets.UTF_8));
                        headers.put("length", Integer.toString(length));
                        dead.add(headers);
                    });
                }
                assertThat(dead).as("the validation failure's message alone exceeds the dead-letter writer's " +
                    "largest record; the dead letter is written with the message shortened").singleElement()
                    .satisfies(letter ->
                    {
                        assertThat(letter).containsEntry("body", "{\"id\":\"\",\"quantity\":0}")
                            .containsEntry(EnvelopeHeaders.DLT_POSITION, Long.toString(invalid))
                            .containsEntry(EnvelopeHeaders.DLT_EXCEPTION_CLASS,
                                MethodArgumentNotValidException.class.getName());
                        assertThat(letter.get(EnvelopeHeaders.DLT_EXCEPTION_MESSAGE))
                            .startsWith("Could not resolve method parameter").endsWith("...");
                        assertThat(Long.parseLong(letter.get("length"))).isLessThanOrEqualTo(maxMessageLength);
                    });
            });
    }

    @Test
    void shouldNotValidateWithoutValidator()
    {
        withWriter().withBean(ValidatingListener.class).run(context ->
        {
            context.getBean(KekbitTemplate.class).send("orders", (Object)new Order("", 0));
            final ValidatingListener listener = context.getBean(ValidatingListener.class);
            await().atMost(WAIT).until(() -> listener.received.size() == 1);
            assertThat(listener.received).containsExactly(new Order("", 0));
        });
    }
}
