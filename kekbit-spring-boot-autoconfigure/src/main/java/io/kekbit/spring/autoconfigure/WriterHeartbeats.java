package io.kekbit.spring.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;

import org.springframework.core.log.LogAccessor;

/**
 * Writes a heartbeat on each registered writer that wrote nothing during its interval, so readers do not time out
 * while the writer is idle. Writers come and go ({@link #register}, {@link #unregister}): the starter registers its
 * configured writers ({@link KekbitHeartbeats}), the Stream binder its producer journals as bindings open them. One
 * daemon thread, named by the creator and started with the first registration; {@link #close} cancels every
 * heartbeat and waits for the thread to end. A failing heartbeat is logged once, reported by {@link #getFailure}
 * (the starter's health turns the writer DOWN) and retried at the next interval; the first success clears it.
 * Thread-safe.
 */
public final class WriterHeartbeats implements AutoCloseable
{
    private static final LogAccessor LOGGER = new LogAccessor(WriterHeartbeats.class);

    /** How long {@link #close} waits for a running heartbeat to finish. */
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final String threadName;
    /** Current heartbeat failure per writer name; absent while its heartbeats succeed. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> beats = new HashMap<>();
    private ScheduledThreadPoolExecutor scheduler;
    /** The heartbeat thread (replaced by the executor's factory should it ever die). */
    private volatile Thread thread;

    /**
     * Creates the heartbeats; no thread runs until a writer is registered.
     *
     * @param threadName name of the heartbeat thread.
     */
    public WriterHeartbeats(final String threadName)
    {
        this.threadName = threadName;
    }

    /**
     * Writes heartbeats on a writer, replacing an earlier registration under the same name.
     *
     * @param name     the writer's name, for logs and {@link #getFailure}.
     * @param writer   the writer; it must be safe to call from the heartbeat thread (a synchronized writer when
     *                 other threads write too, or a writer whose heartbeat is thread-safe).
     * @param interval heartbeat interval; null, zero or negative registers nothing.
     * @return whether heartbeats were scheduled.
     */
    public synchronized boolean register(final String name, final Writer writer, final Duration interval)
    {
        unregister(name);
        final long millis = interval == null ? 0 : interval.toMillis();
        if (millis <= 0)
        {
            return false;
        }
        if (scheduler == null)
        {
            final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable ->
            {
                final Thread heartbeat = new Thread(runnable, threadName);
                heartbeat.setDaemon(true);
                thread = heartbeat;
                return heartbeat;
            });
            executor.setRemoveOnCancelPolicy(true);
            // The one thread is created now, under this lock, so close() knows which thread to wait for.
            executor.prestartCoreThread();
            scheduler = executor;
        }
        beats.put(name, scheduler.scheduleWithFixedDelay(new Beat(name, writer, failures), millis, millis,
            TimeUnit.MILLISECONDS));
        return true;
    }

    /**
     * Stops the heartbeats of a writer (a heartbeat already running finishes).
     *
     * @param name the name it was registered under; unknown names are ignored.
     */
    public synchronized void unregister(final String name)
    {
        final ScheduledFuture<?> beat = beats.remove(name);
        if (beat != null)
        {
            beat.cancel(false);
        }
        failures.remove(name);
    }

    /**
     * Why the last heartbeat of a writer failed, while it keeps failing.
     *
     * @param name the name the writer was registered under.
     * @return the failure, or null when its heartbeats succeed (or it has none).
     */
    public String getFailure(final String name)
    {
        return failures.get(name);
    }

    /**
     * Whether the heartbeat thread has been started and not closed.
     *
     * @return true between the first registration and {@link #close}.
     */
    public synchronized boolean isRunning()
    {
        return scheduler != null;
    }

    /**
     * Cancels every heartbeat and waits (up to 5 seconds) for the heartbeat thread to end; a later
     * {@link #register} starts a new thread.
     */
    @Override
    public synchronized void close()
    {
        beats.clear();
        failures.clear();
        if (scheduler == null)
        {
            return;
        }
        scheduler.shutdownNow();
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
            if (thread.isAlive())
            {
                LOGGER.warn(() -> "heartbeat thread '" + threadName + "' did not end within " + CLOSE_WAIT_SECONDS +
                    " seconds");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        thread = null;
    }

    /**
     * One writer's heartbeat task: a heartbeat only when the writer wrote nothing since the last run. A failure (for
     * example a journal roll that cannot create its next segment) never ends the task.
     */
    private static final class Beat implements Runnable
    {
        private final String name;
        private final Writer writer;
        private final Map<String, String> failures;
        private long lastOffset;

        Beat(final String name, final Writer writer, final Map<String, String> failures)
        {
            this.name = name;
            this.writer = writer;
            this.failures = failures;
            this.lastOffset = writer.writeOffset();
        }

        @Override
        public void run()
        {
            if (writer.isClosed())
            {
                return;
            }
            try
            {
                if (writer.writeOffset() == lastOffset)
                {
                    final long result = writer.heartbeat();
                    if (result < 0 && !writer.isClosed())
                    {
                        failed("heartbeat refused: " + WriteError.errorString(result), null);
                        return;
                    }
                }
                lastOffset = writer.writeOffset();
                if (failures.remove(name) != null)
                {
                    LOGGER.info(() -> "writer '" + name + "': heartbeats succeed again");
                }
            }
            catch (final RuntimeException | InternalError ex)
            {
                // InternalError: the JDK's report of a fault on a mapped page (a channel file truncated by another
                // process); it must not end the periodic task silently.
                failed("heartbeat failed: " + ex, ex);
            }
        }

        private void failed(final String failure, final Throwable cause)
        {
            if (failures.put(name, failure) == null)
            {
                LOGGER.error(cause, () -> "writer '" + name + "': " + failure + "; its health is DOWN and readers " +
                    "report TIMEOUT once the writer's timeout passes without a record; retrying every interval");
            }
        }
    }
}
