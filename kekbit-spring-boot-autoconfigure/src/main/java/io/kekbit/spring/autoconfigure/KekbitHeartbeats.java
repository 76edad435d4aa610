package io.kekbit.spring.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;

/**
 * Writes heartbeats on configured writers that wrote nothing during their {@code heartbeat-interval}, so readers do
 * not time out while the application is idle. One daemon thread, {@code kekbit-heartbeat}. A failing heartbeat is
 * logged and reported by {@link #getFailure}, which turns the writer's health DOWN. Thread-safe.
 */
public final class KekbitHeartbeats implements SmartLifecycle
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitHeartbeats.class);

    private final KekbitProperties properties;
    private final ListableBeanFactory beanFactory;
    /** Current heartbeat failure per writer name; absent while its heartbeats succeed. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    /**
     * Creates the heartbeat scheduler.
     *
     * @param properties  the kekbit properties.
     * @param beanFactory where the writer beans are found by name.
     */
    public KekbitHeartbeats(final KekbitProperties properties, final ListableBeanFactory beanFactory)
    {
        this.properties = properties;
        this.beanFactory = beanFactory;
    }

    /** Starts the heartbeat thread when at least one writer has a heartbeat interval. */
    @Override
    public synchronized void start()
    {
        if (scheduler != null)
        {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "kekbit-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        for (final Map.Entry<String, WriterProperties> entry : properties.getWriters().entrySet())
        {
            final long interval = entry.getValue().getHeartbeatInterval().toMillis();
            if (interval > 0 && beanFactory.isTypeMatch(entry.getKey(), Writer.class))
            {
                final Writer writer = beanFactory.getBean(entry.getKey(), Writer.class);
                scheduler.scheduleWithFixedDelay(new Beat(entry.getKey(), writer, failures), interval, interval,
                    TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Stops the heartbeat thread and waits (up to 5 seconds) for it to end. */
    @Override
    public synchronized void stop()
    {
        if (scheduler != null)
        {
            scheduler.shutdownNow();
            try
            {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
    }

    /**
     * Whether the heartbeat thread runs.
     *
     * @return true after start.
     */
    @Override
    public synchronized boolean isRunning()
    {
        return scheduler != null;
    }

    /**
     * Why the last heartbeat of a writer failed, while it keeps failing.
     *
     * @param writerName the writer's name (its key under {@code kekbit.writers}).
     * @return the failure, or null when its heartbeats succeed (or it has none).
     */
    public String getFailure(final String writerName)
    {
        return failures.get(writerName);
    }

    /**
     * One writer's heartbeat task. A failure (for example a journal roll that cannot create its next segment) is
     * logged once, recorded for the writer's health (DOWN), and retried at the next interval, so the task never dies;
     * the first success afterwards clears it.
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
                final long offset = writer.writeOffset();
                if (offset == lastOffset)
                {
                    writer.heartbeat();
                }
                lastOffset = writer.writeOffset();
                if (failures.remove(name) != null)
                {
                    LOGGER.info(() -> "writer '" + name + "': heartbeats succeed again");
                }
            }
            catch (final RuntimeException ex)
            {
                final String failure = "heartbeat failed: " + ex;
                if (failures.put(name, failure) == null)
                {
                    LOGGER.error(ex, () -> "writer '" + name + "': " + failure + "; its health is DOWN and readers " +
                        "report TIMEOUT once the writer's timeout passes without a record; retrying every interval");
                }
            }
        }
    }
}
