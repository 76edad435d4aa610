package io.kekbit.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * How the template reports sends, with the auto-configured template over real channel files: producer listeners are
 * told about each record written and each failure, and the three refusals (channel full, record too large, writer
 * closed) throw {@link KekbitSendException} with the reason and the failed payload, or fail the
 * {@link KekbitTemplate#sendAsync} future with it.
 */
class KekbitTemplateFailureTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class));

    record Purchase(String id, int quantity)
    {
    }

    private static Throwable failure(final CompletableFuture<KekbitSendResult> future)
    {
        return future.handle((result, ex) -> ex).join();
    }

    /** Records what a producer listener is told, tagged with its name. */
    static final class Recording implements KekbitProducerListener
    {
        final String name;
        final List<String> events;

        Recording(final String name, final List<String> events)
        {
            this.name = name;
            this.events = events;
        }

        @Override
        public void onSuccess(final String writerName, final Object payload, final long position)
        {
            events.add(name + " ok " + writerName + " " + describe(payload) + " @" + position);
        }

        @Override
        public void onError(final String writerName, final Object payload, final RuntimeException exception)
        {
            final String reason = exception instanceof KekbitSendException ?
                String.valueOf(((KekbitSendException)exception).getReason()) : exception.getClass().getSimpleName();
            events.add(name + " error " + writerName + " " + describe(payload) + " " + reason);
        }

        private static String describe(final Object payload)
        {
            if (payload instanceof byte[])
            {
                return "byte[" + ((byte[])payload).length + "]";
            }
            if (payload instanceof ByteBuffer)
            {
                return "buffer[" + ((ByteBuffer)payload).remaining() + "]";
            }
            if (payload instanceof Message)
            {
                return "message(" + ((Message<?>)payload).getPayload() + ")";
            }
            return String.valueOf(payload);
        }
    }

    private ApplicationContextRunner smallWriter()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.small.channel-id=1",
            "kekbit.writers.small.capacity=16KB", "kekbit.writers.small.max-message-length=64B");
    }

    @Test
    void shouldReportEachSendAndAFullChannel()
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        smallWriter().withBean(KekbitProducerListener.class, () -> new Recording("l", events)).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long first = template.send("small", "first");
            assertThat(events).containsExactly("l ok small first @" + first);
            final byte[] record = new byte[56];
            final byte[] tiny = new byte[1];
            KekbitSendException full = null;
            int sent = 0;
            int refused = 0;
            while (full == null)
            {
                try
                {
                    template.send("small", refused == 0 ? record : tiny);
                    sent++;
                }
                catch (final KekbitSendException ex)
                {
                    // Near the end a 56-byte record no longer fits (NO_SPACE_FOR_RECORD), then tiny ones fill it.
                    refused++;
                    if (ex.getReason() == WriteError.CHANNEL_FULL)
                    {
                        full = ex;
                    }
                    else
                    {
                        assertThat(ex.getReason()).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
                        assertThat(ex.getFailedPayload()).isSameAs(record);
                    }
                }
            }
            assertThat(sent).isPositive();
            assertThat(refused).isEqualTo(2);
            assertThat(full.getWriterName()).isEqualTo("small");
            assertThat(full.getFailedPayload()).isSameAs(tiny);
            assertThat(full).hasMessageContaining("writer 'small' refused a record of 1 bytes");
            assertThat(events).hasSize(sent + 3).contains("l error small byte[56] NO_SPACE_FOR_RECORD")
                .last().isEqualTo("l error small byte[1] CHANNEL_FULL");
            assertThat(template.failureCount("small", WriteError.CHANNEL_FULL)).isEqualTo(1);
        });
    }

    @Test
    void shouldReportRecordTooLargeAndStayUsable()
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        smallWriter().withBean(KekbitProducerListener.class, () -> new Recording("l", events)).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final Purchase large = new Purchase("x".repeat(100), 1);
            assertThatThrownBy(() -> template.send("small", large)).isInstanceOfSatisfying(KekbitSendException.class,
                refused ->
                {
                    assertThat(refused.getReason()).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
                    assertThat(refused.getFailedPayload()).isSameAs(large);
                    assertThat(refused).hasMessageContaining("refused a record of")
                        .hasMessageContaining("largest payload");
                });
            final long position = template.send("small", (Object)new Purchase("A", 1));
            assertThat(events).containsExactly("l error small " + large + " NO_SPACE_FOR_RECORD",
                "l ok small " + new Purchase("A", 1) + " @" + position);
        });
    }

    @Test
    void shouldReportClosedWriter()
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        smallWriter().withBean(KekbitProducerListener.class, () -> new Recording("l", events)).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            template.send("small", "before");
            context.getBean("small", Writer.class).close();
            final ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
            assertThatThrownBy(() -> template.send("small", payload)).isInstanceOfSatisfying(KekbitSendException.class,
                refused ->
                {
                    assertThat(refused.getReason()).isEqualTo(WriteError.CLOSED);
                    assertThat(refused.getFailedPayload()).isSameAs(payload);
                });
            assertThat(payload.position()).as("the payload buffer is left as it was").isZero();
            assertThat(events).last().isEqualTo("l error small buffer[3] CLOSED");
        });
    }

    @Test
    void shouldCompleteSendAsyncFuturesAsKafkaTemplateDoes()
    {
        smallWriter().withPropertyValues("kekbit.template.default-writer=small").run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final CompletableFuture<KekbitSendResult> ok = template.sendAsync("small", "hello");
            assertThat(ok).isCompleted();
            final KekbitSendResult result = ok.join();
            assertThat(result.writerName()).isEqualTo("small");
            assertThat(result.payload()).isEqualTo("hello");
            assertThat(result.position()).isGreaterThanOrEqualTo(0);
            final long next = template.send("small", "next");
            assertThat(next).isGreaterThan(result.position());

            final String large = "y".repeat(200);
            final CompletableFuture<KekbitSendResult> tooLarge = template.sendAsync("small", large);
            assertThat(tooLarge).isCompletedExceptionally();
            assertThat(failure(tooLarge)).isInstanceOfSatisfying(KekbitSendException.class, refused ->
            {
                assertThat(refused.getReason()).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
                assertThat(refused.getFailedPayload()).isSameAs(large);
            });

            final Message<String> withHeaders = MessageBuilder.withPayload("x").setHeader("note", "lost").build();
            assertThat(failure(template.sendAsync(withHeaders))).isInstanceOf(KekbitConversionException.class)
                .hasMessageContaining("headers [note] would be lost");
            assertThat(failure(template.sendAsync("nowhere", "x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no kekbit writer named 'nowhere'");
        });
    }

    @Test
    void shouldCallEveryProducerListenerInOrderWithTheMessage()
    {
        final List<String> events = new CopyOnWriteArrayList<>();
        smallWriter().withPropertyValues("kekbit.writers.small.envelope=true")
            .withBean(SecondListener.class, () -> new SecondListener(events))
            .withBean(FirstListener.class, () -> new FirstListener(events)).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final Message<String> message = MessageBuilder.withPayload("enveloped").setHeader("note", "kept")
                    .build();
                final long position = template.send("small", message);
                final Message<String> large = MessageBuilder.withPayload("z".repeat(80)).build();
                assertThatThrownBy(() -> template.send("small", large))
                    .isInstanceOfSatisfying(KekbitSendException.class, refused ->
                        assertThat(refused.getFailedPayload()).isSameAs(large));
                assertThat(events).containsExactly("first ok small message(enveloped) @" + position,
                    "second ok small message(enveloped) @" + position,
                    "first error small message(" + "z".repeat(80) + ") NO_SPACE_FOR_RECORD",
                    "second error small message(" + "z".repeat(80) + ") NO_SPACE_FOR_RECORD");
            });
    }

    /** A producer listener ordered after the other one (and registered first). */
    @Order(2)
    static class SecondListener implements KekbitProducerListener
    {
        private final Recording delegate;

        SecondListener(final List<String> events)
        {
            this(new Recording("second", events));
        }

        SecondListener(final Recording delegate)
        {
            this.delegate = delegate;
        }

        @Override
        public void onSuccess(final String writerName, final Object payload, final long position)
        {
            delegate.onSuccess(writerName, payload, position);
        }

        @Override
        public void onError(final String writerName, final Object payload, final RuntimeException exception)
        {
            delegate.onError(writerName, payload, exception);
        }
    }

    /** A producer listener ordered before the other one. */
    @Order(1)
    static final class FirstListener implements KekbitProducerListener
    {
        private final Recording delegate;

        FirstListener(final List<String> events)
        {
            this.delegate = new Recording("first", events);
        }

        @Override
        public void onSuccess(final String writerName, final Object payload, final long position)
        {
            delegate.onSuccess(writerName, payload, position);
        }

        @Override
        public void onError(final String writerName, final Object payload, final RuntimeException exception)
        {
            delegate.onError(writerName, payload, exception);
        }
    }
}
