package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.WriteError;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer;
import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

/**
 * {@code @SendTo} in a real Spring context over real channel files: a listener's return value is written to the
 * named writer (read back from its channel file with the core reader), with the answered record's origin as
 * envelope headers on an enveloped writer; a refused reply goes to the error handler; invalid declarations fail
 * startup with a failure analysis naming the method and the writer.
 */
class SendToListenerTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms");

    record Order(String id, int quantity)
    {
    }

    record Confirmation(String orderId, boolean accepted)
    {
    }

    static class UpperCaseListener
    {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "upper", startFrom = "beginning")
        @SendTo("${reply.writer:replies}")
        String upper(final String text)
        {
            seen.add(text);
            return text.startsWith("skip") ? null : text.toUpperCase();
        }
    }

    static class ConfirmingListener
    {
        @KekbitListener(channel = "orders", id = "confirm", startFrom = "beginning")
        @SendTo("replies")
        Confirmation confirm(final Order order)
        {
            return new Confirmation(order.id(), order.quantity() > 0);
        }
    }

    static class MessageListener
    {
        @KekbitListener(channel = "orders", id = "message-reply", startFrom = "beginning")
        @SendTo("replies")
        Message<String> reply(final String text)
        {
            return MessageBuilder.withPayload("re: " + text).setHeader("note", "from listener")
                .setHeader(EnvelopeHeaders.ORIGIN_LISTENER_ID, "renamed").build();
        }
    }

    static class ReturnsWithoutSendTo
    {
        @KekbitListener(channel = "orders", id = "echo")
        String echo(final String text)
        {
            return text;
        }
    }

    static class SendToVoid
    {
        @KekbitListener(channel = "orders", id = "void")
        @SendTo("replies")
        void consume(final String text)
        {
        }
    }

    static class SendToUnknownWriter
    {
        @KekbitListener(channel = "orders", id = "lost")
        @SendTo("nowhere")
        String echo(final String text)
        {
            return text;
        }
    }

    private ApplicationContextRunner withWriters()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.replies.channel-id=2");
    }

    /** The records of a channel: body text and, for envelopes, the headers (key to value). */
    private List<Map<String, Object>> records(final long channelId, final boolean envelope)
    {
        final List<Map<String, Object>> records = new ArrayList<>();
        final EnvelopeDecoder decoder = new EnvelopeDecoder();
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            Readers.drain(reader, (buffer, offset, length, position) ->
            {
                final Map<String, Object> record = new LinkedHashMap<>();
                int bodyOffset = offset;
                int bodyLength = length;
                if (envelope)
                {
                    assertThat(decoder.wrap(buffer, offset, length)).isNull();
                    while (decoder.next())
                    {
                        record.put(decoder.key(), decoder.value());
                    }
                    bodyOffset = decoder.bodyOffset();
                    bodyLength = decoder.bodyLength();
                }
                final byte[] body = new byte[bodyLength];
                buffer.get(bodyOffset, body);
                record.put("body", new String(body, StandardCharsets.UTF_8));
                records.add(record);
            });
        }
        return records;
    }

    @Test
    void shouldSendReturnValueToRawWriterAndNothingForNull()
    {
        withWriters().withBean(UpperCaseListener.class).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            template.send("orders", "one");
            template.send("orders", "skip me");
            template.send("orders", "two");
            final UpperCaseListener listener = context.getBean(UpperCaseListener.class);
            await().atMost(WAIT).until(() -> listener.seen.size() == 3);
            await().atMost(WAIT).until(() -> records(2, false).size() == 2);
            assertThat(records(2, false)).extracting(record -> record.get("body")).containsExactly("ONE", "TWO");
        });
    }

    @Test
    void shouldAddOriginHeadersOnEnvelopedWriter()
    {
        withWriters().withPropertyValues("kekbit.writers.replies.envelope=true").withBean(ConfirmingListener.class)
            .run(context ->
            {
                final long position = context.getBean(KekbitTemplate.class).send("orders", (Object)new Order("A-1", 3));
                await().atMost(WAIT).until(() -> records(2, true).size() == 1);
                final Map<String, Object> reply = records(2, true).get(0);
                assertThat(reply.get("body")).isEqualTo("{\"orderId\":\"A-1\",\"accepted\":true}");
                assertThat(reply).containsEntry(EnvelopeHeaders.ORIGIN_CHANNEL, "orders")
                    .containsEntry(EnvelopeHeaders.ORIGIN_CHANNEL_ID, 1L)
                    .containsEntry(EnvelopeHeaders.ORIGIN_POSITION, position)
                    .containsEntry(EnvelopeHeaders.ORIGIN_LISTENER_ID, "confirm");
            });
    }

    @Test
    void shouldSendReturnedMessageWithItsHeaders()
    {
        withWriters().withPropertyValues("kekbit.writers.replies.envelope=true").withBean(MessageListener.class)
            .run(context ->
            {
                final long position = context.getBean(KekbitTemplate.class).send("orders", "hello");
                await().atMost(WAIT).until(() -> records(2, true).size() == 1);
                final Map<String, Object> reply = records(2, true).get(0);
                assertThat(reply).containsEntry("body", "re: hello").containsEntry("note", "from listener")
                    .containsEntry(EnvelopeHeaders.ORIGIN_LISTENER_ID, "renamed")
                    .containsEntry(EnvelopeHeaders.ORIGIN_POSITION, position);
            });
    }

    @Test
    void shouldHandRefusedReplyToErrorHandler()
    {
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        final KekbitErrorHandler handler = (exception, record, attempt) ->
        {
            failures.add(exception);
            return KekbitErrorHandler.SKIP;
        };
        withWriters().withPropertyValues("kekbit.writers.replies.capacity=16KB",
            "kekbit.writers.replies.max-message-length=64B").withBean(KekbitErrorHandler.class, () -> handler)
            .withBean(UpperCaseListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "x".repeat(100));
                template.send("orders", "fits");
                await().atMost(WAIT).until(() -> records(2, false).size() == 1);
                assertThat(records(2, false).get(0)).containsEntry("body", "FITS");
                assertThat(failures).singleElement().satisfies(failure ->
                {
                    assertThat(failure).isInstanceOf(KekbitListenerExecutionException.class)
                        .hasMessageContaining("@SendTo").hasMessageContaining("writer 'replies'")
                        .hasMessageContaining("upper(java.lang.String)");
                    assertThat(failure.getCause()).isInstanceOfSatisfying(KekbitSendException.class, refused ->
                    {
                        assertThat(refused.getReason()).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
                        assertThat(refused.getFailedPayload()).isEqualTo("X".repeat(100));
                    });
                });
            });
    }

    @Test
    void shouldFailStartupOnReturnValueWithoutSendTo()
    {
        withWriters().withBean(ReturnsWithoutSendTo.class).run(context ->
        {
            assertThat(context).hasFailed();
            final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("echo(java.lang.String)")
                .contains("returns a value (java.lang.String) needs @SendTo");
        });
    }

    @Test
    void shouldFailStartupOnSendToVoidMethod()
    {
        withWriters().withBean(SendToVoid.class).run(context ->
        {
            assertThat(context).hasFailed();
            final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("consume(java.lang.String)")
                .contains("@SendTo on a method that returns void");
        });
    }

    @Test
    void shouldFailStartupOnUnknownSendToWriter()
    {
        withWriters().withBean(SendToUnknownWriter.class).run(context ->
        {
            assertThat(context).hasFailed();
            final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("echo(java.lang.String)")
                .contains("@SendTo: no kekbit writer named 'nowhere'");
        });
    }

    @Test
    void shouldResolvePlaceholderInSendTo()
    {
        withWriters().withPropertyValues("kekbit.writers.other.channel-id=3", "reply.writer=other")
            .withBean(UpperCaseListener.class).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("orders", "placeholder");
                await().atMost(WAIT).until(() -> records(3, false).size() == 1);
                assertThat(records(3, false).get(0)).containsEntry("body", "PLACEHOLDER");
            });
    }
}
