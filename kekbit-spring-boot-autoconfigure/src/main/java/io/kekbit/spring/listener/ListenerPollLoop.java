package io.kekbit.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Reader;
import io.kekbit.core.ReaderRunner;
import io.kekbit.core.idle.IdleStrategy;

import org.springframework.core.log.LogAccessor;

/**
 * One run of a container's poll thread: opens the {@link ListenerSource}, moves to the start, runs core's
 * {@link ReaderRunner} duty cycle with the {@link RecordDispatcher} until a stop, saves the durable position after
 * each poll that moved it, and asks the source what an exhausted reader means. Publishes idle events when an
 * interval is set. Once it ended (position saved, state and stopped event set) it runs the callbacks of asynchronous
 * stops ({@link #whenDone}). A new loop is made for each start. {@link #run()} runs on the poll thread; the request
 * methods may be called from any thread.
 */
final class ListenerPollLoop implements Runnable, ListenerStatus
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final AbstractKekbitListenerContainer container;
    private final KekbitListenerEndpoint endpoint;
    private final ListenerSource source;
    private final ChannelWaiter waiter;
    private final RecordDispatcher dispatcher;
    private final ListenerCounters counters;
    private final IdleStrategy idle;
    private final long idleEventNanos;
    private final LongConsumer afterPoll = this::afterPoll;
    private final CountDownLatch done = new CountDownLatch(1);
    /** Callbacks of asynchronous stops, run once the loop ended; null once they ran. Guarded by {@code this}. */
    private List<Runnable> doneCallbacks = new ArrayList<>(1);
    private volatile Thread thread;
    private volatile ReaderRunner runner;
    private Reader reader;
    private DurablePosition durable;
    private long lastActivityNanos;
    private long lastIdleEventNanos;

    ListenerPollLoop(
        final AbstractKekbitListenerContainer container,
        final ListenerSource source,
        final RecordDispatcher dispatcher,
        final ListenerCounters counters,
        final IdleStrategy idle,
        final Duration idleEventInterval)
    {
        this.container = container;
        this.endpoint = container.getEndpoint();
        this.source = source;
        this.waiter = new ChannelWaiter(endpoint, this);
        this.dispatcher = dispatcher;
        this.counters = counters;
        this.idle = idle;
        this.idleEventNanos = idleEventInterval == null ? 0 : idleEventInterval.toNanos();
    }

    /**
     * Runs the listener until a stop, on the calling thread, which is named after the listener meanwhile.
     */
    @Override
    public void run()
    {
        final Thread current = Thread.currentThread();
        thread = current;
        final String previousName = current.getName();
        current.setName(endpoint.id());
        try
        {
            reader = source.open(waiter);
            if (reader == null)
            {
                return;
            }
            durable = source.openDurable(endpoint.durableName());
            final long index = source.moveToStart(reader, durable, endpoint.startFrom());
            counters.restart(reader.position(), index);
            durable.set(counters.position());
            LOGGER.info(() -> "listener '" + endpoint.id() + "' reading " + source.describe(counters.position()));
            poll();
        }
        catch (final RuntimeException | Error ex)
        {
            container.fail("listener failed: " + ex, KekbitMessageListenerContainer.StopReason.FAILURE, ex);
            LOGGER.error(ex, () -> "listener '" + endpoint.id() + "' stopped");
        }
        finally
        {
            try
            {
                closeQuietly();
            }
            finally
            {
                // Whatever closing did, the loop has ended: stop callbacks and a later start depend on it.
                container.ended();
                current.setName(previousName);
                done.countDown();
                runDoneCallbacks();
            }
        }
    }

    private void closeQuietly()
    {
        try
        {
            if (durable != null)
            {
                durable.close();
            }
        }
        catch (final RuntimeException ex)
        {
            LOGGER.warn(ex, () -> "listener '" + endpoint.id() + "': could not close its durable position");
        }
        finally
        {
            if (reader != null)
            {
                reader.close();
            }
        }
    }

    /**
     * Marks a loop that never ran (its executor refused it) as done.
     */
    void rejected()
    {
        done.countDown();
        runDoneCallbacks();
    }

    /**
     * Runs a callback once the loop ended: later, on the poll thread as it ends, or now on the calling thread when it
     * already ended. Each callback runs exactly once.
     *
     * @param callback the callback.
     */
    void whenDone(final Runnable callback)
    {
        synchronized (this)
        {
            if (doneCallbacks != null)
            {
                doneCallbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    private void runDoneCallbacks()
    {
        final List<Runnable> callbacks;
        synchronized (this)
        {
            callbacks = doneCallbacks;
            doneCallbacks = null;
        }
        if (callbacks == null)
        {
            return;
        }
        for (final Runnable callback : callbacks)
        {
            try
            {
                callback.run();
            }
            catch (final RuntimeException | Error ex)
            {
                LOGGER.warn(ex, () -> "listener '" + endpoint.id() + "': a stop callback failed");
            }
        }
    }

    /**
     * Waits for the loop to end.
     *
     * @param timeout how long to wait.
     * @return true when it ended.
     */
    boolean awaitDone(final Duration timeout)
    {
        try
        {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return done.getCount() == 0;
        }
    }

    boolean isActive()
    {
        return done.getCount() > 0;
    }

    boolean runsOn(final Thread candidate)
    {
        return thread == candidate && done.getCount() > 0;
    }

    boolean isPaused()
    {
        final ReaderRunner cycle = runner;
        return cycle != null && cycle.isPaused();
    }

    void requestStop()
    {
        final ReaderRunner cycle = runner;
        if (cycle != null)
        {
            cycle.requestStop();
        }
        unpark();
    }

    void pause()
    {
        final ReaderRunner cycle = runner;
        if (cycle != null)
        {
            cycle.pause();
        }
    }

    void resume()
    {
        final ReaderRunner cycle = runner;
        if (cycle != null)
        {
            cycle.resume();
        }
        unpark();
    }

    @Override
    public void waiting(final String why)
    {
        if (why == null)
        {
            container.waitOver();
        }
        else
        {
            container.waiting(why);
        }
    }

    @Override
    public boolean isWaiting()
    {
        return container.getState() == KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL;
    }

    @Override
    public void failed(final String why)
    {
        container.fail(why, KekbitMessageListenerContainer.StopReason.FAILURE, null);
    }

    @Override
    public void ended(final String why)
    {
        container.fail(why, KekbitMessageListenerContainer.StopReason.CHANNEL_ENDED, null);
    }

    @Override
    public boolean isStopRequested()
    {
        return container.isStopRequested();
    }

    /**
     * Runs duty cycles until a stop. A cycle ends when the reader is exhausted: the source then says whether to go
     * on with the same reader, with a new one, or to stop.
     */
    private void poll()
    {
        container.running();
        lastActivityNanos = System.nanoTime();
        lastIdleEventNanos = lastActivityNanos;
        final int maxRecords = endpoint.maxRecords();
        while (!container.isStopRequested())
        {
            final ReaderRunner cycle = ReaderRunner.controlled(reader, dispatcher, maxRecords, idle)
                .afterPoll(afterPoll);
            runner = cycle;
            if (container.isStopRequested())
            {
                return;
            }
            applyPauseRequest(cycle);
            cycle.run();
            if (cycle.stopReason() != ReaderRunner.StopReason.EXHAUSTED || dispatcher.isStoppedByErrorHandler())
            {
                return;
            }
            final Reader next = source.afterEnd(reader, waiter, this);
            if (next == null)
            {
                return;
            }
            if (next == reader)
            {
                idle.idle(0);
                continue;
            }
            reader.close();
            reader = next;
            counters.restart(next.position(), 0);
            durable.set(next.position());
            container.running();
        }
    }

    /**
     * After each poll of the duty cycle, on the poll thread: saves a new position, leaves the waiting state once
     * records flow, publishes an idle event when due, and ends the cycle when the error handler stopped the listener
     * or a stop is requested (pauses act on the published cycle: {@link #pause()}).
     */
    private void afterPoll(final long result)
    {
        dispatcher.afterPoll(reader);
        final long newPosition = reader.position();
        if (counters.advance(newPosition))
        {
            durable.set(newPosition);
        }
        final ReaderRunner cycle = runner;
        if (dispatcher.isStoppedByErrorHandler() || container.isStopRequested())
        {
            cycle.requestStop();
            return;
        }
        if (result > 0)
        {
            if (container.getState() == KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL)
            {
                container.running();
            }
            if (idleEventNanos > 0)
            {
                lastActivityNanos = System.nanoTime();
            }
        }
        else if (idleEventNanos > 0)
        {
            publishIdleWhenDue();
        }
    }

    /**
     * A pause requested before this cycle was published in {@link #runner} reached the previous cycle or none:
     * applies it to the new one. {@link #pause()} and {@link #resume()} act on the published cycle themselves, so a
     * resume that raced with this check undid nothing: the request is read again after pausing, and a withdrawn one
     * resumes the cycle (the requester writes the request before it reads {@link #runner}, this thread the other way
     * round, so one of the two always sees the other).
     */
    private void applyPauseRequest(final ReaderRunner cycle)
    {
        if (container.isPauseRequested())
        {
            cycle.pause();
            if (!container.isPauseRequested())
            {
                cycle.resume();
            }
        }
    }

    private void publishIdleWhenDue()
    {
        final long now = System.nanoTime();
        if (now - lastActivityNanos >= idleEventNanos && now - lastIdleEventNanos >= idleEventNanos)
        {
            lastIdleEventNanos = now;
            container.publish(new KekbitListenerContainerIdleEvent(container,
                TimeUnit.NANOSECONDS.toMillis(now - lastActivityNanos), counters.position()));
        }
    }

    private void unpark()
    {
        final Thread current = thread;
        if (current != null)
        {
            LockSupport.unpark(current);
        }
    }
}
