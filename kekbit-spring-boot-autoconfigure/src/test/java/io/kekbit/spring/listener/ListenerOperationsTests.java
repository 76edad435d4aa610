package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.health.KekbitListenerHealthIndicator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Listener containers in operation: JVM errors stop the container instead of being retried or skipped, configured
 * exception types are not retried, a listener that stops its own container does not wait for itself, containers
 * stop in parallel, and writers log one line when they close.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerOperationsTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=1ms",
            "kekbit.listener.retry.max-attempts=5");

    private ApplicationContextRunner withChannel()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.feed.channel-id=40",
            "kekbit.readers.in.channel-id=40", "kekbit.readers.in.start-from=beginning");
    }

    static class JvmErrorListener
    {
        final AtomicInteger calls = new AtomicInteger();

        @KekbitListener(channel = "in", id = "oom")
        void on(final String text)
        {
            calls.incrementAndGet();
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        }
    }

    static class NotRetryableListener
    {
        final AtomicInteger calls = new AtomicInteger();
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "in", id = "picky")
        void on(final String text)
        {
            calls.incrementAndGet();
            if (text.startsWith("bad"))
            {
                throw new IllegalArgumentException("cannot use " + text);
            }
            received.add(text);
        }
    }

    static class SelfStoppingListener
    {
        final AtomicBoolean stopReturned = new AtomicBoolean();
        final List<String> received = new CopyOnWriteArrayList<>();

        private final ObjectProvider<KekbitListenerEndpointRegistry> registry;

        SelfStoppingListener(final ObjectProvider<KekbitListenerEndpointRegistry> registry)
        {
            this.registry = registry;
        }

        @KekbitListener(channel = "in", id = "self-stop")
        void on(final String text)
        {
            received.add(text);
            if (text.equals("stop"))
            {
                registry.getObject().stop("self-stop");
                stopReturned.set(true);
            }
        }
    }

    static class StuckListeners
    {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger inside = new AtomicInteger();

        @KekbitListener(channel = "in", id = "stuck-1")
        void first(final String text) throws InterruptedException
        {
            block();
        }

        @KekbitListener(channel = "in", id = "stuck-2")
        void second(final String text) throws InterruptedException
        {
            block();
        }

        private void block()
        {
            inside.incrementAndGet();
            boolean released = false;
            while (!released)
            {
                try
                {
                    released = release.await(1, java.util.concurrent.TimeUnit.MINUTES);
                }
                catch (final InterruptedException ex)
                {
                    // Not interruptible: a listener stuck in a call that ignores interrupts.
                }
            }
        }
    }

    @Test
    void shouldStopTheContainerOnAJvmErrorWithoutRetryOrSkip()
    {
        withChannel().withBean(JvmErrorListener.class).run(context ->
        {
            send(context.getBean("feed", Writer.class), "a", "b");
            final KekbitMessageListenerContainer container =
                context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("oom");
            await().atMost(Duration.ofSeconds(30)).until(() -> container.getState() ==
                KekbitMessageListenerContainer.State.FAILED);
            assertThat(context.getBean(JvmErrorListener.class).calls).hasValue(1);
            assertThat(container.getReason()).contains("JVM error at position 8")
                .contains("java.lang.OutOfMemoryError: Java heap space (thrown by the test)");
            assertThat(container.getPosition()).as("the record is not consumed").isEqualTo(8);
            assertThat(new KekbitListenerHealthIndicator(container).health(true).getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void shouldNotRetryConfiguredExceptionTypes()
    {
        withChannel().withPropertyValues("kekbit.listener.retry.not-retryable=java.lang.IllegalArgumentException")
            .withBean(NotRetryableListener.class).run(context ->
            {
                send(context.getBean("feed", Writer.class), "bad-1", "good-2");
                final NotRetryableListener listener = context.getBean(NotRetryableListener.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.contains("good-2"));
                assertThat(listener.calls).as("one delivery of bad-1, one of good-2").hasValue(2);
            });
        withChannel().withPropertyValues("kekbit.writers.feed.on-existing=recreate")
            .withBean(NotRetryableListener.class).run(context ->
            {
                send(context.getBean("feed", Writer.class), "bad-1", "good-2");
                final NotRetryableListener listener = context.getBean(NotRetryableListener.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> listener.received.contains("good-2"));
                assertThat(listener.calls).as("five deliveries of bad-1 by default").hasValue(6);
            });
    }

    @Test
    void shouldLetAListenerStopItsOwnContainerWithoutWaitingForItself()
    {
        withChannel().withPropertyValues("kekbit.listener.shutdown-timeout=5m")
            .withBean(SelfStoppingListener.class).run(context ->
            {
                send(context.getBean("feed", Writer.class), "one", "stop", "after");
                final SelfStoppingListener listener = context.getBean(SelfStoppingListener.class);
                await().atMost(Duration.ofSeconds(60)).untilTrue(listener.stopReturned);
                final KekbitMessageListenerContainer container =
                    context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("self-stop");
                await().atMost(Duration.ofSeconds(60)).until(() -> !container.isRunning());
                assertThat(listener.received).containsExactly("one", "stop");
            });
    }

    @Test
    void shouldStopContainersInParallel()
    {
        withChannel().withBean(StuckListeners.class).run(context ->
            {
                send(context.getBean("feed", Writer.class), "x");
                final StuckListeners listeners = context.getBean(StuckListeners.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> listeners.inside.get() == 2);
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final CountDownLatch stopped = new CountDownLatch(1);
                registry.stop(stopped::countDown);
                // Both containers were asked at once, while both listeners are still stuck in their record, and the
                // lifecycle callback waits for their threads: it does not come from the caller.
                assertThat(registry.getListenerContainers()).hasSize(2)
                    .allSatisfy(container -> assertThat(container.isRunning()).isFalse());
                assertThat(stopped.getCount()).isOne();
                listeners.release.countDown();
                assertThat(stopped.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                assertThat(registry.getListenerContainers()).allSatisfy(container ->
                    assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED));
            });
    }

    @Test
    void shouldWaitUpToTheShutdownTimeoutAndNameTheListenersThatDidNotStop(final CapturedOutput output)
    {
        withChannel().withPropertyValues("kekbit.listener.shutdown-timeout=1s").withBean(StuckListeners.class)
            .run(context ->
            {
                send(context.getBean("feed", Writer.class), "x");
                final StuckListeners listeners = context.getBean(StuckListeners.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> listeners.inside.get() == 2);
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                registry.stop();
                assertThat(output.getAll()).contains("listeners [stuck-1, stuck-2] did not stop within PT1S");
                listeners.release.countDown();
                await().atMost(Duration.ofSeconds(60)).until(() -> registry.getListenerContainers().stream()
                    .allMatch(container -> container.getState() == KekbitMessageListenerContainer.State.STOPPED));
            });
    }

    @Test
    void shouldLogOneLinePerWriterAtClose(final CapturedOutput output)
    {
        withChannel().run(context -> send(context.getBean("feed", Writer.class), "a", "b", "c"));
        assertThat(output.getAll()).containsOnlyOnce("writer 'feed' closed channel 0x28 at position ")
            .contains(" after 3 records (CLOSE written");
    }

    private static void send(final Writer writer, final String... records)
    {
        for (final String record : records)
        {
            assertThat(writer.write(record.getBytes(StandardCharsets.UTF_8))).isPositive();
        }
    }
}
