package io.kekbit.spring.listener;

import java.util.concurrent.locks.ReentrantLock;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.log.LogAccessor;

/**
 * Lifecycle, state and events of a {@link KekbitMessageListenerContainer}; subclasses run the poll thread.
 * {@link #start()}, {@link #stop()} and {@link #stop(Runnable)} are final and run under a lock, delegating to
 * {@link #doStart()}, {@link #doStop()} (waits) and {@link #doStop(Runnable)} (returns at once); {@link #pause()}
 * and {@link #resume()} set volatile requests the poll thread applies between polls. The poll thread reports through
 * the package-private state methods, which also publish the container's application events
 * ({@link KekbitListenerContainerFailedEvent}, {@link KekbitListenerContainerStoppedEvent}) when an
 * {@link ApplicationEventPublisher} is set. Thread-safe.
 */
public abstract class AbstractKekbitListenerContainer implements KekbitMessageListenerContainer
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final KekbitListenerEndpoint endpoint;
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private volatile boolean stopRequested;
    private volatile boolean pauseRequested;
    private volatile State state = State.CREATED;
    private volatile String reason;
    private volatile StopReason stopReason;
    private volatile boolean autoStartup;
    private volatile ApplicationEventPublisher eventPublisher;

    /**
     * Creates a container for an endpoint.
     *
     * @param endpoint the resolved listener settings.
     */
    protected AbstractKekbitListenerContainer(final KekbitListenerEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.autoStartup = endpoint.autoStartup();
    }

    /** {@inheritDoc} */
    @Override
    public final String getListenerId()
    {
        return endpoint.id();
    }

    /** {@inheritDoc} */
    @Override
    public final KekbitListenerEndpoint getEndpoint()
    {
        return endpoint;
    }

    /**
     * Sets where the container publishes its events; none are published without one.
     *
     * @param eventPublisher the publisher, usually the application context, or null.
     */
    public void setApplicationEventPublisher(final ApplicationEventPublisher eventPublisher)
    {
        this.eventPublisher = eventPublisher;
    }

    /**
     * Overrides the endpoint's auto-startup flag.
     *
     * @param autoStartup whether the container starts with the context.
     */
    public void setAutoStartup(final boolean autoStartup)
    {
        this.autoStartup = autoStartup;
    }

    /**
     * Starts the poll thread. Does nothing while it runs. After {@link #stop(Runnable)}, whose poll thread may still be
     * finishing its record, it first waits for that thread to end, up to the shutdown timeout, so that one listener
     * never has two poll threads.
     *
     * @throws IllegalStateException when the previous poll thread is still running after the shutdown timeout, or
     *                               when called from that thread; the message names the listener.
     */
    @Override
    public final void start()
    {
        lifecycleLock.lock();
        try
        {
            if (isActive() && stopRequested)
            {
                if (isPollThread(Thread.currentThread()))
                {
                    throw new IllegalStateException("listener '" + getListenerId() + "' cannot be started again " +
                        "from its own poll thread while that thread is stopping");
                }
                doStop();
                if (isActive())
                {
                    throw new IllegalStateException("listener '" + getListenerId() + "' cannot be started: its " +
                        "previous poll thread, asked to stop, has not ended within the shutdown timeout");
                }
            }
            if (isActive())
            {
                return;
            }
            stopRequested = false;
            reason = null;
            stopReason = null;
            state = State.WAITING_FOR_CHANNEL;
            doStart();
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * Stops gracefully and waits: the record in hand is finished, the position saved, and the thread ends; waits up
     * to the endpoint's shutdown timeout. Called from the listener's own thread, it only requests the stop.
     */
    @Override
    public final void stop()
    {
        if (isPollThread(Thread.currentThread()))
        {
            requestStop();
            return;
        }
        lifecycleLock.lock();
        try
        {
            requestStop();
            doStop();
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * Stops gracefully without waiting, as Spring Kafka's containers do: requests the stop and returns at once; the
     * callback runs exactly once, on the poll thread after it finished the record in hand, saved the position,
     * changed the state and published the {@link KekbitListenerContainerStoppedEvent}; or at once, on the caller's
     * thread, when no poll thread runs. Called from the listener's own thread, it requests the stop and runs the
     * callback at once (the thread ends after the record in hand): a listener that closes the context must not wait
     * for its own thread. The context's lifecycle processor stops all containers this way in parallel and waits for
     * the callbacks up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
     *
     * @param callback run once the poll thread ended.
     */
    @Override
    public final void stop(final Runnable callback)
    {
        if (isPollThread(Thread.currentThread()))
        {
            requestStop();
            callback.run();
            return;
        }
        lifecycleLock.lock();
        try
        {
            requestStop();
            doStop(callback);
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * Whether the poll thread is running (waiting for the channel, polling or paused).
     *
     * @return true while the thread runs, no stop was requested and the container did not stop by itself.
     */
    @Override
    public boolean isRunning()
    {
        return isActive() && !stopRequested && state != State.FAILED;
    }

    /**
     * Whether the container starts with the context.
     *
     * @return the auto-startup flag.
     */
    @Override
    public boolean isAutoStartup()
    {
        return autoStartup;
    }

    /**
     * The container's phase: the registry's.
     *
     * @return {@link KekbitListenerEndpointRegistry#DEFAULT_PHASE}.
     */
    @Override
    public int getPhase()
    {
        return KekbitListenerEndpointRegistry.DEFAULT_PHASE;
    }

    /** {@inheritDoc} */
    @Override
    public final void pause()
    {
        pauseRequested = true;
        doPause();
    }

    /** {@inheritDoc} */
    @Override
    public final void resume()
    {
        pauseRequested = false;
        doResume();
    }

    /** {@inheritDoc} */
    @Override
    public final boolean isPauseRequested()
    {
        return pauseRequested;
    }

    /** {@inheritDoc} */
    @Override
    public final boolean isPaused()
    {
        return getState() == State.PAUSED;
    }

    /** {@inheritDoc} */
    @Override
    public final State getState()
    {
        final State current = state;
        return current == State.RUNNING && isPollPaused() ? State.PAUSED : current;
    }

    /** {@inheritDoc} */
    @Override
    public final String getReason()
    {
        return reason;
    }

    /** {@inheritDoc} */
    @Override
    public final StopReason getStopReason()
    {
        return stopReason;
    }

    /**
     * Starts the poll thread; called under the lifecycle lock when it is not running.
     */
    protected abstract void doStart();

    /**
     * Waits for the poll thread to end after a stop request, up to the shutdown timeout; called under the lifecycle
     * lock.
     */
    protected abstract void doStop();

    /**
     * Arranges for a callback once the poll thread ended after a stop request, without waiting; called under the
     * lifecycle lock.
     *
     * @param callback to run exactly once: by the poll thread as it ends, or at once on the calling thread when no
     *                 poll thread runs.
     */
    protected abstract void doStop(Runnable callback);

    /**
     * Wakes the poll thread so that it sees a stop request at once; called from any thread.
     */
    protected abstract void doRequestStop();

    /**
     * Passes a pause request to the poll thread; called from any thread.
     */
    protected abstract void doPause();

    /**
     * Passes the end of a pause to the poll thread; called from any thread.
     */
    protected abstract void doResume();

    /**
     * Whether the poll thread was started and has not ended.
     *
     * @return true from {@link #doStart()} until the thread ended.
     */
    protected abstract boolean isActive();

    /**
     * Whether a thread is this container's poll thread.
     *
     * @param candidate a thread.
     * @return true when the listener runs on it.
     */
    protected abstract boolean isPollThread(Thread candidate);

    /**
     * Whether the poll thread has applied a pause request.
     *
     * @return true while paused.
     */
    protected abstract boolean isPollPaused();

    /**
     * Releases what the container keeps between starts (lag readers); called once when the context closes.
     */
    protected void destroy()
    {
    }

    /**
     * Asks the thread to stop after the record in hand, without waiting; {@link #stop()} then waits for it.
     */
    final void requestStop()
    {
        stopRequested = true;
        doRequestStop();
    }

    final boolean isStopRequested()
    {
        return stopRequested;
    }

    /** The poll thread polls (records flow or the channel is open and idle). */
    final void running()
    {
        reason = null;
        state = State.RUNNING;
    }

    /** The poll thread waits for a channel or a writer. */
    final void waiting(final String why)
    {
        reason = why;
        state = State.WAITING_FOR_CHANNEL;
    }

    final void waitOver()
    {
        reason = null;
    }

    /**
     * The container stops by itself.
     *
     * @param why        the reason in words.
     * @param stopReason the reason's kind.
     * @param cause      the exception behind it, or null.
     */
    final void fail(final String why, final StopReason stopReason, final Throwable cause)
    {
        this.reason = why;
        this.stopReason = stopReason;
        this.state = State.FAILED;
        publish(new KekbitListenerContainerFailedEvent(this, why, stopReason, cause));
    }

    /** The poll thread ended. */
    final void ended()
    {
        if (state != State.FAILED)
        {
            state = State.STOPPED;
            stopReason = StopReason.NORMAL;
        }
        final StopReason why = stopReason;
        publish(new KekbitListenerContainerStoppedEvent(this, why, reason));
    }

    /**
     * Publishes an event of this container, when a publisher is set; a listener of the event that throws is logged,
     * not propagated to the poll thread.
     *
     * @param event the event.
     */
    final void publish(final ApplicationEvent event)
    {
        final ApplicationEventPublisher publisher = eventPublisher;
        if (publisher == null)
        {
            return;
        }
        try
        {
            publisher.publishEvent(event);
        }
        catch (final RuntimeException ex)
        {
            LOGGER.warn(ex, () -> "listener '" + getListenerId() + "': publishing " +
                event.getClass().getSimpleName() + " failed");
        }
    }
}
