package io.kekbit.spring.listener;

import java.time.Duration;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Reader;
import io.kekbit.core.idle.IdleStrategy;

import io.kekbit.spring.observation.DefaultKekbitListenerObservationConvention;
import io.kekbit.spring.observation.KekbitListenerObservation;
import io.kekbit.spring.observation.KekbitListenerObservationConvention;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.core.log.LogAccessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;

/**
 * Runs one listener: a task on the container's {@link TaskExecutor} polls the channel with
 * {@link Reader#controlledRead}, hands each record to the listener, idles with the idle strategy when there is
 * nothing to read, and saves the listener's {@link DurablePosition} after each poll, so a restart resumes where it left
 * off. While it runs, the thread is named after the listener id. A record whose listener throws goes to the
 * {@link KekbitErrorHandler}: retried after a delay, skipped, or the container stops. When the channel is closed, full,
 * timed out or corrupt, the container stops by itself and {@link #getReason()} says why; with
 * {@link KekbitListenerEndpoint#awaitRecreate()} it waits instead for a new channel with the same id (a newer creation
 * time) and reads it from position 0.
 * <p>
 * <b>Rolling journals</b> ({@link KekbitListenerEndpoint#roll()}): the reader follows the journal's segments (a
 * segment's CLOSE is not an end), positions are journal positions, and the durable position is the journal-level one,
 * so the journal's retention never deletes a segment this listener has not finished (unless forced). A gap or a
 * TIMEOUT stops the container, and {@link #getReason()} names the missing segment; with
 * {@link KekbitListenerEndpoint#awaitRecreate()} a TIMEOUT makes it wait for the writer instead.
 * <p>
 * The parts: {@link AbstractKekbitListenerContainer} (lifecycle, state, events), {@code ListenerSource} (channel or
 * journal), {@code ListenerPollLoop} (the duty cycle), {@code RecordDispatcher} (delivery and error handling) and
 * {@code ListenerCounters}.
 * <p>
 * Thread-safe: lifecycle methods run under a lock; {@link #pause()} and {@link #resume()} set requests that the poll
 * thread applies between polls; state and counters are volatile, read by health and metrics at any time. Setters take
 * effect at the next start.
 */
