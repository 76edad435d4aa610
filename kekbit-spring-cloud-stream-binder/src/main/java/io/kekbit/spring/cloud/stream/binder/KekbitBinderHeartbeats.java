package io.kekbit.spring.cloud.stream.binder;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.Writer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogAccessor;

/**
 * Writes a heartbeat on every open producer journal at a fixed interval, so consumers of an idle destination keep
 * seeing a live writer instead of timing out. One daemon thread, {@code kekbit-binder-heartbeat}, started with the
 * first writer. Thread-safe.
 */
public final class KekbitBinderHeartbeats implements DisposableBean
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitBinderHeartbeats.class);

    private final Duration interval;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /**
     * Creates the scheduler.
     *
     * @param interval heartbeat interval; zero or negative turns heartbeats off.
     */
    public KekbitBinderHeartbeats(final Duration interval)
    {
        this.interval = interval;
    }

    /**
     * Adds a writer.
     *
     * @param name   journal name.
     * @param writer its writer.
     */
    public synchronized void register(final String name, final Writer writer)
    {
        writers.put(name, writer);
        final long millis = interval == null ? 0 : interval.toMillis();
        if (scheduler == null && millis > 0)
        {
            scheduler = Executors.newSingleThreadScheduledExecutor(runnable ->
            {
                final Thread thread = new Thread(runnable, "kekbit-binder-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            scheduler.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Removes a writer.
     *
     * @param name journal name.
     */
    public void unregister(final String name)
    {
        writers.remove(name);
    }

    private void beat()
    {
        for (final Map.Entry<String, Writer> entry : writers.entrySet())
        {
            try
            {
                entry.getValue().heartbeat();
            }
            catch (final RuntimeException ex)
            {
                LOGGER.warn(ex, () -> "heartbeat on '" + entry.getKey() + "' failed");
            }
        }
    }

    /** Stops the heartbeat thread. */
    @Override
    public synchronized void destroy()
    {
        if (scheduler != null)
        {
            scheduler.shutdownNow();
            scheduler = null;
        }
        writers.clear();
    }
}
