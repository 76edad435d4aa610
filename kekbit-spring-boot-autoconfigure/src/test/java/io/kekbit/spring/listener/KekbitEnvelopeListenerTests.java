package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitConversionException;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

/**
 * The record envelope end to end in a real Spring context over real channel files: the template writes message
 * headers, listeners get them with {@code @Header} and {@code Message<T>}, the bytes on disk are read back with the
 * core decoder (no Spring), and dead letters carry their origin.
 */
@ExtendWith(OutputCaptureExtension.class)
class KekbitEnvelopeListenerTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms");

    record Order(String id, int quantity)
    {
    }

    static class HeaderListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<Message<Order>> messages = new CopyOnWriteArrayList<>();
        final List<String> bodies = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "headers", startFrom = "beginning")
        void onOrder(final Order order, @Header(EnvelopeHeaders.TRACEPARENT) final String traceparent,
            @Header("attempt") final long attempt, @Header(name = "note", required = false) final String note,
            @Header(name = "raw", required = false) final byte[] raw,
            @Header(KekbitHeaders.POSITION) final long position)
        {
            received.add(order.id() + " " + traceparent + " " + attempt + " " + note + " " +
                (raw == null ? "null" : raw.length) + " @" + position);
        }

        @KekbitListener(channel = "orders", id = "messages", startFrom = "beginning")
        void onMessage(final Message<Order> message)
        {
            messages.add(message);
        }

        @KekbitListener(channel = "orders", id = "bodies", startFrom = "beginning")
        void onBody(final ByteBuffer body)
        {
            final byte[] copy = new byte[body.remaining()];
            body.get(copy);
            bodies.add(new String(copy, StandardCharsets.UTF_8));
        }
    }

    static class ReaderSideListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();
        int calls;

        @KekbitListener(channel = "incoming", id = "incoming", startFrom = "beginning")
        void onText(final String text, @Header("seq") final Long seq)
        {
            calls++;
            received.add(text + "#" + seq);
        }
    }

    static class FailingListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "failing", startFrom = "beginning", deadLetter = "${dlt:dlt}")
        void onText(final String text)
        {
            if (text.startsWith("poison"))
            {
                throw new IllegalStateException("cannot handle " + text);
            }
            received.add(text);
        }
    }

    static class ExclusiveListener
    {
        @KekbitListener(channel = "orders", id = "exclusive", deadLetter = "dlt", errorHandler = "handler")
        void onText(final String text)
        {
        }
    }

    static class UnknownDeadLetterListener
    {
        @KekbitListener(channel = "orders", id = "unknown-dlt", deadLetter = "nowhere")
        void onText(final String text)
        {
        }
    }

    static class RawHeaderListener
    {
        @KekbitListener(channel = "orders", id = "raw-header")
        void onText(final String text, @Header("traceparent") final String traceparent)
        {
        }
    }

    static class OptionalPrimitiveListener
    {
        @KekbitListener(channel = "orders", id = "optional-primitive")
        void onText(final String text, @Header(name = "attempt", required = false) final long attempt)
        {
        }
    }

    private ApplicationContextRunner enveloped()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.orders.envelope=true");
    }

    @Test
    void shouldSendMessageHeadersAndDeliverThemToHeaderMessageAndBodyListeners()
    {
        enveloped().withBean(HeaderListener.class).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long first = template.send("orders", MessageBuilder.withPayload(new Order("A-1", 3))
                .setHeader(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON)
                .setHeader(EnvelopeHeaders.TRACEPARENT, TRACEPARENT)
                .setHeader("attempt", 1)
                .setHeader("note", "rush")
                .setHeader("raw", new byte[] {1, 2, 3})
                .build());
            final long second = template.send("orders", MessageBuilder.withPayload(new Order("B-2", 1))
                .setHeader(EnvelopeHeaders.TRACEPARENT, TRACEPARENT).setHeader("attempt", "7").build());
            final HeaderListener listener = context.getBean(HeaderListener.class);
            await().atMost(WAIT).until(() -> listener.received.size() == 2 && listener.messages.size() == 2 &&
                listener.bodies.size() == 2);

            assertThat(listener.received).containsExactly("A-1 " + TRACEPARENT + " 1 rush 3 @" + first,
                "B-2 " + TRACEPARENT + " 7 null null @" + second);
            final Message<Order> message = listener.messages.get(0);
            assertThat(message.getPayload()).isEqualTo(new Order("A-1", 3));
            assertThat(message.getHeaders()).containsEntry(MessageHeaders.CONTENT_TYPE, "application/json")
                .containsEntry(EnvelopeHeaders.TRACEPARENT, TRACEPARENT).containsEntry("attempt", 1L)
                .containsEntry("note", "rush").containsEntry(KekbitHeaders.POSITION, first)
                .containsEntry(KekbitHeaders.CHANNEL_NAME, "orders").containsEntry(KekbitHeaders.CHANNEL_ID, 1L);
            assertThat((byte[])message.getHeaders().get("raw")).containsExactly(1, 2, 3);
            assertThat(listener.bodies).containsExactly("{\"id\":\"A-1\",\"quantity\":3}",
                "{\"id\":\"B-2\",\"quantity\":1}");

            final List<Map<String, Object>> onDisk = readEnvelopes(1);
            assertThat(onDisk).hasSize(2);
            assertThat(onDisk.get(0).keySet()).containsExactlyInAnyOrder(MessageHeaders.CONTENT_TYPE,
                EnvelopeHeaders.TRACEPARENT, "attempt", "note", "raw", "body");
            assertThat(onDisk.get(1)).containsOnlyKeys(EnvelopeHeaders.TRACEPARENT, "attempt", "body")
                .containsEntry("attempt", "7");
        });
    }

    @Test
    void shouldSendToTheDefaultWriter()
    {
        enveloped().withPropertyValues("kekbit.template.default-writer=orders").withBean(HeaderListener.class)
            .run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send(MessageBuilder.withPayload(new Order("C-3", 2))
                    .setHeader(EnvelopeHeaders.TRACEPARENT, TRACEPARENT).setHeader("attempt", 2L).build());
                template.sendDefault(new Order("D-4", 5));
                final HeaderListener listener = context.getBean(HeaderListener.class);
                await().atMost(WAIT).until(() -> listener.bodies.size() == 2 && listener.received.size() == 1);
                assertThat(listener.bodies).containsExactly("{\"id\":\"C-3\",\"quantity\":2}",
                    "{\"id\":\"D-4\",\"quantity\":5}");
                assertThat(listener.received.get(0)).startsWith("C-3 " + TRACEPARENT + " 2 null null @");
                final KekbitMessageListenerContainer headers = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("headers");
                await().atMost(WAIT).until(() -> headers.getErrors() == 1);
                assertThat(headers.getRecords()).isEqualTo(2);
            });
    }

    @Test
    void shouldExplainAMissingDefaultWriter()
    {
        enveloped().run(context ->
            assertThatThrownBy(() -> context.getBean(KekbitTemplate.class).sendDefault("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no default writer: set kekbit.template.default-writer, or name the writer in the send"));
    }

    @Test
    void shouldRefuseHeadersToARawWriterAndKeepItByteCompatible()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1")
            .run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                assertThatThrownBy(() -> template.send("orders", MessageBuilder.withPayload("hello")
                    .setHeader("b", "1").setHeader("a", "2").build()))
                    .isInstanceOf(KekbitConversionException.class)
                    .hasMessage("writer 'orders' writes raw records: the message headers [a, b] would be lost; set " +
                        "kekbit.writers.orders.envelope=true (and envelope=true on its readers) or send the payload " +
                        "alone");
                template.send("orders", MessageBuilder.withPayload("hello").build());
                assertThat(readRaw(1)).containsExactly("hello");
            });
    }

    @Test
    void shouldRefuseAnUnsupportedHeaderTypeAndWriteNothing()
    {
        enveloped().run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final Writer writer = context.getBean("orders", Writer.class);
            final long before = writer.writeOffset();
            final UUID uuid = UUID.randomUUID();
            assertThatThrownBy(() -> template.send("orders", MessageBuilder.withPayload("x").setHeader("u", uuid)
                .build()))
                .isInstanceOf(KekbitConversionException.class)
                .hasMessage("header 'u' of type java.util.UUID cannot be written to writer 'orders' (envelope " +
                    "header values: String, byte[], Long, Integer, Short, Byte, MimeType)");
            assertThat(writer.writeOffset()).isEqualTo(before);
            assertThat(writer.recordCount()).isZero();
        });
    }

    @Test
    void shouldNotRetryARecordThatIsNotAnEnvelopeOrLacksARequiredHeader()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.readers.incoming.channel-id=5",
            "kekbit.readers.incoming.envelope=true").withBean(ReaderSideListener.class).run(context ->
            {
                final EnvelopeEncoder encoder = new EnvelopeEncoder();
                try (Writer writer = Kekbit.shmWriter(root,
                    io.kekbit.core.Header.of(0, 5, 1 << 16, 1024, 60_000, TickUnit.MILLIS)))
                {
                    writer.write("not an envelope".getBytes(StandardCharsets.UTF_8));
                    writer.write(encoder.clear().toBytes("no seq".getBytes(StandardCharsets.UTF_8)));
                    writer.write(encoder.clear().header("seq", 42L).toBytes("ok".getBytes(StandardCharsets.UTF_8)));
                    final ReaderSideListener listener = context.getBean(ReaderSideListener.class);
                    await().atMost(WAIT).until(() -> listener.received.size() == 1);
                    final KekbitMessageListenerContainer container =
                        context.getBean(KekbitListenerEndpointRegistry.class)
                        .getListenerContainer("incoming");
                    assertThat(listener.received).containsExactly("ok#42");
                    assertThat(listener.calls).isEqualTo(1);
                    assertThat(container.getErrors()).isEqualTo(2);
                    assertThat(container.getRecords()).isEqualTo(3);
                }
            });
    }

    @Test
    void shouldDeadLetterWithOriginHeadersToAnEnvelopedWriterSetOnTheListener(final CapturedOutput output)
    {
        enveloped().withPropertyValues("kekbit.writers.dlt.channel-id=2", "kekbit.writers.dlt.envelope=true",
            "kekbit.listener.retry.max-attempts=2").withBean(FailingListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long before = System.currentTimeMillis();
                final long position = template.send("orders", MessageBuilder.withPayload("poison-1")
                    .setHeader(EnvelopeHeaders.TRACEPARENT, TRACEPARENT).build());
                template.send("orders", "after");
                final FailingListener listener = context.getBean(FailingListener.class);
                await().atMost(WAIT).until(() -> listener.received.size() == 1);
                final List<Map<String, Object>> dead = readEnvelopes(2);
                assertThat(dead).hasSize(1);
                final Map<String, Object> headers = dead.get(0);
                assertThat(headers).containsEntry("body", "poison-1")
                    .containsEntry(EnvelopeHeaders.TRACEPARENT, TRACEPARENT)
                    .containsEntry(EnvelopeHeaders.DLT_CHANNEL, "orders")
                    .containsEntry(EnvelopeHeaders.DLT_CHANNEL_ID, 1L)
                    .containsEntry(EnvelopeHeaders.DLT_POSITION, position)
                    .containsEntry(EnvelopeHeaders.DLT_LISTENER_ID, "failing")
                    .containsEntry(EnvelopeHeaders.DLT_EXCEPTION_CLASS, IllegalStateException.class.getName())
                    .containsEntry(EnvelopeHeaders.DLT_EXCEPTION_MESSAGE, "cannot handle poison-1")
                    .containsEntry(EnvelopeHeaders.DLT_ATTEMPTS, 2L);
                assertThat((Long)headers.get(EnvelopeHeaders.DLT_TIMESTAMP))
                    .isBetween(before, System.currentTimeMillis());
                assertThat(output).contains("dead-lettered record at position " + position)
                    .contains("to writer 'dlt' at position 8 with its origin headers");
            });
    }

    @Test
    void shouldDeadLetterARawRecordAsTheBodyOfAnEnvelope()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.dead.channel-id=3", "kekbit.writers.dead.envelope=true", "dlt=dead",
            "kekbit.listener.retry.max-attempts=1").withBean(FailingListener.class).run(context ->
            {
                final long position = context.getBean(KekbitTemplate.class).send("orders", "poison-raw");
                context.getBean(KekbitTemplate.class).send("orders", "after");
                final FailingListener listener = context.getBean(FailingListener.class);
                await().atMost(WAIT).until(() -> listener.received.size() == 1);
                final List<Map<String, Object>> dead = readEnvelopes(3);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0)).containsEntry("body", "poison-raw")
                    .containsEntry(EnvelopeHeaders.DLT_POSITION, position)
                    .containsEntry(EnvelopeHeaders.DLT_ATTEMPTS, 1L)
                    .doesNotContainKey(EnvelopeHeaders.TRACEPARENT);
            });
    }

    @Test
    void shouldCopyTheRecordAsIsToARawDeadLetterWriterAndSaySo(final CapturedOutput output)
    {
        enveloped().withPropertyValues("kekbit.writers.dlt.channel-id=2", "kekbit.listener.retry.max-attempts=1")
            .withBean(FailingListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long position = template.send("orders", MessageBuilder.withPayload("poison-2")
                    .setHeader("k", "v").build());
                template.send("orders", "after");
                final FailingListener listener = context.getBean(FailingListener.class);
                await().atMost(WAIT).until(() -> listener.received.size() == 1);
                final List<Map<String, Object>> dead = readEnvelopes(2);
                assertThat(dead).hasSize(1);
                assertThat(dead.get(0)).containsEntry("body", "poison-2").containsEntry("k", "v")
                    .doesNotContainKey(EnvelopeHeaders.DLT_CHANNEL);
                assertThat(output).contains("dead-lettered record at position " + position)
                    .contains("to writer 'dlt' as is (raw writer: no origin headers)");
            });
    }

    @Test
    void shouldFailStartupForDeadLetterWithErrorHandler()
    {
        enveloped().withPropertyValues("kekbit.writers.dlt.channel-id=2")
            .withBean("handler", KekbitErrorHandler.class, () -> (ex, record, attempt) -> KekbitErrorHandler.SKIP)
            .withBean(ExclusiveListener.class).run(context ->
            {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "deadLetter 'dlt' and errorHandler 'handler' are exclusive");
            });
    }

    @Test
    void shouldFailStartupForAnUnknownDeadLetterWriter()
    {
        enveloped().withBean(UnknownDeadLetterListener.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                "deadLetter: no writer named 'nowhere' (configure kekbit.writers.nowhere.channel-id or define a " +
                "Writer bean)");
        });
    }

    @Test
    void shouldFailStartupForARecordHeaderOnARawChannel()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1")
            .withBean(RawHeaderListener.class).run(context ->
            {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                    "unknown header 'traceparent'").hasMessageContaining(
                    "record headers need an enveloped channel: kekbit.readers.<name>.envelope=true");
            });
    }

    @Test
    void shouldFailStartupForAnOptionalPrimitiveHeader()
    {
        enveloped().withBean(OptionalPrimitiveListener.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(
                "an optional header (required = false) cannot be a primitive long; use Long");
        });
    }

    @Test
    void shouldFailStartupWhenAReaderAndTheWriterOfItsChannelDisagreeOnTheEnvelope()
    {
        enveloped().withPropertyValues("kekbit.readers.incoming.channel-id=1").run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).isInstanceOf(
                io.kekbit.spring.autoconfigure.InvalidKekbitPropertyException.class).hasMessage(
                "invalid kekbit configuration: " +
                "kekbit.readers.incoming.envelope=false: the reader and the writer of channel 1 disagree on the " +
                "record envelope (allowed: true, as kekbit.writers.orders.envelope (the writer of the same channel))");
        });
    }

    private List<String> readRaw(final long channelId)
    {
        final List<String> records = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                records.add(new String(bytes, StandardCharsets.UTF_8));
            }, 100);
        }
        return records;
    }

    /** Reads every record of a channel with the core decoder: its headers plus the body under the key "body". */
    private List<Map<String, Object>> readEnvelopes(final long channelId)
    {
        final List<Map<String, Object>> records = new ArrayList<>();
        final EnvelopeDecoder decoder = new EnvelopeDecoder();
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            reader.read((buffer, offset, length, position) ->
            {
                assertThat(decoder.wrap(buffer, offset, length)).as("record at %d is an envelope", position).isNull();
                final Map<String, Object> headers = new LinkedHashMap<>();
                while (decoder.next())
                {
                    headers.put(decoder.key(), decoder.value());
                }
                final byte[] body = new byte[decoder.bodyLength()];
                buffer.get(decoder.bodyOffset(), body);
                headers.put("body", new String(body, StandardCharsets.UTF_8));
                records.add(headers);
            }, 100);
        }
        return records;
    }
}