public final class KekbitListenerContainer extends AbstractKekbitListenerContainer
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final ListenerSource source;
    private final ListenerCounters counters = new ListenerCounters();
    private final RecordDispatcher dispatcher;
    private volatile ListenerPollLoop loop;
    private volatile TaskExecutor taskExecutor;
    private volatile IdleStrategy idleStrategy;
    private volatile Duration idleEventInterval;

    KekbitListenerContainer(
        final KekbitListenerEndpoint endpoint, final KekbitRecordInvoker invoker, final KekbitErrorHandler errorHandler)
    {
        super(endpoint);
        this.source = ListenerSource.create(endpoint);
        this.dispatcher = new RecordDispatcher(this, invoker, errorHandler, counters);
    }

    /**
     * Sets the executor that runs the poll task; it must run each task on a thread of its own for as long as the
     * container runs (a {@link SimpleAsyncTaskExecutor}, or a pool with a thread per listener).
     *
     * @param taskExecutor the executor, or null for a {@link SimpleAsyncTaskExecutor} with platform threads.
     */
    public void setTaskExecutor(final TaskExecutor taskExecutor)
    {
        this.taskExecutor = taskExecutor;
    }

    /**
     * The executor that runs the poll task.
     *
     * @return the executor set, or null for the default.
     */
    public TaskExecutor getTaskExecutor()
    {
        return taskExecutor;
    }

    /**
     * Sets the idle strategy object the poll thread uses, instead of the one the endpoint names. An idle strategy is
     * not thread-safe: give each container its own instance.
     *
     * @param idleStrategy the strategy, or null for the endpoint's.
     */
    public void setIdleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    /**
     * The idle strategy object set instead of the endpoint's name.
     *
     * @return the strategy, or null when the endpoint's name is used.
     */
    public IdleStrategy getIdleStrategy()
    {
        return idleStrategy;
    }

    /**
     * Sets how long the listener must receive nothing before a {@link KekbitListenerContainerIdleEvent} is published
     * (and again after each further interval).
     *
     * @param idleEventInterval the interval, or null for no idle events.
     */
    public void setIdleEventInterval(final Duration idleEventInterval)
    {
        this.idleEventInterval = idleEventInterval;
    }

    /**
     * The idle event interval.
     *
     * @return the interval, or null when no idle events are published.
     */
    public Duration getIdleEventInterval()
    {
        return idleEventInterval;
    }

    /**
     * Sets a callback told the processing time and outcome of each delivery (for a timer), on the poll thread. It
     * must not throw. Takes effect at the next record.
     *
     * @param observer the callback, or null for none.
     */
    public void setProcessingObserver(final ProcessingObserver observer)
    {
        dispatcher.setProcessingObserver(observer);
    }

    /**
     * Observes every delivery with Micrometer Observation ({@link KekbitListenerObservation}): on an enveloped
     * channel the trace context the sender wrote into the record continues in the listener, as its current span.
     * Set by {@code kekbit.listener.observation-enabled=true}. Takes effect at the next record.
     *
     * @param registry   the registry, or null to stop observing.
     * @param convention the convention, or null for {@link DefaultKekbitListenerObservationConvention}.
     */
    public void setObservation(final ObservationRegistry registry, final KekbitListenerObservationConvention convention)
    {
        dispatcher.setObservation(registry, convention);
    }

    /** Told the processing time and outcome of each delivery; see {@link #setProcessingObserver}. */
    @FunctionalInterface
    public interface ProcessingObserver
    {
        /**
         * Called on the poll thread after each delivery of a record to the listener (each retry is a delivery).
         *
         * @param nanos   time the delivery took (argument conversion and the listener method), in nanoseconds.
         * @param failure what the delivery threw (the listener's exception wrapped in a
         *                {@link KekbitListenerExecutionException}, or a conversion error), or null on success.
         */
        void processed(long nanos, Throwable failure);
    }

    /** {@inheritDoc} */
    @Override
    public long getPosition()
    {
        return counters.position();
    }

    /** {@inheritDoc} */
    @Override
    public boolean isRoll()
    {
        return source.isRoll();
    }

    /** {@inheritDoc} */
    @Override
    public long getSegment()
    {
        return source.segment(counters.position());
    }

    /** {@inheritDoc} */
    @Override
    public long getLagSegments()
    {
        return source.lagSegments(counters.position());
    }

    /** {@inheritDoc} */
    @Override
    public long getLagBytes()
    {
        return source.lagBytes(counters.position());
    }

    /** {@inheritDoc} */
    @Override
    public long getLagRecords()
    {
        return source.lagRecords(counters.recordIndex(), counters.position());
    }

    /** {@inheritDoc} */
    @Override
    public long getRecords()
    {
        return counters.records();
    }

    /** {@inheritDoc} */
    @Override
    public long getErrors()
    {
        return counters.errors();
    }

    /** {@inheritDoc} */
    @Override
    public long getSkipped()
    {
        return counters.skipped();
    }

    /** {@inheritDoc} */
    @Override
    public long getDeadLetters()
    {
        return dispatcher.deadLetters();
    }

    /** {@inheritDoc} */
    @Override
    public long getFilteredRecords()
    {
        return dispatcher.filteredRecords();
    }

    /** {@inheritDoc} */
    @Override
    protected void doStart()
    {
        dispatcher.reset();
        final IdleStrategy configured = idleStrategy;
        final IdleStrategy idle = configured != null ? configured : IdleStrategy.of(getEndpoint().idleStrategy());
        final ListenerPollLoop next = new ListenerPollLoop(this, source, dispatcher, counters, idle,
            idleEventInterval);
        loop = next;
        TaskExecutor executor = taskExecutor;
        if (executor == null)
        {
            executor = new SimpleAsyncTaskExecutor(getListenerId() + "-");
        }
        try
        {
            executor.execute(next);
        }
        catch (final RuntimeException ex)
        {
            next.rejected();
            fail("the task executor refused the listener's poll task: " + ex, StopReason.FAILURE, ex);
            throw ex;
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void doStop()
    {
        final ListenerPollLoop current = loop;
        if (current != null && !current.awaitDone(getEndpoint().shutdownTimeout()))
        {
            LOGGER.warn(() -> "listener '" + getListenerId() + "' did not stop within " +
                getEndpoint().shutdownTimeout());
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void doStop(final Runnable callback)
    {
        final ListenerPollLoop current = loop;
        if (current == null)
        {
            callback.run();
        }
        else
        {
            current.whenDone(callback);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void doRequestStop()
    {
        final ListenerPollLoop current = loop;
        if (current != null)
        {
            current.requestStop();
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void doPause()
    {
        final ListenerPollLoop current = loop;
        if (current != null)
        {
            current.pause();
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void doResume()
    {
        final ListenerPollLoop current = loop;
        if (current != null)
        {
            current.resume();
        }
    }

    /** {@inheritDoc} */
    @Override
    protected boolean isActive()
    {
        final ListenerPollLoop current = loop;
        return current != null && current.isActive();
    }

    /** {@inheritDoc} */
    @Override
    protected boolean isPollThread(final Thread candidate)
    {
        final ListenerPollLoop current = loop;
        return current != null && current.runsOn(candidate);
    }

    /** {@inheritDoc} */
    @Override
    protected boolean isPollPaused()
    {
        final ListenerPollLoop current = loop;
        return current != null && current.isPaused();
    }

    /**
     * Releases what a stopped container keeps open for lag metrics (its probe reader's mapping). The registry calls
     * it for the containers it owns; the owner of a container from
     * {@link KekbitListenerContainerFactory#createContainer} calls it once the container is stopped for good.
     */
    @Override
    public void destroy()
    {
        source.close();
    }
}
