package io.kekbit.spring.listener;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import io.kekbit.core.idle.BusySpinIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.core.idle.YieldingIdleStrategy;
import io.kekbit.spring.core.KekbitMessageConverter;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.core.task.TaskExecutor;

/**
 * Creates the {@link KekbitListenerContainer} of every listener, annotated or registered through a
 * {@link KekbitListenerConfigurer}: applies the executor, the default idle strategy, the idle event interval and the
 * event publisher, then each {@link KekbitContainerCustomizer} in order (like Spring Kafka's
 * {@code ConcurrentKafkaListenerContainerFactory}). The auto-configuration defines one, configured from
 * {@code kekbit.*} properties by {@code KekbitListenerContainerFactoryConfigurer}; define your own bean to replace it.
 * <pre>{@code
 * @Bean
 * KekbitContainerCustomizer autoStartOff() {
 *     return container -> container.setAutoStartup(false);
 * }
 * }</pre>
 * Thread-safe once configured: configure it before the context refreshes.
 */
public class KekbitListenerContainerFactory implements ApplicationEventPublisherAware
{
    /** Idle strategy of a run-time endpoint that names none, when the factory has no default. */
    private static final String DEFAULT_IDLE_STRATEGY = "backoff";

    private final List<KekbitContainerCustomizer> customizers = new ArrayList<>();
    private TaskExecutor taskExecutor;
    private Supplier<? extends IdleStrategy> idleStrategy;
    private Duration idleEventInterval;
    private ApplicationEventPublisher eventPublisher;
    /** Stateful idle strategy objects given to a container so far, with the listener that got each. */
    private final Map<IdleStrategy, String> idleOwners = new IdentityHashMap<>();

    /**
     * Sets the executor running the containers' poll tasks. It must give each task a thread of its own for as long
     * as the container runs: a {@code SimpleAsyncTaskExecutor} (with virtual threads if you like), or a pool with a
     * thread per listener. While a poll task runs, its thread is named after the listener id.
     *
     * @param taskExecutor the executor, or null for a {@code SimpleAsyncTaskExecutor} per container with platform
     *                     threads.
     */
    public void setTaskExecutor(final TaskExecutor taskExecutor)
    {
        this.taskExecutor = taskExecutor;
    }

    /**
     * The executor running the poll tasks.
     *
     * @return the executor, or null for the default.
     */
    public TaskExecutor getTaskExecutor()
    {
        return taskExecutor;
    }

    /**
     * Sets the idle strategy of listeners that do not name one (their {@code idleStrategy} attribute is empty). It
     * is called once per container; an idle strategy keeps per-thread state, so the supplier must return a new
     * instance each time, or an instance without state (busy-spin, yield, sleep).
     *
     * @param idleStrategy the supplier, or null to use {@code kekbit.listener.idle-strategy}.
     */
    public void setIdleStrategy(final Supplier<? extends IdleStrategy> idleStrategy)
    {
        this.idleStrategy = idleStrategy;
    }

    /**
     * Sets how long a listener must receive nothing before a {@link KekbitListenerContainerIdleEvent}.
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
     * @return the interval, or null for none.
     */
    public Duration getIdleEventInterval()
    {
        return idleEventInterval;
    }

    /**
     * Sets where containers publish their events; set by the application context when the factory is a bean.
     *
     * @param eventPublisher the publisher.
     */
    @Override
    public void setApplicationEventPublisher(final ApplicationEventPublisher eventPublisher)
    {
        this.eventPublisher = eventPublisher;
    }

    /**
     * Adds a customizer, applied after the ones added before.
     *
     * @param customizer the customizer.
     */
    public void addContainerCustomizer(final KekbitContainerCustomizer customizer)
    {
        customizers.add(customizer);
    }

    /**
     * The customizers, in the order they are applied.
     *
     * @return an unmodifiable snapshot.
     */
    public List<KekbitContainerCustomizer> getContainerCustomizers()
    {
        return List.copyOf(customizers);
    }

    /**
     * An idle strategy for a listener that names none, checked not to be shared with another container.
     *
     * @param listenerId the listener that gets it, for the error.
     * @return a strategy from the supplier, or null when no supplier is set.
     * @throws SharedIdleStrategyException when the supplier returned a stateful object another listener already has.
     */
    IdleStrategy defaultIdleStrategy(final String listenerId)
    {
        final Supplier<? extends IdleStrategy> supplier = idleStrategy;
        final IdleStrategy idle = supplier == null ? null : supplier.get();
        if (idle != null)
        {
            checkNotShared(idle, listenerId, "the default idle strategy (" + idle.getClass().getName() + ")");
        }
        return idle;
    }

