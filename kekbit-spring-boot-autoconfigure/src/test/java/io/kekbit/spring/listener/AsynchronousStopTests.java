package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code stop(Runnable)} returns at once, as Spring Kafka's containers do, and calls back once the poll thread ended:
 * a real channel, a listener held inside a record by a latch, and a real context closing with two busy containers.
 */
class AsynchronousStopTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long CHANNEL = 91;
    private static final KekbitErrorHandler SKIP_ALL = (exception, record, attempt) -> KekbitErrorHandler.SKIP;

    @TempDir
    Path root;

    /** A listener that signals it entered a record, then waits until released. */
    public static final class BusySink
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger finished = new AtomicInteger();
        final List<String> payloads = new CopyOnWriteArrayList<>();

        public void onRecord(final byte[] payload) throws InterruptedException
        {
            payloads.add(new String(payload, StandardCharsets.UTF_8));
            entered.countDown();
            if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS))
            {
                throw new IllegalStateException("never released");
            }
            finished.incrementAndGet();
        }
    }

    /** What the stop callback saw when it ran. */
    static final class CallbackView
    {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Thread> thread = new AtomicReference<>();
        final AtomicReference<KekbitMessageListenerContainer.State> state = new AtomicReference<>();
        final AtomicInteger finishedRecords = new AtomicInteger(-1);
        final AtomicInteger stoppedEvents = new AtomicInteger(-1);
    }

    @Test
    void shouldReturnAtOnceAndCallBackOnceAfterThePollThreadEndedWithThePositionSaved() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final List<KekbitListenerContainerStoppedEvent> stopped = new CopyOnWriteArrayList<>();
        factory.setApplicationEventPublisher(event ->
        {
            if (event instanceof KekbitListenerContainerStoppedEvent stoppedEvent)
            {
                stopped.add(stoppedEvent);
            }
        });
        final BusySink sink = new BusySink();
        final Method method = BusySink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerEndpoint endpoint = new KekbitListenerEndpoint("busy", "orders", CHANNEL, root,
            StartFrom.BEGINNING, "busy", null, "sleep-1ms", 16, true, Duration.ofSeconds(30), false);
        final KekbitListenerContainer container = factory.createContainer(endpoint, sink, method, null, false,
            SKIP_ALL);
        final CallbackView view = new CallbackView();
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, CHANNEL, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            container.start();
            writer.write("one".getBytes(StandardCharsets.UTF_8));
            assertThat(sink.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            container.stop(() ->
            {
                view.thread.set(Thread.currentThread());
                view.state.set(container.getState());
                view.finishedRecords.set(sink.finished.get());
                view.stoppedEvents.set(stopped.size());
                view.calls.incrementAndGet();
            });

            // stop(callback) returned while the listener is still inside the record.
            assertThat(sink.release.getCount()).isEqualTo(1);
            assertThat(sink.finished).hasValue(0);
            assertThat(view.calls).hasValue(0);
            assertThat(container.isRunning()).isFalse();
            assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);

            sink.release.countDown();
            await().atMost(WAIT).until(() -> view.calls.get() == 1);
        }
        try
        {
            assertThat(view.thread.get()).isNotSameAs(Thread.currentThread());
            assertThat(view.finishedRecords).hasValue(1);
            assertThat(view.state.get()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
            assertThat(view.stoppedEvents).hasValue(1);
            assertThat(stopped.get(0).getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL);
            assertThat(container.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL);
            assertThat(container.getPosition()).isPositive();
            assertThat(DurablePosition.peek(StorageDescriptor.positionPath(root, CHANNEL, "busy")))
                .isEqualTo(container.getPosition());

            // Already stopped: the callback runs at once, on the caller's thread; the first one never runs again.
            final AtomicReference<Thread> again = new AtomicReference<>();
            container.stop(() -> again.set(Thread.currentThread()));
            assertThat(again.get()).isSameAs(Thread.currentThread());
            assertThat(view.calls).hasValue(1);
            assertThat(stopped).hasSize(1);
        }
        finally
        {
            container.destroy();
        }
    }

    @Test
    void shouldStartAgainAfterAnAsynchronousStopOnlyOnceThePreviousPollThreadEnded() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final BusySink sink = new BusySink();
        final KekbitListenerEndpoint endpoint = new KekbitListenerEndpoint("restart", "orders", CHANNEL, root,
            StartFrom.BEGINNING, "restart", null, "sleep-1ms", 16, true, Duration.ofSeconds(30), false);
        final KekbitListenerContainer container = factory.createContainer(endpoint, sink,
            BusySink.class.getMethod("onRecord", byte[].class), null, false, SKIP_ALL);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, CHANNEL, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            container.start();
            writer.write("one".getBytes(StandardCharsets.UTF_8));
            assertThat(sink.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            final AtomicInteger callbacks = new AtomicInteger();
            container.stop(callbacks::incrementAndGet);
            // start() waits for the stopping thread: run it beside, and release the record only once it waits.
            final CompletableFuture<Void> restart = CompletableFuture.runAsync(container::start);
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING &&
                !restart.isDone());
            assertThat(callbacks).hasValue(0);
            sink.release.countDown();
            restart.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(callbacks).as("the first run ended before the second began").hasValue(1);
            await().atMost(WAIT).until(container::isRunning);
            writer.write("two".getBytes(StandardCharsets.UTF_8));
            // The second run starts from the beginning again (start-from), then gets the new record.
            await().atMost(WAIT).until(() -> sink.payloads.contains("two"));
            assertThat(sink.payloads).containsExactly("one", "one", "two");
            assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
        }
        finally
        {
            container.destroy();
        }
    }

    @Test
    void shouldRunTheCallbackAtOnceForAContainerNeverStarted() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final KekbitListenerEndpoint endpoint = new KekbitListenerEndpoint("idle", "orders", CHANNEL, root,
            StartFrom.BEGINNING, "idle", null, "sleep-1ms", 16, true, Duration.ofSeconds(30), false);
        final KekbitListenerContainer container = factory.createContainer(endpoint, new BusySink(),
            BusySink.class.getMethod("onRecord", byte[].class), null, false, SKIP_ALL);
        final AtomicInteger calls = new AtomicInteger();
        container.stop(calls::incrementAndGet);
        assertThat(calls).hasValue(1);
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);
        container.destroy();
    }

    /** Two listeners, each held inside its first record until the test releases it. */
    static class TwoBusyListeners
    {
        final CountDownLatch entered = new CountDownLatch(2);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger finished = new AtomicInteger();

        @KekbitListener(channel = "orders", id = "busy-orders", startFrom = "beginning")
        void onOrder(final String text) throws InterruptedException
        {
            hold();
        }

        @KekbitListener(channel = "invoices", id = "busy-invoices", startFrom = "beginning")
        void onInvoice(final String text) throws InterruptedException
        {
            hold();
        }

        private void hold() throws InterruptedException
        {
            entered.countDown();
            if (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS))
            {
                throw new IllegalStateException("never released");
            }
            finished.incrementAndGet();
        }
    }

    /** Counts stopped events by listener. */
    static final class StoppedEvents implements ApplicationListener<KekbitListenerContainerStoppedEvent>
    {
        final List<String> ids = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(final KekbitListenerContainerStoppedEvent event)
        {
            ids.add(event.getListenerId());
        }
    }

    @Test
    void shouldStopTwoBusyContainersInParallelWhenTheContextCloses()
    {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
            .withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.idle-strategy=sleep-1ms",
                "kekbit.writers.orders.channel-id=11", "kekbit.writers.invoices.channel-id=12",
                "kekbit.listener.shutdown-timeout=30s", "spring.lifecycle.timeout-per-shutdown-phase=60s")
            .withBean(TwoBusyListeners.class)
            .withBean(StoppedEvents.class)
            .run(context ->
            {
                final TwoBusyListeners listeners = context.getBean(TwoBusyListeners.class);
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final StoppedEvents stoppedEvents = context.getBean(StoppedEvents.class);
                template.send("orders", "order-1");
                template.send("invoices", "invoice-1");
                assertThat(listeners.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
                final KekbitMessageListenerContainer orders = registry.getListenerContainer("busy-orders");
                final KekbitMessageListenerContainer invoices = registry.getListenerContainer("busy-invoices");

                final ConfigurableApplicationContext closing = context.getSourceApplicationContext();
                final Thread closer = new Thread(closing::close, "closer");
                closer.start();
                // Both containers were asked to stop while both listeners are still inside their records.
                await().atMost(WAIT).until(() -> !orders.isRunning() && !invoices.isRunning());
                assertThat(listeners.finished).hasValue(0);
                assertThat(closer.isAlive()).isTrue();

                listeners.release.countDown();
                closer.join(WAIT.toMillis());
                assertThat(closer.isAlive()).isFalse();
                assertThat(listeners.finished).hasValue(2);
                assertThat(orders.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
                assertThat(invoices.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
                assertThat(stoppedEvents.ids)
                    .containsExactlyInAnyOrder("busy-orders", "busy-invoices");
                assertThat(DurablePosition.peek(StorageDescriptor.positionPath(root, 11, "busy-orders")))
                    .isEqualTo(orders.getPosition()).isPositive();
                assertThat(DurablePosition.peek(StorageDescriptor.positionPath(root, 12, "busy-invoices")))
                    .isEqualTo(invoices.getPosition()).isPositive();
            });
    }
}
