package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;

/**
 * The lifecycle and event contract of {@link AbstractKekbitListenerContainer}, with a container whose "poll thread"
 * is simulated by the test: no channel, no thread.
 */
class AbstractKekbitListenerContainerTests
{
    private static final KekbitListenerEndpoint ENDPOINT = new KekbitListenerEndpoint("unit", "orders", 1,
        Path.of("unused"), StartFrom.BEGINNING, "unit", null, "sleep", 1, true, Duration.ofSeconds(1), false);

    /** Records what the base asks of the subclass. */
    static final class FakeContainer extends AbstractKekbitListenerContainer
    {
        final List<String> calls = new ArrayList<>();
        boolean active;
        boolean paused;
        Thread pollThread;
        Runnable stopCallback;

        FakeContainer()
        {
            super(ENDPOINT);
        }

        @Override
        protected void doStart()
        {
            calls.add("doStart");
            active = true;
        }

        @Override
        protected void doStop()
        {
            calls.add("doStop");
            active = false;
            ended();
        }

        @Override
        protected void doStop(final Runnable callback)
        {
            calls.add("doStop(callback)");
            stopCallback = callback;
        }

        @Override
        protected void doRequestStop()
        {
            calls.add("doRequestStop");
        }

        @Override
        protected void doPause()
        {
            calls.add("doPause");
        }

        @Override
        protected void doResume()
        {
            calls.add("doResume");
        }

        @Override
        protected boolean isActive()
        {
            return active;
        }

        @Override
        protected boolean isPollThread(final Thread candidate)
        {
            return candidate == pollThread;
        }

        @Override
        protected boolean isPollPaused()
        {
            return paused;
        }

        @Override
        public long getPosition()
        {
            return 0;
        }

        @Override
        public boolean isRoll()
        {
            return false;
        }

        @Override
        public long getSegment()
        {
            return 0;
        }

        @Override
        public long getLagSegments()
        {
            return 0;
        }

        @Override
        public long getLagBytes()
        {
            return 0;
        }

        @Override
        public long getLagRecords()
        {
            return 0;
        }

        @Override
        public long getRecords()
        {
            return 0;
        }

        @Override
        public long getErrors()
        {
            return 0;
        }

        @Override
        public long getSkipped()
        {
            return 0;
        }

        @Override
        public long getDeadLetters()
        {
            return 0;
        }
    }

    @Test
    void shouldStartOnceWhileActiveAndWaitForTheThreadOnStop()
    {
        final FakeContainer container = new FakeContainer();
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);
        container.start();
        container.start();
        assertThat(container.calls).containsExactly("doStart");
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL);
        assertThat(container.isRunning()).isTrue();
        container.stop();
        assertThat(container.calls).containsExactly("doStart", "doRequestStop", "doStop");
        assertThat(container.isRunning()).isFalse();
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
        assertThat(container.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL);
    }

    @Test
    void shouldHandTheCallbackToTheSubclassWithoutWaitingOnAnAsynchronousStop()
    {
        final FakeContainer container = new FakeContainer();
        container.start();
        final AtomicInteger callbacks = new AtomicInteger();
        container.stop(callbacks::incrementAndGet);
        assertThat(container.calls).containsExactly("doStart", "doRequestStop", "doStop(callback)");
        assertThat(callbacks).hasValue(0);
        assertThat(container.isStopRequested()).isTrue();
        assertThat(container.isRunning()).isFalse();
        container.stopCallback.run();
        assertThat(callbacks).hasValue(1);
    }

    @Test
    void shouldOnlyRequestTheStopWhenCalledFromThePollThread()
    {
        final FakeContainer container = new FakeContainer();
        container.start();
        container.pollThread = Thread.currentThread();
        final AtomicInteger callbacks = new AtomicInteger();
        container.stop(callbacks::incrementAndGet);
        assertThat(container.calls).containsExactly("doStart", "doRequestStop");
        assertThat(callbacks).hasValue(1);
        assertThat(container.isStopRequested()).isTrue();
        assertThat(container.isRunning()).isFalse();
    }

    @Test
    void shouldKeepPauseRequestedDistinctFromPaused()
    {
        final FakeContainer container = new FakeContainer();
        container.start();
        container.running();
        container.pause();
        assertThat(container.isPauseRequested()).isTrue();
        assertThat(container.isPaused()).isFalse();
        container.paused = true;
        assertThat(container.isPaused()).isTrue();
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.PAUSED);
        container.resume();
        assertThat(container.isPauseRequested()).isFalse();
        assertThat(container.calls).containsExactly("doStart", "doPause", "doResume");
    }

    @Test
    void shouldPublishFailedThenStoppedWithTheReason()
    {
        final FakeContainer container = new FakeContainer();
        final List<ApplicationEvent> events = new CopyOnWriteArrayList<>();
        container.setApplicationEventPublisher(event -> events.add((ApplicationEvent)event));
        container.start();
        final IllegalStateException cause = new IllegalStateException("boom");
        container.fail("it broke", KekbitMessageListenerContainer.StopReason.FAILURE, cause);
        container.ended();
        assertThat(container.isRunning()).isFalse();
        assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.FAILED);
        assertThat(events).hasSize(2);
        final KekbitListenerContainerFailedEvent failed = (KekbitListenerContainerFailedEvent)events.get(0);
        assertThat(failed.getListenerId()).isEqualTo("unit");
        assertThat(failed.getReason()).isEqualTo("it broke");
        assertThat(failed.getCause()).isSameAs(cause);
        final KekbitListenerContainerStoppedEvent stopped = (KekbitListenerContainerStoppedEvent)events.get(1);
        assertThat(stopped.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.FAILURE);
        assertThat(stopped.getReason()).isEqualTo("it broke");
        assertThat(stopped.getContainer()).isSameAs(container);
    }

    @Test
    void shouldNotLetAFailingEventListenerBreakThePollThread()
    {
        final FakeContainer container = new FakeContainer();
        container.setApplicationEventPublisher(event ->
        {
            throw new IllegalStateException("listener of the event failed");
        });
        container.start();
        container.ended();
        assertThat(container.getStopReason()).isEqualTo(KekbitMessageListenerContainer.StopReason.NORMAL);
    }
}
