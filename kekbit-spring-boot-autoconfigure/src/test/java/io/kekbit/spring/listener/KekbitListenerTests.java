package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;

class KekbitListenerTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms");

    /** Collects what the listeners receive. */
    static final class Received
    {
        final List<Object> items = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
    }

    record Order(String id, int quantity)
    {
    }

    static class StringListener
    {
        final Received received = new Received();

        @KekbitListener(channel = "orders", id = "${listener.id:strings}", startFrom = "beginning")
        void onText(final String text, @Header(KekbitHeaders.POSITION) final long position,
            @Header(KekbitHeaders.CHANNEL_NAME) final String channel, @Header(KekbitHeaders.CHANNEL_ID) final Long id)
        {
            received.items.add(text + "@" + position + "/" + channel + "/" + id);
        }
    }

    static class BytesAndBufferListener
    {
        final Received bytes = new Received();
        final Received buffers = new Received();

        @KekbitListener(channel = "orders", id = "bytes", startFrom = "beginning")
        void onBytes(final byte[] payload)
        {
            bytes.items.add(new String(payload, StandardCharsets.UTF_8));
        }

        @KekbitListener(channel = "orders", id = "buffers", startFrom = "beginning")
        void onBuffer(final ByteBuffer buffer)
        {
            final byte[] copy = new byte[buffer.remaining()];
            buffer.get(copy);
            buffers.items.add(new String(copy, StandardCharsets.UTF_8));
        }
    }

    static class PojoListener
    {
        final Received orders = new Received();
        final Received messages = new Received();

        @KekbitListener(channel = "orders", id = "pojo", startFrom = "beginning")
        void onOrder(final Order order)
        {
            orders.attempts.incrementAndGet();
            orders.items.add(order);
        }

        @KekbitListener(channel = "orders", id = "messages", startFrom = "beginning")
        void onMessage(final Message<Order> message)
        {
            messages.items.add(message.getPayload().id() + "@" + message.getHeaders().get(KekbitHeaders.POSITION));
        }
    }

    static class PoisonListener
    {
        final Received received = new Received();

        @KekbitListener(channel = "orders", id = "poison", startFrom = "beginning")
        void onText(final String text)
        {
            received.attempts.incrementAndGet();
            if (text.startsWith("poison"))
            {
                throw new IllegalStateException("cannot handle " + text);
            }
            received.items.add(text);
        }
    }

    static class DurableListener
    {
        final Received received = new Received();

        @KekbitListener(channel = "${channel}", id = "durable")
        void onText(final String text)
        {
            received.items.add(text);
        }
    }

    static class SlowListener
    {
        final Received received = new Received();
        final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

        @KekbitListener(channel = "orders", id = "slow", startFrom = "beginning")
        void onText(final String text) throws InterruptedException
        {
            entered.countDown();
            release.await();
            received.items.add(text);
        }
    }

    static class BadSignatureListener
    {
        @KekbitListener(channel = "orders", id = "bad")
        void onTwo(final String a, final String b)
        {
        }
    }

    static class ReturningListener
    {
        @KekbitListener(channel = "orders", id = "echo")
        String echo(final String text)
        {
            return text;
        }
    }

    private ApplicationContextRunner withWriter()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1");
    }

    @Test
    void shouldDeliverStringsWithHeadersAndResolvePlaceholders()
    {
        withWriter().withPropertyValues("listener.id=text-view").withBean(StringListener.class).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long first = template.send("orders", "one");
            final long second = template.send("orders", "two");
            final StringListener listener = context.getBean(StringListener.class);
            await().atMost(WAIT).until(() -> listener.received.items.size() == 2);
            assertThat(listener.received.items).containsExactly("one@" + first + "/orders/1",
                "two@" + second + "/orders/1");
            final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
            assertThat(registry.getListenerContainerIds()).containsExactly("text-view");
            final KekbitMessageListenerContainer container = registry.getListenerContainer("text-view");
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("text-view"));
            await().atMost(WAIT).until(() -> container.getPosition() > second);
            assertThat(container.getRecords()).isEqualTo(2);
            assertThat(container.getLagBytes()).isZero();
            assertThat(container.getLagRecords()).isZero();
        });
    }

    @Test
    void shouldLeaveNoThreadsBehindAfterContextClose()
    {
        withWriter().withBean(StringListener.class).run(context ->
        {
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("strings");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
            assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("kekbit-heartbeat"));
        });
        assertThat(Thread.getAllStackTraces().keySet())
            .noneMatch(t -> t.isAlive() && (t.getName().equals("strings") || t.getName().equals("kekbit-heartbeat")));
    }

    @Test
    void shouldDeliverBytesAndBuffers()
    {
        withWriter().withBean(BytesAndBufferListener.class).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            template.send("orders", "alpha");
            template.send("orders", "beta");
            final BytesAndBufferListener listener = context.getBean(BytesAndBufferListener.class);
            await().atMost(WAIT).until(() -> listener.bytes.items.size() == 2 && listener.buffers.items.size() == 2);
            assertThat(listener.bytes.items).containsExactly("alpha", "beta");
            assertThat(listener.buffers.items).containsExactly("alpha", "beta");
        });
    }

    @Test
    void shouldConvertJsonToPojoAndMessage()
    {
        withWriter().withBean(PojoListener.class).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long position = template.send("orders", (Object)new Order("A-1", 3));
            final PojoListener listener = context.getBean(PojoListener.class);
            await().atMost(WAIT).until(() -> listener.orders.items.size() == 1 && listener.messages.items.size() == 1);
            assertThat(listener.orders.items).containsExactly(new Order("A-1", 3));
            assertThat(listener.messages.items).containsExactly("A-1@" + position);
        });
    }

    @Test
    void shouldNotRetryConversionErrors()
    {
        withWriter().withBean(PojoListener.class).run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            template.send("orders", "not json");
            template.send("orders", (Object)new Order("B-2", 1));
            final PojoListener listener = context.getBean(PojoListener.class);
            await().atMost(WAIT).until(() -> listener.orders.items.size() == 1);
            assertThat(listener.orders.items).containsExactly(new Order("B-2", 1));
            assertThat(listener.orders.attempts).hasValue(1);
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("pojo");
            assertThat(container.getErrors()).isEqualTo(1);
        });
    }

    @Test
    void shouldRetryPoisonRecordThenSkipIt()
    {
        withWriter().withPropertyValues("kekbit.listener.retry.max-attempts=3").withBean(PoisonListener.class)
            .run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "poison-1");
                template.send("orders", "good");
                final PoisonListener listener = context.getBean(PoisonListener.class);
                await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
                assertThat(listener.received.items).containsExactly("good");
                assertThat(listener.received.attempts).hasValue(4);
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("poison");
                assertThat(container.getErrors()).isEqualTo(3);
                assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
            });
    }

    @Test
    void shouldCopyFailedRecordToDeadLetterChannel()
    {
        withWriter().withPropertyValues("kekbit.writers.dlq.channel-id=2", "kekbit.listener.dead-letter=dlq",
            "kekbit.listener.retry.max-attempts=2").withBean(PoisonListener.class).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("orders", "poison-dl");
                context.getBean(KekbitTemplate.class).send("orders", "after");
                final PoisonListener listener = context.getBean(PoisonListener.class);
                await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
                final List<String> dead = new CopyOnWriteArrayList<>();
                try (Reader reader = Kekbit.shmReader(root, 2))
                {
                    reader.read((buffer, offset, length, position) ->
                    {
                        final byte[] bytes = new byte[length];
                        buffer.get(offset, bytes);
                        dead.add(new String(bytes, StandardCharsets.UTF_8));
                    }, 10);
                }
                assertThat(dead).containsExactly("poison-dl");
            });
    }

    @Test
    void shouldStopContainerWhenConfiguredAndReportWhy()
    {
        withWriter().withPropertyValues("kekbit.listener.stop-on-error=true", "kekbit.listener.retry.max-attempts=1")
            .withBean(PoisonListener.class).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("orders", "poison-stop");
                context.getBean(KekbitTemplate.class).send("orders", "never");
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("poison");
                await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
                assertThat(container.getReason()).contains("error handler stopped the listener at position")
                    .contains("poison-stop");
                assertThat(container.isRunning()).isFalse();
                assertThat(context.getBean(PoisonListener.class).received.items).isEmpty();
            });
    }

    @Test
    void shouldUseUserErrorHandlerBean()
    {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final KekbitErrorHandler handler = (exception, record, attempt) ->
        {
            seen.add(record.channelName() + "@" + record.position() + "#" + attempt);
            return KekbitErrorHandler.SKIP;
        };
        withWriter().withBean(KekbitErrorHandler.class, () -> handler).withBean(PoisonListener.class).run(context ->
        {
            final long position = context.getBean(KekbitTemplate.class).send("orders", "poison-user");
            context.getBean(KekbitTemplate.class).send("orders", "fine");
            final PoisonListener listener = context.getBean(PoisonListener.class);
            await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
            assertThat(seen).containsExactly("orders@" + position + "#1");
        });
    }

    @Test
    void shouldPauseAndResume()
    {
        withWriter().withBean(StringListener.class).run(context ->
        {
            final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
            final KekbitMessageListenerContainer container = registry.getListenerContainer("strings");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
            registry.pause("strings");
            assertThat(container.isPauseRequested()).isTrue();
            await().atMost(WAIT).until(container::isPaused);
            context.getBean(KekbitTemplate.class).send("orders", "while paused");
            final StringListener listener = context.getBean(StringListener.class);
            await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> listener.received.items.isEmpty());
            assertThat(container.isRunning()).isTrue();
            registry.resume("strings");
            await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
            assertThat(container.isPaused()).isFalse();
        });
    }

    @Test
    void shouldPollWithAnIdleStrategyObject()
    {
        final java.util.concurrent.atomic.AtomicInteger idles = new java.util.concurrent.atomic.AtomicInteger();
        final io.kekbit.core.idle.IdleStrategy counting = new io.kekbit.core.idle.IdleStrategy()
        {
            @Override
            public void idle()
            {
                idles.incrementAndGet();
                java.util.concurrent.locks.LockSupport.parkNanos(100_000L);
            }

            @Override
            public void reset()
            {
            }
        };
        withWriter().withBean(StringListener.class).run(context ->
        {
            final KekbitListenerContainer container = (KekbitListenerContainer)context.getBean(
                KekbitListenerEndpointRegistry.class).getListenerContainer("strings");
            container.stop();
            container.setIdleStrategy(counting);
            container.start();
            await().atMost(WAIT).until(() -> idles.get() > 10);
            context.getBean(KekbitTemplate.class).send("orders", "with an object");
            final StringListener listener = context.getBean(StringListener.class);
            await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
            assertThat(listener.received.items).singleElement().asString().startsWith("with an object@");
        });
    }

    @Test
    void shouldStopWhilePaused()
    {
        withWriter().withBean(StringListener.class).run(context ->
        {
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("strings");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
            container.pause();
            await().atMost(WAIT).until(container::isPaused);
            container.stop();
            assertThat(container.isRunning()).as("the poll thread ended within the shutdown timeout").isFalse();
        });
    }

    @Test
    void shouldResumeFromDurablePositionAfterRestart()
    {
        try (Writer writer = Kekbit.shmWriter(root, io.kekbit.core.Header.of(0, 77, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            final ApplicationContextRunner runner = contextRunner.withPropertyValues("kekbit.root-path=" + root,
                "channel=77").withBean(DurableListener.class);
            writer.write("a".getBytes(StandardCharsets.UTF_8));
            writer.write("b".getBytes(StandardCharsets.UTF_8));
            runner.run(context ->
            {
                final DurableListener listener = context.getBean(DurableListener.class);
                await().atMost(WAIT).until(() -> listener.received.items.size() == 2);
                assertThat(listener.received.items).containsExactly("a", "b");
            });
            writer.write("c".getBytes(StandardCharsets.UTF_8));
            runner.run(context ->
            {
                final DurableListener listener = context.getBean(DurableListener.class);
                await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
                assertThat(listener.received.items).containsExactly("c");
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("durable");
                await().atMost(WAIT).until(() -> container.getRecords() == 1);
                assertThat(container.getLagRecords()).isZero();
            });
            try (DurablePosition saved = DurablePosition.open(root, 77, "durable"))
            {
                assertThat(saved.get()).isEqualTo(writer.writeOffset());
            }
        }
    }

    @Test
    void shouldStopGracefullyAndRestartById()
    {
        withWriter().withBean(StringListener.class).run(context ->
        {
            final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
            final KekbitMessageListenerContainer container = registry.getListenerContainer("strings");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
            registry.stop("strings");
            assertThat(container.isRunning()).isFalse();
            assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
            assertThat(container.getReason()).isNull();
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("strings"));
            context.getBean(KekbitTemplate.class).send("orders", "after restart");
            registry.start("strings");
            final StringListener listener = context.getBean(StringListener.class);
            await().atMost(WAIT).until(() -> listener.received.items.size() == 1);
        });
    }

    @Test
    void shouldFinishRecordInHandWhenStoppingAndSaveItsPosition()
    {
        withWriter().withPropertyValues("kekbit.listener.max-records-per-poll=1").withBean(SlowListener.class)
            .run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "in hand");
                final long next = template.send("orders", "next");
                final SlowListener listener = context.getBean(SlowListener.class);
                assertThat(listener.entered.await(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final Thread stopper = new Thread(() -> registry.stop("slow"), "stopper");
                stopper.start();
                await().atMost(WAIT).until(() -> !registry.getListenerContainer("slow").isRunning());
                listener.release.countDown();
                stopper.join(WAIT.toMillis());
                assertThat(stopper.isAlive()).isFalse();
                final KekbitMessageListenerContainer container = registry.getListenerContainer("slow");
                assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
                assertThat(listener.received.items).containsExactly("in hand");
                assertThat(container.getPosition()).isEqualTo(next);
                try (DurablePosition saved = DurablePosition.open(root, 1, "slow"))
                {
                    assertThat(saved.get()).isEqualTo(next);
                }
            });
    }

    @Test
    void shouldNotStartWhenAutoStartupIsOff()
    {
        withWriter().withPropertyValues("kekbit.listener.auto-startup=false").withBean(StringListener.class)
            .run(context ->
            {
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("strings");
                assertThat(container.isRunning()).isFalse();
                assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);
            });
    }

    @Test
    void shouldStopByItselfWhenChannelIsClosed()
    {
        final Writer writer = Kekbit.shmWriter(root, io.kekbit.core.Header.of(0, 78, 1 << 16, 256, 60_000, TickUnit.MILLIS));
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=78").withBean(DurableListener.class)
            .run(context ->
            {
                writer.write("last".getBytes(StandardCharsets.UTF_8));
                writer.close();
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("durable");
                await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
                assertThat(container.getReason()).startsWith("CLOSED");
                assertThat(context.getBean(DurableListener.class).received.items).containsExactly("last");
            });
    }

    @Test
    void shouldWaitForRecreatedChannelWhenConfigured() throws Exception
    {
        final Writer first = Kekbit.shmWriter(root, io.kekbit.core.Header.of(0, 81, 1 << 16, 256, 60_000,
            TickUnit.MILLIS));
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=81", "kekbit.listener.await-recreate=true")
            .withBean(DurableListener.class).run(context ->
            {
                first.write("old".getBytes(StandardCharsets.UTF_8));
                first.close();
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("durable");
                await().atMost(WAIT).until(() ->
                    container.getState() == KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL);
                assertThat(container.getReason()).startsWith("CLOSED");
                assertThat(container.isRunning()).isTrue();
                java.nio.file.Files.delete(Kekbit.storagePath(root, 81));
                try (Writer second = Kekbit.shmWriter(root, io.kekbit.core.Header.of(0, 81, 1 << 16, 256, 60,
                    TickUnit.SECS)))
                {
                    final long position = second.writeOffset();
                    second.write("new".getBytes(StandardCharsets.UTF_8));
                    final DurableListener listener = context.getBean(DurableListener.class);
                    await().atMost(WAIT).until(() -> listener.received.items.size() == 2);
                    assertThat(listener.received.items).containsExactly("old", "new");
                    assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
                    assertThat(container.getReason()).isNull();
                    await().atMost(WAIT).until(() -> container.getPosition() > position);
                    assertThat(container.getLagRecords()).isZero();
                }
            });
    }

    @Test
    void shouldStopByItselfWhenWriterTimesOut()
    {
        try (Writer writer = Kekbit.shmWriter(root, io.kekbit.core.Header.of(0, 79, 1 << 16, 256, 200, TickUnit.MILLIS)))
        {
            contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=79").withBean(DurableListener.class)
                .run(context ->
                {
                    final KekbitMessageListenerContainer container =
                        context.getBean(KekbitListenerEndpointRegistry.class)
                        .getListenerContainer("durable");
                    await().atMost(WAIT).until(() ->
                        container.getState() == KekbitMessageListenerContainer.State.FAILED);
                    assertThat(container.getReason()).startsWith("TIMEOUT");
                    assertThat(writer.isClosed()).isFalse();
                });
        }
    }

    @Test
    void shouldReportMissingChannelAfterWaitTimeout()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=80",
            "kekbit.listener.wait-timeout=50ms").withBean(DurableListener.class).run(context ->
            {
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("durable");
                await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
                assertThat(container.getReason()).contains("cannot open channel '80'").contains("PT0.05S");
            });
    }

    @Test
    void shouldFailStartupOnAListenerThatReturnsAValueWithoutSendTo()
    {
        withWriter().withBean(ReturningListener.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("returns a value (java.lang.String) needs @SendTo");
            final org.springframework.boot.diagnostics.FailureAnalysis analysis =
                new io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("echo(java.lang.String)").contains("needs @SendTo");
        });
    }

    @Test
    void shouldFailStartupOnUnsupportedSignature()
    {
        withWriter().withBean(BadSignatureListener.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("onTwo")
                .hasMessageContaining("only one payload parameter");
            final org.springframework.boot.diagnostics.FailureAnalysis analysis =
                new io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Method: void io.kekbit.spring.listener")
                .contains("onTwo(java.lang.String,java.lang.String)").contains("only one payload parameter");
        });
    }

    @Test
    void shouldFailStartupOnUnknownChannel()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=nowhere").withBean(DurableListener.class)
            .run(context ->
            {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("unknown channel 'nowhere'");
            });
    }

    @Test
    void shouldReadCloseMarkerWrittenOnShutdown()
    {
        withWriter().run(context -> context.getBean(KekbitTemplate.class).send("orders", "x"));
        try (Reader reader = Kekbit.shmReader(root, 1))
        {
            reader.read((b, o, l, p) -> { }, 10);
            reader.read((b, o, l, p) -> { }, 10);
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
        }
    }
}