    /**
     * Records that a listener's container gets an idle strategy object. An idle strategy keeps per-thread state, so
     * one object may serve one container only, unless it has no state (busy-spin, yield, sleep).
     *
     * @param idle       the object.
     * @param listenerId the listener that gets it.
     * @param what       how the object was found (a bean name), for the error.
     * @throws SharedIdleStrategyException when another listener already has the object.
     */
    void checkNotShared(final IdleStrategy idle, final String listenerId, final String what)
    {
        checkNotShared(idle, listenerId, what, true);
    }

    /**
     * Checks, before any container of a run-time endpoint exists, that the default idle strategy
     * ({@link #setIdleStrategy}) can go to a listener: integrations that create containers later, once their
     * configuration is bound (the Spring Cloud Stream binder's consumers), call it at startup so that a stateful
     * object shared with another listener fails startup instead of a later, retried binding.
     *
     * @param listenerId the listener that will get it (the id of the endpoint later given to
     *                   {@link #createContainer}), or a description of it when {@code keep} is false.
     * @param keep       whether to record the object as that listener's, so that any other listener taking it is
     *                   refused; false only checks that no other listener has it (for a listener whose id is not
     *                   known yet).
     * @throws SharedIdleStrategyException when the default is a stateful object another listener already has.
     */
    public void reserveDefaultIdleStrategy(final String listenerId, final boolean keep)
    {
        final Supplier<? extends IdleStrategy> supplier = idleStrategy;
        final IdleStrategy idle = supplier == null ? null : supplier.get();
        if (idle != null)
        {
            checkNotShared(idle, listenerId, "the default idle strategy (" + idle.getClass().getName() + ")", keep);
        }
    }

    private synchronized void release(final IdleStrategy idle, final String listenerId)
    {
        if (idle != null && listenerId.equals(idleOwners.get(idle)))
        {
            idleOwners.remove(idle);
        }
    }

    private synchronized void checkNotShared(
        final IdleStrategy idle, final String listenerId, final String what, final boolean keep)
    {
        if (idle instanceof BusySpinIdleStrategy || idle instanceof YieldingIdleStrategy ||
            idle instanceof SleepingIdleStrategy)
        {
            return;
        }
        final String owner = keep ? idleOwners.putIfAbsent(idle, listenerId) : idleOwners.get(idle);
        if (owner != null && !owner.equals(listenerId))
        {
            throw new SharedIdleStrategyException(what + " is one object shared by listeners '" + owner + "' and '" +
                listenerId + "', but an idle strategy keeps per-thread state: declare the bean " +
                "@Scope(\"prototype\") so that each listener gets its own");
        }
    }

    /**
     * Creates and customizes a container for an endpoint built at run time rather than declared with
     * {@link KekbitListener} (the Spring Cloud Stream binder's consumers; like Spring Kafka's
     * {@code createListenerContainer(endpoint)}): the same invoker and error handling as an annotated listener, and the
     * factory's executor, idle event interval, event publisher and customizers. The idle strategy is the one the
     * endpoint names; when its {@code idleStrategy} is empty, the factory's default ({@link #setIdleStrategy}, the
     * application's {@link IdleStrategy} bean) or, without one, {@code backoff}. The caller owns the container: it
     * starts and stops it, and calls {@link KekbitListenerContainer#destroy()} once it is stopped for good.
     * <pre>{@code
     * KekbitListenerContainer container = factory.createContainer(endpoint, sink,
     *     Sink.class.getMethod("onMessage", Message.class), null, true, errorHandler);
     * container.start();
     * }</pre>
     *
     * @param endpoint     what to read and how.
     * @param bean         the object holding the method.
     * @param method       a method returning void whose parameters a {@link KekbitListener} method may have.
     * @param converter    converter for POJO payloads; may be null when the method needs none.
     * @param envelope     whether the records carry the kekbit envelope.
     * @param errorHandler decides what happens to a record whose method threw.
     * @return the container, not started.
     * @throws IllegalStateException when the method's signature is not supported; the message names the method.
     * @throws IllegalArgumentException when the endpoint names an unknown idle strategy.
     * @throws SharedIdleStrategyException when the endpoint names no idle strategy and the factory's default is a
     *                                     stateful object another container already has (a singleton bean), or a
     *                                     customizer set an idle strategy object another container has.
     */
    public KekbitListenerContainer createContainer(
        final KekbitListenerEndpoint endpoint,
        final Object bean,
        final Method method,
        final KekbitMessageConverter converter,
        final boolean envelope,
        final KekbitErrorHandler errorHandler)
    {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(errorHandler, "errorHandler");
        final IdleStrategy idle = runtimeIdleStrategy(endpoint);
        final KekbitRecordInvoker invoker = new KekbitRecordInvoker(bean, method, endpoint.channelName(),
            endpoint.channelId(), converter, envelope);
        return createListenerContainer(endpoint, invoker, errorHandler, idle);
    }

