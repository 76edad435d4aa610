package io.kekbit.spring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Holds the {@link KekbitMessageListenerContainer}s of every listener, annotated or registered programmatically, by
 * listener id, and drives their lifecycle with the application context: containers are not beans. Start, stop, pause
 * and resume one listener by id, or all with the context. Thread-safe.
 */
public final class KekbitListenerEndpointRegistry implements SmartLifecycle, DisposableBean
{
    /** Phase of the registry: late start, early stop, like Spring Kafka's containers. */
    public static final int DEFAULT_PHASE = Integer.MAX_VALUE - 100;

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
     * Stops every container gracefully and in parallel: all are asked at once, then waited for together, so the
     * whole stop takes at most the longest shutdown timeout, not their sum.
     */
    @Override
    public void stop()
    {
        stop(() ->
        {
        }, false);
    }

    /**
     * Stops every container in parallel without blocking the caller: the callback runs once all have stopped (or
     * their shutdown timeouts passed). Spring's lifecycle processor waits for it at most
     * {@code spring.lifecycle.timeout-per-shutdown-phase}, then goes on with the shutdown.
     *
     * @param callback run when every container has stopped.
     */
    @Override
    public void stop(final Runnable callback)
    {
        stop(callback, true);
    }

    private void stop(final Runnable callback, final boolean async)
    {
        running = false;
        final Collection<KekbitMessageListenerContainer> all = getListenerContainers();
        all.forEach(KekbitListenerEndpointRegistry::requestStop);
        final List<Thread> stoppers = new ArrayList<>(all.size());
        final Thread caller = Thread.currentThread();
        for (final KekbitMessageListenerContainer container : all)
        {
            if (container instanceof AbstractKekbitListenerContainer ours && ours.isPollThread(caller))
            {
                // A listener stopping the registry (or closing the context) cannot wait for its own thread, which
                // ends after the record in hand.
                continue;
            }
            final Thread stopper = new Thread(container::stop, "kekbit-stop-" + container.getListenerId());
            stopper.setDaemon(true);
            stopper.start();
            stoppers.add(stopper);
        }
        final Runnable awaitAll = () ->
        {
            try
            {
                for (final Thread stopper : stoppers)
                {
                    stopper.join();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            finally
            {
                callback.run();
            }
        };
        if (async)
        {
            final Thread waiter = new Thread(awaitAll, "kekbit-stop");
            waiter.setDaemon(true);
            waiter.start();
        }
        else
        {
            awaitAll.run();
        }
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
        for (final KekbitMessageListenerContainer container : getListenerContainers())
        {
            container.stop();
            if (container instanceof AbstractKekbitListenerContainer ours)
            {
                ours.destroy();
            }
        }
    }

    /**
     * Asks a container to stop without waiting, so that all containers stop in parallel; a container of another
     * kind is only stopped by its stopper thread.
     */
    private static void requestStop(final KekbitMessageListenerContainer container)
    {
        if (container instanceof AbstractKekbitListenerContainer ours)
        {
            ours.requestStop();
        }
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
