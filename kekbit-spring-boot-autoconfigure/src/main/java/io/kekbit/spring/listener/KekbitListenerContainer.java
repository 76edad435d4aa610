package io.kekbit.spring.listener;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

import io.kekbit.core.ControlledRecordHandler;
import io.kekbit.core.DurablePosition;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.ReaderRunner;
import io.kekbit.core.Readers;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;

/**
 * Runs one {@link KekbitListener}: a named thread polls the channel with {@link Reader#controlledRead}, calls the
 * method for each record, idles with the configured strategy when there is nothing to read, and saves the listener's
 * {@link DurablePosition} after each poll, so a restart resumes where it left off. A record whose method throws
 * goes to the {@link KekbitErrorHandler}: retried after a delay, skipped, or the container stops. When the channel
 * is closed, full, timed out or corrupt, the container stops by itself and {@link #getReason()} says why; with
 * {@link KekbitListenerEndpoint#awaitRecreate()} it waits instead for a new channel with the same id (a newer
 * creation time) and reads it from position 0.
 * <p>
 * <b>Rolling journals</b> ({@link KekbitListenerEndpoint#roll()}): the reader follows the journal's segments (a
 * segment's CLOSE is not an end), positions are journal positions, and the durable position is the journal-level
 * one, so the journal's retention never deletes a segment this listener has not finished (unless forced). A gap
 * (a segment deleted by forced retention) or a TIMEOUT stops the container, and {@link #getReason()} names the missing
 * segment; with {@link KekbitListenerEndpoint#awaitRecreate()} a TIMEOUT makes it wait for the writer instead.
 * <p>
 * Thread-safe: lifecycle methods run under a lock; {@link #pause()} and {@link #resume()} set requests that the
 * poll thread applies between polls; state and counters are volatile, read by health and metrics at any time.
 */
public final class KekbitListenerContainer implements SmartLifecycle
{
    /** State of a container. */
    public enum State
    {
        /** Created, never started. */
        CREATED,
        /** Started, waiting for the channel to appear. */
        WAITING_FOR_CHANNEL,
        /** Polling. */
        RUNNING,
        /** Paused on request. */
        PAUSED,
        /** Stopped on request. */
        STOPPED,
        /** Stopped by itself; see {@link #getReason()}. */
        FAILED
    }

