package io.kekbit.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;

/**
 * Holds the {@link KekbitMessageListenerContainer}s of every listener, annotated or registered programmatically, by
 * listener id, and drives their lifecycle with the application context: containers are not beans. Start, stop, pause
 * and resume one listener by id, or all with the context. Thread-safe.
 */
public final class KekbitListenerEndpointRegistry implements SmartLifecycle, DisposableBean
{
    /** Phase of the registry: late start, early stop, like Spring Kafka's containers. */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

    private static final LogAccessor LOGGER = new LogAccessor(KekbitListenerEndpointRegistry.class);

    private final Map<String, KekbitMessageListenerContainer> containers = new LinkedHashMap<>();
    private final List<Consumer<KekbitMessageListenerContainer>> registrationCallbacks = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    /**
     * Adds a container. When the registry is already running and the container auto-starts, it starts now.
     *
     * @param container the container.
     * @throws IllegalStateException when a container with the same id exists.
     */
    public void registerListenerContainer(final KekbitMessageListenerContainer container)
    {
        synchronized (containers)
        {
            if (containers.containsKey(container.getListenerId()))
            {
                throw new IllegalStateException("another listener already has the id '" + container.getListenerId() +
                    "'; set a unique id attribute");
            }
            containers.put(container.getListenerId(), container);
        }
        for (final Consumer<KekbitMessageListenerContainer> callback : registrationCallbacks)
        {
            callback.accept(container);
        }
        if (running && container.isAutoStartup())
        {
            container.start();
        }
    }

    /**
     * Calls {@code callback} for every container registered now and later (used by metrics).
     *
     * @param callback receives each container once.
     */
    public void onContainerRegistered(final Consumer<KekbitMessageListenerContainer> callback)
    {
        final List<KekbitMessageListenerContainer> existing;
        synchronized (containers)
        {
            registrationCallbacks.add(callback);
            existing = new ArrayList<>(containers.values());
        }
        existing.forEach(callback);
    }

    /**
     * Finds a container.
     *
     * @param id listener id.
     * @return the container, or null when none has that id.
     */
    public KekbitMessageListenerContainer getListenerContainer(final String id)
    {
        synchronized (containers)
        {
            return containers.get(id);
        }
    }

    /**
     * All containers, in registration order.
     *
     * @return an unmodifiable snapshot.
     */
    public Collection<KekbitMessageListenerContainer> getListenerContainers()
    {
        synchronized (containers)
        {
            return Collections.unmodifiableList(new ArrayList<>(containers.values()));
        }
    }

    /**
     * Ids of all containers.
     *
     * @return an unmodifiable snapshot.
     */
    public List<String> getListenerContainerIds()
    {
        synchronized (containers)
        {
            return List.copyOf(containers.keySet());
        }
    }

    /**
     * Starts one container.
     *
     * @param id listener id.
     * @throws IllegalArgumentException when no container has that id.
     */
    public void start(final String id)
    {
        require(id).start();
    }

    /**
     * Stops one container gracefully.
     *
     * @param id listener id.
     * @throws IllegalArgumentException when no container has that id.
     */
    public void stop(final String id)
    {
        require(id).stop();
    }

    /**
     * Pauses one container.
     *
     * @param id listener id.
     * @throws IllegalArgumentException when no container has that id.
     */
    public void pause(final String id)
    {
        require(id).pause();
    }

    /**
     * Resumes one container.
     *
     * @param id listener id.
     * @throws IllegalArgumentException when no container has that id.
     */
    public void resume(final String id)
    {
        require(id).resume();
    }

    /**
     * Starts every auto-startup container.
     */
    @Override
    public void start()
    {
        for (final KekbitMessageListenerContainer container : getListenerContainers())
        {
            if (container.isAutoStartup())
            {
                container.start();
            }
        }
        running = true;
    }

    /**
     * Stops every container gracefully and in parallel, and waits: all are asked at once with
     * {@link KekbitMessageListenerContainer#stop(Runnable)}, then waited for together, so the whole stop takes at most
     * the longest shutdown timeout, not their sum.
     */
    @Override
    public void stop()
    {
        running = false;
        final Collection<KekbitMessageListenerContainer> all = getListenerContainers();
        final CountDownLatch stopped = new CountDownLatch(all.size());
        Duration longest = Duration.ZERO;
        for (final KekbitMessageListenerContainer container : all)
        {
            final Duration timeout = container.getEndpoint().shutdownTimeout();
            if (timeout != null && timeout.compareTo(longest) > 0)
            {
                longest = timeout;
            }
            container.stop(stopped::countDown);
        }
        try
        {
            if (!stopped.await(longest.toNanos(), TimeUnit.NANOSECONDS))
            {
                final Duration waited = longest;
                final List<String> busy = all.stream().filter(KekbitListenerEndpointRegistry::isEnding)
                    .map(KekbitMessageListenerContainer::getListenerId).toList();
                LOGGER.warn(() -> "listeners " + busy + " did not stop within " + waited);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops every container in parallel without blocking the caller or starting threads: each container is asked
     * with {@link KekbitMessageListenerContainer#stop(Runnable)}, which returns at once, and the callback runs, on the
     * poll thread that ends last, once all have stopped (at once when none runs). Spring's lifecycle processor waits
     * for it at most {@code spring.lifecycle.timeout-per-shutdown-phase}, then goes on with the shutdown.
     *
     * @param callback run once, when every container has stopped.
     */
    @Override
    public void stop(final Runnable callback)
    {
        running = false;
        final Collection<KekbitMessageListenerContainer> all = getListenerContainers();
        final AtomicInteger remaining = new AtomicInteger(all.size() + 1);
        final Runnable countDown = () ->
        {
            if (remaining.decrementAndGet() == 0)
            {
                callback.run();
            }
        };
        for (final KekbitMessageListenerContainer container : all)
        {
            container.stop(countDown);
        }
        countDown.run();
    }

    /**
     * Whether {@link #start()} ran and {@link #stop()} did not.
     *
     * @return true while running.
     */
    @Override
    public boolean isRunning()
    {
        return running;
    }

    /**
     * The registry's phase.
     *
     * @return {@link #DEFAULT_PHASE}.
     */
    @Override
    public int getPhase()
    {
        return DEFAULT_PHASE;
    }

    /**
     * Stops whatever still runs and releases the containers' resources.
     */
    @Override
    public void destroy()
    {
        // All at once, bounded by the longest shutdown timeout, rather than one timeout per stuck listener.
        stop();
        for (final KekbitMessageListenerContainer container : getListenerContainers())
        {
            if (container instanceof AbstractKekbitListenerContainer ours)
            {
                ours.destroy();
            }
        }
    }

    /** Whether a container was asked to stop and its thread has not ended yet. */
    private static boolean isEnding(final KekbitMessageListenerContainer container)
    {
        final KekbitMessageListenerContainer.State state = container.getState();
        return state != KekbitMessageListenerContainer.State.CREATED &&
            state != KekbitMessageListenerContainer.State.STOPPED &&
            state != KekbitMessageListenerContainer.State.FAILED;
    }

    private KekbitMessageListenerContainer require(final String id)
    {
        final KekbitMessageListenerContainer container = getListenerContainer(id);
        if (container == null)
        {
            throw new IllegalArgumentException("no @KekbitListener with id '" + id + "' (known: " +
                getListenerContainerIds() + ")");
        }
        return container;
    }
}
