package io.kekbit.spring.autoconfigure;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes heartbeats on configured writers that wrote nothing during their {@code heartbeat-interval}, so readers do
 * not time out while the application is idle. One daemon thread, {@code kekbit-heartbeat}. Thread-safe.
 */
public final class KekbitHeartbeats implements SmartLifecycle
{
    private final KekbitProperties properties;
    private final ListableBeanFactory beanFactory;
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
                scheduler.scheduleWithFixedDelay(new Beat(writer), interval, interval, TimeUnit.MILLISECONDS);
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

    private static final class Beat implements Runnable
    {
        private final Writer writer;
        private long lastOffset;

        Beat(final Writer writer)
        {
            this.writer = writer;
            this.lastOffset = writer.writeOffset();
        }

        @Override
        public void run()
        {
            if (writer.isClosed())
            {
                return;
            }
            final long offset = writer.writeOffset();
            if (offset == lastOffset)
            {
                writer.heartbeat();
            }
            lastOffset = writer.writeOffset();
        }
    }
}