    private static final LogAccessor LOGGER = new LogAccessor(KekbitListenerContainer.class);
    private static final VarHandle RECORDS;
    private static final VarHandle RECORD_INDEX;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS = lookup.findVarHandle(KekbitListenerContainer.class, "records", long.class);
            RECORD_INDEX = lookup.findVarHandle(KekbitListenerContainer.class, "recordIndex", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final KekbitListenerEndpoint endpoint;
    private final KekbitRecordInvoker invoker;
    private final KekbitErrorHandler errorHandler;
    private final FailedRecord failedRecord;
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private final ControlledRecordHandler handler = this::onRecord;
    private final LagProbe lagProbe;
    private final JournalSource journal;
    private final ChannelWaiter waiter;

    private volatile Thread thread;
    private Reader reader;
    private volatile boolean stopRequested;
    private volatile boolean pauseRequested;
    /** The duty cycle of the poll thread, while it runs. */
    private volatile ReaderRunner runner;
    /** An idle strategy object given instead of the endpoint's name, or null. */
    private volatile IdleStrategy idleStrategy;
    private volatile State state = State.CREATED;
    private volatile String reason;
    private volatile long position;
    /** Written only by the poll thread; per record with a release store (no fence), read by metrics. */
    private volatile long recordIndex;
    /** Written only by the poll thread; per record with a release store (no fence), read by metrics. */
    private volatile long records;
    private volatile long errors;
    private volatile LongConsumer processingObserver;
    private boolean stopByErrorHandler;

    KekbitListenerContainer(
        final KekbitListenerEndpoint endpoint, final KekbitRecordInvoker invoker, final KekbitErrorHandler errorHandler)
    {
        this.endpoint = endpoint;
        this.invoker = invoker;
        this.errorHandler = errorHandler;
        this.failedRecord = new FailedRecord(endpoint.id(), endpoint.channelName(), endpoint.channelId(),
            invoker.isEnvelope());
        this.journal = endpoint.roll() ? JournalSource.create(endpoint.rootPath(), endpoint.channelId()) : null;
        this.lagProbe = endpoint.roll() ? null : new LagProbe(endpoint.rootPath(), endpoint.channelId());
        this.waiter = new ChannelWaiter(endpoint, journal, () -> stopRequested, new ChannelWaiter.Status()
        {
            @Override
            public void waiting(final String why)
            {
                reason = why;
            }

            @Override
            public void failed(final String why)
            {
                fail(why);
            }
        });
    }

    /**
     * Listener id.
     *
     * @return the id.
     */
    public String getId()
    {
        return endpoint.id();
    }

    /**
     * The resolved listener settings.
     *
     * @return the endpoint.
     */
    public KekbitListenerEndpoint getEndpoint()
    {
        return endpoint;
    }

    /**
     * Starts the poll thread, named after the listener id. Does nothing when already running.
     */
    @Override
    public void start()
    {
        lifecycleLock.lock();
        try
        {
            if (thread != null && thread.isAlive())
            {
                return;
            }
            stopRequested = false;
            runner = null;
            reason = null;
            stopByErrorHandler = false;
            state = State.WAITING_FOR_CHANNEL;
            thread = new Thread(this::run, endpoint.id());
            thread.setDaemon(false);
            thread.start();
        }
        finally
        {
            lifecycleLock.unlock();
        }
    }

    /**
     * Stops gracefully: the record in hand is finished, the position saved, and the thread ends; waits up to the
     * shutdown timeout.
     */
    @Override
    public void stop()
    {
        stop(() ->
        {
        });
    }

    /**
     * Stops gracefully, then runs the callback.
     *
     * @param callback run once the thread ended or the shutdown timeout passed.
     */
    @Override
    public void stop(final Runnable callback)
    {
        if (Thread.currentThread() == thread)
        {
            // Called from the listener itself: it cannot wait for its own thread. The poll loop ends after this
            // record, the position is saved then.
            stopRequested = true;
            callback.run();
            return;
        }
        lifecycleLock.lock();
        try
        {
            final Thread current = thread;
            stopRequested = true;
            final ReaderRunner cycle = runner;
            if (cycle != null)
            {
                cycle.requestStop();
            }
            if (current != null)
            {
                LockSupport.unpark(current);
                try
                {
                    current.join(endpoint.shutdownTimeout().toMillis());
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                if (current.isAlive())
                {
                    LOGGER.warn(() -> "listener '" + endpoint.id() + "' did not stop within " +
                        endpoint.shutdownTimeout());
                }
            }
        }
        finally
        {
            lifecycleLock.unlock();
            callback.run();
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
        final Thread current = thread;
        return current != null && current.isAlive() && !stopRequested && state != State.FAILED;
    }

    /**
     * Whether the container starts with the context.
     *
     * @return the auto-startup flag.
     */
    @Override
    public boolean isAutoStartup()
    {
        return endpoint.autoStartup();
    }

    /**
     * Asks the thread to stop after the record in hand, without waiting; {@link #stop()} then waits for it.
     */
    void requestStop()
    {
        stopRequested = true;
        final ReaderRunner cycle = runner;
        if (cycle != null)
        {
            cycle.requestStop();
        }
        final Thread current = thread;
        if (current != null)
        {
            LockSupport.unpark(current);
        }
    }

    /**
     * Requests a pause: the thread stops polling after the current poll.
     */
    public void pause()
    {
        pauseRequested = true;
        final ReaderRunner cycle = runner;
        if (cycle != null)
        {
            cycle.pause();
        }
    }

    /**
     * Requests the end of a pause.
     */
    public void resume()
    {
        pauseRequested = false;
        final ReaderRunner cycle = runner;
        if (cycle != null)
        {
            cycle.resume();
            if (state == State.PAUSED)
            {
                state = State.RUNNING;
            }
        }
        final Thread current = thread;
        if (current != null)
        {
            LockSupport.unpark(current);
        }
    }

    /**
     * Whether a pause was requested (the thread may not have paused yet).
     *
     * @return true after {@link #pause()} until {@link #resume()}.
     */
    public boolean isPauseRequested()
    {
        return pauseRequested;
    }

    /**
     * Whether the thread has paused.
     *
     * @return true when paused.
     */
    public boolean isPaused()
    {
        return getState() == State.PAUSED;
    }

    /**
     * Current state.
     *
     * @return the state.
     */
    public State getState()
    {
        final State current = state;
        final ReaderRunner cycle = runner;
        return current == State.RUNNING && cycle != null && cycle.isPaused() ? State.PAUSED : current;
    }

    /**
     * Why the container stopped by itself.
     *
     * @return the reason, or null when it did not.
     */
    public String getReason()
    {
        return reason;
    }

    /**
     * Data position of the next record to read; for a rolling journal, its journal position (segment in the high 32
     * bits, offset in the segment in the low 32 bits).
     *
     * @return the position.
     */
    public long getPosition()
    {
        return position;
    }

    /**
     * Whether this listener reads a rolling journal.
     *
     * @return true for a journal.
     */
    public boolean isRoll()
    {
        return journal != null;
    }

    /**
     * Segment of the next record to read.
     *
     * @return the segment number for a journal; 0 for a channel.
     */
    public long getSegment()
    {
        return journal == null ? 0 : position >>> 32;
    }

    /**
     * Segments between this listener's segment and the journal's segment being written.
     *
     * @return the count for a journal (-1 when it cannot be read); 0 for a channel.
     */
    public long getLagSegments()
    {
        return journal == null ? 0 : journal.lagSegments(position);
    }

    /**
     * Records handled (successfully or skipped) since the container was created.
     *
     * @return the count.
     */
    public long getRecords()
    {
        return records;
    }

    /**
     * Records the listener's {@link KekbitRecordFilterStrategy} discarded since the container was created (they are
     * counted in {@link #getRecords()} too).
     *
     * @return the count.
     */
    public long getFilteredRecords()
    {
        return invoker.filteredRecords();
    }

    /**
     * Listener failures (each failed delivery counts) since the container was created.
     *
     * @return the count.
     */
    public long getErrors()
    {
        return errors;
    }

    /**
     * Bytes between this listener's position and the end of the written data; cheap at any backlog (an internal
     * reader scans only what was written since the previous call). For a journal it is exact inside one segment;
     * across segments each segment the listener has not finished counts as full (an overstatement of less than one
     * max message length per segment, the space a roll leaves unused).
     *
     * @return the lag in bytes, or -1 when the channel cannot be read.
     */
    public long getLagBytes()
    {
        if (journal != null)
        {
            return journal.lagBytes(position);
        }
        final long end = lagProbe.endPosition();
        return end < 0 ? -1 : Math.max(0, end - position);
    }

    /**
     * Records between this listener's position and the end of the written data (heartbeats excluded).
     *
     * @return the lag in records, or -1 when the channel cannot be read or is a rolling journal (records are not
     *         counted across segments).
     */
    public long getLagRecords()
    {
        if (journal != null)
        {
            return -1;
        }
        final long end = lagProbe.endRecordIndex();
        return end < 0 ? -1 : Math.max(0, end - recordIndex);
    }

    /**
     * Sets the idle strategy object the poll thread uses, instead of the one the endpoint names. An idle strategy is
     * not thread-safe: give each container its own instance. Takes effect at the next start.
     *
     * @param idleStrategy the strategy, or null for the endpoint's.
     */
    public void setIdleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    /**
     * Sets a callback receiving the processing time of each successful record in nanoseconds (for a timer).
     *
     * @param observer the callback, or null for none.
     */
    public void setProcessingObserver(final LongConsumer observer)
    {
        this.processingObserver = observer;
    }

    /**
     * The listener's phase: the registry's.
     *
     * @return the phase.
     */
    @Override
    public int getPhase()
    {
        return KekbitListenerEndpointRegistry.DEFAULT_PHASE;
    }

    private void run()
    {
        DurablePosition durable = null;
        try
        {
            reader = waiter.open();
            if (reader == null)
            {
                return;
            }
            if (journal != null)
            {
                durable = journal.openDurable(endpoint.durableName());
                moveToJournalStart(reader, durable);
                LOGGER.info(() -> "listener '" + endpoint.id() + "' reading journal '" + endpoint.channelName() +
                    "' (" + endpoint.channelId() + ") from position " + journal.format(position));
            }
            else
            {
                durable = DurablePosition.open(endpoint.rootPath(), endpoint.channelId(), endpoint.durableName());
                moveToStart(reader, durable);
                LOGGER.info(() -> "listener '" + endpoint.id() + "' reading channel '" + endpoint.channelName() +
                    "' (0x" + Long.toHexString(endpoint.channelId()) + ") from position " + position);
            }
            poll(durable);
        }
        catch (final RuntimeException | Error ex)
        {
            fail("listener failed: " + ex);
            LOGGER.error(ex, () -> "listener '" + endpoint.id() + "' stopped");
        }
        finally
        {
            if (durable != null)
            {
                durable.close();
            }
            if (reader != null)
            {
                reader.close();
                reader = null;
            }
            if (state != State.FAILED)
            {
                state = State.STOPPED;
            }
        }
    }

    /**
     * Runs the listener's {@link ReaderRunner} duty cycle until a stop, and handles the reader's end: a journal's
     * TIMEOUT or a re-created channel starts a new cycle, anything else ends the listener.
     */
    private void poll(final DurablePosition durable)
    {
        final IdleStrategy configured = idleStrategy;
        final IdleStrategy idle = configured != null ? configured : IdleStrategy.of(endpoint.idleStrategy());
        final int maxRecords = endpoint.maxRecords();
        state = State.RUNNING;
        while (!stopRequested)
        {
            final ReaderRunner cycle = ReaderRunner.controlled(reader, handler, maxRecords, idle)
                .afterPoll(result -> afterPoll(durable, result));
            runner = cycle;
            if (stopRequested)
            {
                return;
            }
            cycle.run();
            if (cycle.stopReason() != ReaderRunner.StopReason.EXHAUSTED || stopByErrorHandler)
            {
                return;
            }
            if (journal != null)
            {
                if (!awaitJournalWriter(reader.exhausted()))
                {
                    return;
                }
                idle.idle(0);
                continue;
            }
            final ReadError error = reader.exhausted();
            if (!endpoint.awaitRecreate() || error == ReadError.FAILED)
            {
                fail(ReaderEnds.describe(error, reader));
                LOGGER.warn(() -> "listener '" + endpoint.id() + "' stopped: " + reason);
                return;
            }
            if (!awaitNewChannel(ReaderEnds.describe(error, reader)))
            {
                return;
            }
            durable.set(0);
            position = 0;
            recordIndex = 0;
            lagProbe.reset();
            reason = null;
            state = State.RUNNING;
            LOGGER.info(() -> "listener '" + endpoint.id() + "' reading the re-created channel '" +
                endpoint.channelName() + "' from position 0");
        }
    }

    /**
     * After each poll of the duty cycle, on the poll thread: saves a new position, leaves the waiting state once
     * records flow, and ends the cycle when the error handler stopped the listener or a stop or pause is requested.
     */
    private void afterPoll(final DurablePosition durable, final long result)
    {
        final long newPosition = reader.position();
        if (newPosition != position)
        {
            durable.set(newPosition);
            position = newPosition;
        }
        if (stopByErrorHandler || stopRequested)
        {
            runner.requestStop();
            return;
        }
        if (result > 0 && state == State.WAITING_FOR_CHANNEL)
        {
            state = State.RUNNING;
            reason = null;
        }
        if (pauseRequested)
        {
            runner.pause();
            state = State.PAUSED;
        }
    }

    private ControlledRecordHandler.Action onRecord(
        final ByteBuffer buffer, final int offset, final int length, final long recordPosition)
    {
        if (stopRequested)
        {
            return ControlledRecordHandler.Action.ABORT;
        }
        int attempt = 0;
        while (true)
        {
            attempt++;
            final LongConsumer observer = processingObserver;
            final long start = observer == null ? 0 : System.nanoTime();
            try
            {
                invoker.invoke(buffer, offset, length, recordPosition);
                if (observer != null)
                {
                    observer.accept(System.nanoTime() - start);
                }
                countRecord();
                return ControlledRecordHandler.Action.CONTINUE;
            }
            catch (final RuntimeException ex)
            {
                errors++;
                final Throwable jvmError = jvmError(ex);
                if (jvmError != null)
                {
                    stopByErrorHandler = true;
                    fail("listener threw a JVM error at position " + recordPosition + " (the record is not consumed; " +
                        "not retried, skipped or dead-lettered): " + jvmError);
                    LOGGER.error(ex, () -> "listener '" + endpoint.id() + "' stopped: " + reason);
                    return ControlledRecordHandler.Action.ABORT;
                }
                final long decision = errorHandler.handle(ex, failedRecord.wrap(buffer, offset, length, recordPosition),
                    attempt);
                if (decision == KekbitErrorHandler.SKIP)
                {
                    countRecord();
                    return ControlledRecordHandler.Action.CONTINUE;
                }
                if (decision < 0)
                {
                    stopByErrorHandler = true;
                    fail("error handler stopped the listener at position " + recordPosition + ": " + ex.getMessage());
                    return ControlledRecordHandler.Action.ABORT;
                }
                if (!waitBeforeRetry(decision))
                {
                    return ControlledRecordHandler.Action.ABORT;
                }
            }
        }
    }

    /**
     * Whether this container's poll thread is the given thread.
     *
     * @param candidate a thread.
     * @return true when the listener runs on it.
     */
    boolean runsOn(final Thread candidate)
    {
        return thread == candidate;
    }

    /**
     * A JVM error in the cause chain ({@link VirtualMachineError} such as OutOfMemoryError or StackOverflowError, or
     * a {@link LinkageError}): the JVM or the class path is in trouble, so the record is not handed to the error
     * handler but stops the container.
     */
    private static Throwable jvmError(final Throwable exception)
    {
        Throwable cause = exception;
        while (cause != null)
        {
            if (cause instanceof VirtualMachineError || cause instanceof LinkageError)
            {
                return cause;
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return null;
    }

    /**
     * A journal reader is exhausted only by a gap or corruption (FAILED) or a TIMEOUT: stop, or, for a TIMEOUT with
     * await-recreate, keep waiting for the writer.
     *
     * @param error why the reader is exhausted.
     * @return true to keep polling.
     */
    private boolean awaitJournalWriter(final ReadError error)
    {
        final String why = journal.describe(error, reader);
        if (error == ReadError.TIMEOUT && endpoint.awaitRecreate())
        {
            if (state != State.WAITING_FOR_CHANNEL)
            {
                LOGGER.warn(() -> "listener '" + endpoint.id() + "': " + why + "; waiting for the writer");
            }
            reason = why;
            state = State.WAITING_FOR_CHANNEL;
            reader.moveTo(reader.position());
            return true;
        }
        fail(why);
        LOGGER.warn(() -> "listener '" + endpoint.id() + "' stopped: " + reason);
        return false;
    }

    /**
     * Counts a handled record. Only the poll thread writes the counters, so a release store publishes them without
     * the full fence that a volatile {@code ++} costs per record; readers still see each count once it is stored.
     */
    private void countRecord()
    {
        RECORDS.setRelease(this, (long)RECORDS.get(this) + 1);
        RECORD_INDEX.setRelease(this, (long)RECORD_INDEX.get(this) + 1);
    }

    private boolean awaitNewChannel(final String why)
    {
        reason = why;
        state = State.WAITING_FOR_CHANNEL;
        LOGGER.warn(() -> "listener '" + endpoint.id() + "': " + why + "; waiting for the channel to be re-created");
        final long created = reader.header().creationTime();
        reader.close();
        reader = null;
        reader = waiter.awaitRecreated(created);
        return reader != null;
    }

    private boolean waitBeforeRetry(final long delayMillis)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis);
        long left;
        while ((left = deadline - System.nanoTime()) > 0)
        {
            if (stopRequested)
            {
                return false;
            }
            LockSupport.parkNanos(this, left);
        }
        return !stopRequested;
    }

    private void moveToJournalStart(final Reader reader, final DurablePosition durable)
    {
        switch (endpoint.startFrom())
        {
            case END:
                Readers.skipToEnd(reader);
                break;
            case DURABLE:
                journal.resume(reader, durable);
                break;
            default:
                break;
        }
        position = reader.position();
        durable.set(position);
    }

    private void moveToStart(final Reader reader, final DurablePosition durable)
    {
        final long[] count = new long[1];
        final RecordHandler counter = (b, o, l, p) -> count[0]++;
        switch (endpoint.startFrom())
        {
            case END:
                count[0] = Readers.skipToEnd(reader);
                break;
            case DURABLE:
                if (!durable.isNew())
                {
                    final long target = durable.resume(reader);
                    reader.moveTo(0);
                    long step = 1;
                    while (reader.position() < target && step > 0)
                    {
                        step = reader.read(counter, 1);
                    }
                }
                break;
            default:
                break;
        }
        recordIndex = count[0];
        position = reader.position();
        durable.set(position);
    }

    private void fail(final String why)
    {
        reason = why;
        state = State.FAILED;
    }

    /** Closes the lag probe's reader; called by the registry when the context closes. */
    void destroy()
    {
        if (lagProbe != null)
        {
            lagProbe.close();
        }
        if (journal != null)
        {
            journal.close();
        }
    }
}