    /**
     * Creates and customizes a batch container for an endpoint built at run time: as
     * {@link #createContainer(KekbitListenerEndpoint, Object, Method, KekbitMessageConverter, boolean,
     * KekbitErrorHandler)}, but the method gets the records of each poll as one {@code List}, as a
     * {@link KekbitListener} with {@code batch = "true"} does, and the group position is saved only after the method
     * returned (the Spring Cloud Stream binder's {@code batch-mode} consumers).
     * <pre>{@code
     * KekbitListenerContainer container = factory.createBatchContainer(endpoint, sink,
     *     Sink.class.getMethod("onBatch", List.class), null, true, errorHandler);
     * }</pre>
     *
     * @param endpoint     what to read and how; its {@code maxRecordsPerPoll} bounds a batch.
     * @param bean         the object holding the method.
     * @param method       a method returning void with the parameters of a batch {@link KekbitListener} method (one
     *                     {@code List<T>}, optionally {@code @Header} lists).
     * @param converter    converter for POJO payloads; may be null when the method needs none.
     * @param envelope     whether the records carry the kekbit envelope.
     * @param errorHandler decides what happens to a batch whose method threw.
     * @return the container, not started.
     * @throws IllegalStateException when the method's signature is not a batch signature; the message names it.
     * @throws IllegalArgumentException when the endpoint names an unknown idle strategy.
     * @throws SharedIdleStrategyException when the endpoint names no idle strategy and the factory's default is a
     *                                     stateful object another container already has (a singleton bean).
     */
    public KekbitListenerContainer createBatchContainer(
        final KekbitListenerEndpoint endpoint,
        final Object bean,
        final Method method,
        final KekbitMessageConverter converter,
        final boolean envelope,
        final KekbitErrorHandler errorHandler)
    {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(errorHandler, "errorHandler");
        final IdleStrategy idle = runtimeIdleStrategy(endpoint);
        final KekbitRecordInvoker invoker = new KekbitRecordInvoker(new BatchRecordInvoker(bean, method,
            endpoint.id(), endpoint.channelName(), endpoint.channelId(), converter, envelope, null));
        return createListenerContainer(endpoint, invoker, errorHandler, idle);
    }

    private IdleStrategy runtimeIdleStrategy(final KekbitListenerEndpoint endpoint)
    {
        final String idleName = endpoint.idleStrategy();
        IdleStrategy idle;
        if (idleName == null || idleName.isEmpty())
        {
            idle = defaultIdleStrategy(endpoint.id());
            if (idle == null)
            {
                idle = IdleStrategy.of(DEFAULT_IDLE_STRATEGY);
            }
        }
        else
        {
            idle = IdleStrategy.of(idleName);
        }
        return idle;
    }

    /**
     * Creates and customizes a container.
     *
     * @param endpoint     the resolved settings.
     * @param invoker      calls the listener.
     * @param errorHandler the listener's error handler.
     * @param idle         the idle strategy object, or null for the endpoint's named one.
     * @return the container, not started.
     */
    KekbitListenerContainer createListenerContainer(
        final KekbitListenerEndpoint endpoint,
        final KekbitRecordInvoker invoker,
        final KekbitErrorHandler errorHandler,
        final IdleStrategy idle)
    {
        final KekbitListenerContainer container = new KekbitListenerContainer(endpoint, invoker, errorHandler);
        container.setTaskExecutor(taskExecutor);
        container.setIdleStrategy(idle);
        container.setIdleEventInterval(idleEventInterval);
        container.setApplicationEventPublisher(eventPublisher);
        for (final KekbitContainerCustomizer customizer : customizers)
        {
            customizer.customize(container);
        }
        final IdleStrategy customized = container.getIdleStrategy();
        if (customized != null && customized != idle)
        {
            checkNotShared(customized, endpoint.id(), "the idle strategy a KekbitContainerCustomizer set (" +
                customized.getClass().getName() + ")");
            // The container does not use the strategy it was made with: another listener may have it.
            release(idle, endpoint.id());
        }
        return container;
    }
}
