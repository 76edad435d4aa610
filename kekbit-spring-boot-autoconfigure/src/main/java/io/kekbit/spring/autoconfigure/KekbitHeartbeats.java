package io.kekbit.spring.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Writes heartbeats on configured writers that wrote nothing during their {@code heartbeat-interval}, so readers do
 * not time out while the application is idle: on start it registers each such writer bean with a
 * {@link WriterHeartbeats} whose daemon thread is {@code kekbit-heartbeat}; on stop it closes it, waiting for the
 * thread to end. A failing heartbeat is logged and reported by {@link #getFailure}, which turns the writer's health
 * DOWN. Thread-safe.
 */
public final class KekbitHeartbeats implements SmartLifecycle
{
    /** Name of the heartbeat thread. */
    public static final String THREAD_NAME = "kekbit-heartbeat";

    private final KekbitProperties properties;
    private final ListableBeanFactory beanFactory;
    private final WriterHeartbeats heartbeats = new WriterHeartbeats(THREAD_NAME);
    private boolean running;

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

    /** Registers every writer bean that has a heartbeat interval; the thread starts with the first. */
    @Override
    public synchronized void start()
    {
        if (running)
        {
            return;
        }
        running = true;
        for (final Map.Entry<String, WriterProperties> entry : properties.getWriters().entrySet())
        {
            final Duration interval = entry.getValue().getHeartbeatInterval();
            if (interval.toMillis() > 0 && beanFactory.isTypeMatch(entry.getKey(), Writer.class))
            {
                heartbeats.register(entry.getKey(), beanFactory.getBean(entry.getKey(), Writer.class), interval);
            }
        }
    }

    /** Stops the heartbeats and waits (up to 5 seconds) for the thread to end. */
    @Override
    public synchronized void stop()
    {
        running = false;
        heartbeats.close();
    }

    /**
     * Whether the heartbeats run.
     *
     * @return true after start, until stop.
     */
    @Override
    public synchronized boolean isRunning()
    {
        return running;
    }

    /**
     * Why the last heartbeat of a writer failed, while it keeps failing.
     *
     * @param writerName the writer's name (its key under {@code kekbit.writers}).
     * @return the failure, or null when its heartbeats succeed (or it has none).
     */
    public String getFailure(final String writerName)
    {
        return heartbeats.getFailure(writerName);
    }
}
