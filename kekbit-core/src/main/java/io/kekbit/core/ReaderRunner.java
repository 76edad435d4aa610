package io.kekbit.core;

import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.internal.MappingFaults;

import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * A duty cycle for one reader, after Agrona's {@code AgentRunner}: each cycle polls the reader once, feeds the work
 * done to an {@link IdleStrategy} (which resets after work and idles after an empty poll), and the loop ends when a
 * stop is requested, the reader is exhausted, or the running thread is interrupted. {@link #run()} runs the loop on
 * the calling thread; {@link #stopReason()} says afterwards why it ended.
 * <pre>{@code
 * ReaderRunner runner = new ReaderRunner(reader, handler, 64, new BackoffIdleStrategy());
 * Thread thread = new Thread(runner, "reader");
 * thread.start();
 * ...
 * runner.requestStop();        // from any thread
 * thread.join();
 * if (runner.stopReason() == ReaderRunner.StopReason.EXHAUSTED) {
 *     ReadError why = reader.exhausted();   // CLOSED, CHANNEL_FULL, TIMEOUT or FAILED (see failureReason())
 * }
 * }</pre>
 * <b>Threads.</b> {@link #run()} and {@link #doWork()} must be called from one thread at a time (the reader is not
 * thread-safe); {@link #requestStop()}, {@link #pause()}, {@link #resume()} and the queries may be called from any
 * thread: requests are volatile and applied by the polling thread between polls. The handler may call
 * {@link #requestStop()} itself, for example after a number of records. A loop allocates nothing per cycle.
 */
public final class ReaderRunner implements Runnable
{
    /**
     * Why {@link #run()} returned.
     */
    public enum StopReason
    {
        /** {@link #requestStop()} was called. */
        STOP_REQUESTED,
        /** The reader is exhausted: see {@link Reader#exhausted()} and {@link Reader#failureReason()}. */
        EXHAUSTED,
        /** The running thread was interrupted; its interrupt flag is left set. */
        INTERRUPTED
    }

    private final Reader reader;
    private final RecordHandler handler;
    private final ControlledRecordHandler controlledHandler;
    private final int maxRecords;
    private final IdleStrategy idleStrategy;
    private LongConsumer afterPoll;
    private volatile boolean stopRequested;
    private volatile boolean pauseRequested;
    private volatile boolean paused;
    private volatile boolean running;
    private volatile StopReason stopReason;

    /**
     * Creates a runner that polls with {@link Reader#read(RecordHandler, int)}.
     *
     * @param reader       the reader to poll; the runner does not close it.
     * @param handler      receives each record.
     * @param maxRecords   most records per poll, at least 1.
     * @param idleStrategy what the thread does between polls; one instance per runner.
     * @throws IllegalArgumentException when {@code maxRecords < 1}.
     */
    public ReaderRunner(
        final Reader reader, final RecordHandler handler, final int maxRecords, final IdleStrategy idleStrategy)
    {
        this(reader, Objects.requireNonNull(handler, "handler"), null, maxRecords, idleStrategy);
    }

    /**
     * Creates a runner that polls with {@link Reader#controlledRead(ControlledRecordHandler, int)}. A factory rather
     * than a constructor, so that a lambda handler is never ambiguous between the two handler types.
     *
     * @param reader       the reader to poll; the runner does not close it.
     * @param handler      receives each record and decides whether it is consumed.
     * @param maxRecords   most records per poll, at least 1.
     * @param idleStrategy what the thread does between polls; one instance per runner.
     * @return the runner.
     * @throws IllegalArgumentException when {@code maxRecords < 1}.
     */
    public static ReaderRunner controlled(
        final Reader reader, final ControlledRecordHandler handler, final int maxRecords,
        final IdleStrategy idleStrategy)
    {
        return new ReaderRunner(reader, null, Objects.requireNonNull(handler, "handler"), maxRecords, idleStrategy);
    }

    private ReaderRunner(
        final Reader reader, final RecordHandler handler, final ControlledRecordHandler controlledHandler,
        final int maxRecords, final IdleStrategy idleStrategy)
    {
        if (maxRecords < 1)
        {
            throw new IllegalArgumentException("maxRecords must be at least 1: maxRecords=" + maxRecords);
        }
        this.reader = Objects.requireNonNull(reader, "reader");
        this.handler = handler;
        this.controlledHandler = controlledHandler;
        this.maxRecords = maxRecords;
        this.idleStrategy = Objects.requireNonNull(idleStrategy, "idleStrategy");
    }

    /**
     * Sets a callback run on the polling thread after every poll, with the poll's result: bytes consumed (&gt; 0),
     * 0, or a negative {@link ReadError} code. Not called while paused. Set it before {@link #run()}.
     *
     * @param callback the callback, or null for none.
     * @return this runner.
     */
    public ReaderRunner afterPoll(final LongConsumer callback)
    {
        this.afterPoll = callback;
        return this;
    }

    /**
     * Runs the duty cycle on the calling thread until a stop is requested, the reader is exhausted or the thread is
     * interrupted; then {@link #stopReason()} says which. A runner can run again after it returned; a stop request
     * stays until {@link #reset()}.
     */
    @Override
    public void run()
    {
        running = true;
        stopReason = null;
        try
        {
            stopReason = runCycles();
        }
        finally
        {
            running = false;
            paused = false;
        }
    }

    private StopReason runCycles()
    {
        final IdleStrategy idle = idleStrategy;
        while (true)
        {
            if (stopRequested)
            {
                return StopReason.STOP_REQUESTED;
            }
            if (Thread.currentThread().isInterrupted())
            {
                return StopReason.INTERRUPTED;
            }
            try
            {
                final int work = doWork();
                if (work < 0)
                {
                    return StopReason.EXHAUSTED;
                }
                idle.idle(work);
            }
            catch (final InternalError ex)
            {
                // A fault on a truncated mapping may surface after the read returned (see MappingFaults).
                if (!(reader instanceof MappingFaults))
                {
                    throw ex;
                }
                ((MappingFaults)reader).onMappingFault(ex);
                return StopReason.EXHAUSTED;
            }
        }
    }

    /**
     * One duty cycle without idling, for a caller that runs its own loop (Agrona's {@code AgentInvoker}): applies a
     * pause or resume request, then polls the reader once unless paused.
     *
     * @return 1 when the poll consumed records or heartbeats, 0 when it consumed nothing or the runner is paused,
     *         -1 when the reader is exhausted.
     */
    public int doWork()
    {
        if (pauseRequested)
        {
            paused = true;
            return 0;
        }
        paused = false;
        final long result = controlledHandler == null ? reader.read(handler, maxRecords) :
            reader.controlledRead(controlledHandler, maxRecords);
        final LongConsumer callback = afterPoll;
        if (callback != null)
        {
            callback.accept(result);
        }
        return result > 0 ? 1 : result == 0 ? 0 : -1;
    }

    /**
     * Asks the loop to end before its next poll. Thread-safe; idempotent.
     */
    public void requestStop()
    {
        stopRequested = true;
    }

    /**
     * Clears a stop request so that the runner can {@link #run()} again. Call it only while the runner is not
     * running.
     */
    public void reset()
    {
        stopRequested = false;
    }

    /**
     * Whether a stop was requested.
     *
     * @return true after {@link #requestStop()}.
     */
    public boolean isStopRequested()
    {
        return stopRequested;
    }

    /**
     * Asks the loop to stop polling, and keep idling, from its next cycle. Thread-safe.
     */
    public void pause()
    {
        pauseRequested = true;
    }

    /**
     * Asks a paused loop to poll again from its next cycle. Thread-safe.
     */
    public void resume()
    {
        pauseRequested = false;
    }

    /**
     * Whether a pause is requested (it takes effect at the next cycle; see {@link #isPaused()}).
     *
     * @return true between {@link #pause()} and {@link #resume()}.
     */
    public boolean isPauseRequested()
    {
        return pauseRequested;
    }

    /**
     * Whether the polling thread has applied a pause request: its last cycle did not poll.
     *
     * @return true while paused.
     */
    public boolean isPaused()
    {
        return paused;
    }

    /**
     * Whether {@link #run()} is running.
     *
     * @return true from the start of {@link #run()} until it returns.
     */
    public boolean isRunning()
    {
        return running;
    }

    /**
     * Why the last {@link #run()} ended.
     *
     * @return the reason, or null while running or before the first run.
     */
    public StopReason stopReason()
    {
        return stopReason;
    }

    /**
     * The reader this runner polls.
     *
     * @return the reader.
     */
    public Reader reader()
    {
        return reader;
    }
}
