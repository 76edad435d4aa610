package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.journal.Journal;
import io.kekbit.spring.cloud.stream.binder.properties.DestinationKind;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.listener.KekbitErrorHandler;
import io.kekbit.spring.listener.KekbitHeaders;
import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;
import io.kekbit.spring.listener.KekbitListenerEndpoint;
import io.kekbit.spring.listener.SharedIdleStrategyException;
import io.kekbit.spring.listener.StartFrom;

import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.cloud.stream.function.StandardBatchUtils;
import org.springframework.core.log.LogAccessor;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.core.RecoveryCallback;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.integration.support.ErrorMessageUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The consumer endpoint of a binding: one starter {@link KekbitListenerContainer} per journal the binding reads (one,
 * or this instance's partitions), each sending every record as a {@code Message<byte[]>} (envelope headers included)
 * to the binding's channel. A failed send is retried with the binding's {@link RetryTemplate}
 * ({@code maxAttempts}, back-off; entered at the first failure unless the template has a listener), then handed to
 * the error infrastructure's recoverer: the error channel
 * {@code <destination>.<group>.errors} and, with {@code enableDlq}, the dead-letter destination. A record is
 * consumed (its group position moves on) once it is handled or recovered; when recovery itself fails (the dead-letter
 * write failed) the consumer stops with the record unconsumed. In batch mode ({@code consumer.batch-mode}) each
 * container sends the records of one poll as one batch message instead ({@link RecordSink#onBatch}), retried and
 * recovered as a whole, and the group position moves on once the batch is handled or recovered.
 * <p>
 * A group consumer starts at the group's durable position (the oldest record the first time) and holds the group's
 * lock on each journal; an anonymous consumer starts at the end and deletes its position file when stopped.
 * <p>
 * The endpoint auto-starts unless a {@code KekbitContainerCustomizer} turned auto-startup off on one of its
 * containers ({@link #isAutoStartup()}); the binder then leaves the binding stopped, as with Spring Cloud Stream's
 * {@code consumer.auto-startup=false}, until it is started (the {@code bindings} actuator endpoint or
 * {@code BindingsLifecycleController}), which starts every container.
 * Thread-safe: lifecycle methods are synchronized by {@link MessageProducerSupport}; each container thread sends its
 * own records.
 */
public final class KekbitInboundChannelAdapter extends MessageProducerSupport
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitInboundChannelAdapter.class);
    private static final Method ON_MESSAGE = ReflectionUtils.findMethod(RecordSink.class, "onMessage", Message.class);
    private static final Method ON_BATCH = ReflectionUtils.findMethod(RecordSink.class, "onBatch", List.class);
    /** Class of the no-op listener a {@link RetryTemplate} has until one is set. */
    private static final Class<?> DEFAULT_RETRY_LISTENER = new RetryTemplate().getRetryListener().getClass();

    private final KekbitDestination destination;
    private final String group;
    private final boolean anonymous;
    private final String groupProperty;
    private final String bindingName;
    private final boolean batchMode;
    private final GroupLocks groupLocks;
    private final List<KekbitListenerContainer> containers;
    private RetryTemplate retryTemplate;
    private boolean retryDirectFirst;
    private RecoveryCallback<?> recoveryCallback;

    /**
     * Creates the endpoint.
     *
     * @param destination   the provisioned destination.
     * @param group         the group (a valid durable name), or the generated name of an anonymous consumer.
     * @param anonymous     whether the consumer has no group.
     * @param properties    the consumer's kekbit settings.
     * @param bindingName   the binding, for the listener ids and errors.
     * @param groupLocks    the binder's group locks.
     * @param factory       creates the containers: the application's {@link KekbitListenerContainerFactory}, so its
     *                      executor, idle strategy, customizers and events apply to binder consumers.
     * @param batchMode     whether each poll goes to the binding as one batch message (Spring Cloud Stream's
     *                      {@code consumer.batch-mode}) instead of one message per record.
     */
    public KekbitInboundChannelAdapter(final KekbitDestination destination, final String group,
        final boolean anonymous, final KekbitConsumerProperties properties, final String bindingName,
        final GroupLocks groupLocks, final KekbitListenerContainerFactory factory, final boolean batchMode)
    {
        this.destination = destination;
        this.batchMode = batchMode;
        this.group = group;
        this.anonymous = anonymous;
        this.groupProperty = "spring.cloud.stream.bindings." + bindingName + ".group";
        this.bindingName = bindingName;
        this.groupLocks = groupLocks;
        final String prefix = "spring.cloud.stream.kekbit.bindings." + bindingName + ".consumer.";
        final String idleStrategy = properties.getIdleStrategy() == null ? "" : properties.getIdleStrategy();
        if (properties.getMaxRecordsPerPoll() < 1)
        {
            throw new KekbitBinderException(prefix + "max-records-per-poll", "'" + properties.getMaxRecordsPerPoll() +
                "' is not a record count.", "Set it to 1 or more.", null);
        }
        final KekbitErrorHandler errorHandler = new BinderErrorHandler(destination.getName(), group);
        final List<KekbitListenerContainer> list = new ArrayList<>(destination.size());
        for (int i = 0; i < destination.size(); i++)
        {
            final String journal = destination.journalName(i);
            final KekbitListenerEndpoint endpoint = new KekbitListenerEndpoint(
                listenerId(journal, group),
                journal,
                destination.id(i),
                destination.root(),
                anonymous ? StartFrom.END : StartFrom.DURABLE,
                group,
                null,
                idleStrategy,
                properties.getMaxRecordsPerPoll(),
                true,
                properties.getShutdownTimeout(),
                true,
                destination.kind() == DestinationKind.JOURNAL);
            final RecordSink sink = new RecordSink(this);
            final KekbitListenerContainer container = createContainer(factory, endpoint, sink, errorHandler,
                prefix + "idle-strategy");
            sink.container = container;
            list.add(container);
        }
        this.containers = Collections.unmodifiableList(list);
        setAutoStartup(list.stream().allMatch(KekbitListenerContainer::isAutoStartup));
    }

    private KekbitListenerContainer createContainer(final KekbitListenerContainerFactory factory,
        final KekbitListenerEndpoint endpoint, final RecordSink sink, final KekbitErrorHandler errorHandler,
        final String idleProperty)
    {
        try
        {
            return batchMode ?
                factory.createBatchContainer(endpoint, sink, ON_BATCH, null, destination.isEnvelope(), errorHandler) :
                factory.createContainer(endpoint, sink, ON_MESSAGE, null, destination.isEnvelope(), errorHandler);
        }
        catch (final SharedIdleStrategyException ex)
        {
            throw sharedIdleStrategy(idleProperty, ex);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new KekbitBinderException(idleProperty, ex.getMessage(),
                "Set it to backoff, sleeping, yielding or busy-spin.", ex);
        }
    }

    /**
     * The report of a consumer container that would share a stateful idle strategy object with another container.
     *
     * @param idleProperty the binding's {@code idle-strategy} property.
     * @param cause        the factory's refusal, naming both listeners.
     * @return the exception to throw.
     */
    static KekbitBinderException sharedIdleStrategy(final String idleProperty, final SharedIdleStrategyException cause)
    {
        if (cause.getMessage().contains("KekbitContainerCustomizer"))
        {
            // The customizer's object wins over the property: only the customizer can fix it.
            return new KekbitBinderException(idleProperty, "a KekbitContainerCustomizer sets the idle strategy of " +
                "the consumer containers, and " + cause.getMessage() + ".",
                "Make the customizer give each container its own IdleStrategy object (a new one per call), or one " +
                "of the stateless strategies.", cause);
        }
        return new KekbitBinderException(idleProperty, "it is not set, so each consumer container takes the " +
            "application's IdleStrategy bean, and " + cause.getMessage() + ".",
            "Declare the IdleStrategy bean @Scope(\"prototype\") so that each consumer gets its own, or set " +
            idleProperty + " to backoff, sleeping, yielding or busy-spin.", cause);
    }

    /**
     * The listener id of the container reading one journal of a destination for a group.
     *
     * @param journal the journal's name.
     * @param group   the group, or the generated name of an anonymous consumer.
     * @return the id.
     */
    static String listenerId(final String journal, final String group)
    {
        return "kekbit-" + journal + "." + group;
    }

    /**
     * Sets the retry of failed sends.
     *
     * @param retryTemplate the template built from the consumer properties (or the application's
     *                      {@code @StreamRetryTemplate}), or null for one attempt.
     */
    public void setRetryTemplate(final RetryTemplate retryTemplate)
    {
        this.retryTemplate = retryTemplate;
        this.retryDirectFirst = retryTemplate != null &&
            retryTemplate.getRetryListener().getClass() == DEFAULT_RETRY_LISTENER;
    }

    /**
     * Sets what happens to a record whose sends all failed.
     *
     * @param recoveryCallback the recoverer (it publishes to the binding's error channel), or null to rethrow.
     */
    public void setRecoveryCallback(final RecoveryCallback<?> recoveryCallback)
    {
        this.recoveryCallback = recoveryCallback;
    }

    /**
     * The destination read.
     *
     * @return the destination.
     */
    public KekbitDestination getDestination()
    {
        return destination;
    }

    /**
     * The group, or the generated name of an anonymous consumer.
     *
     * @return the name.
     */
    public String getGroup()
    {
        return group;
    }

    /**
     * Whether the consumer has no group.
     *
     * @return true when anonymous.
     */
    public boolean isAnonymous()
    {
        return anonymous;
    }

    /**
     * Whether each poll is sent as one batch message.
     *
     * @return true in batch mode.
     */
    public boolean isBatchMode()
    {
        return batchMode;
    }

    /**
     * The containers, one per journal read, in the destination's order.
     *
     * @return the containers.
     */
    public List<KekbitListenerContainer> getContainers()
    {
        return containers;
    }

    /** {@inheritDoc} */
    @Override
    public String getComponentType()
    {
        return "kekbit:inbound-channel-adapter";
    }

    /**
     * Takes the group's locks, then starts the containers. A start that fails part way stops the containers it
     * started and releases the locks it took before rethrowing ({@link MessageProducerSupport} never calls
     * {@link #doStop()} after a failed start), so a retried binding start is not refused by its own locks.
     */
    @Override
    protected void doStart()
    {
        int locked = 0;
        int started = 0;
        try
        {
            if (!anonymous)
            {
                for (; locked < destination.size(); locked++)
                {
                    groupLocks.acquire(destination.root(), destination.id(locked), destination.journalName(locked),
                        group, groupProperty);
                }
            }
            for (; started < containers.size(); started++)
            {
                containers.get(started).start();
            }
        }
        catch (final RuntimeException | Error ex)
        {
            undoStart(started, locked, ex);
            throw ex;
        }
    }

    private void undoStart(final int started, final int locked, final Throwable cause)
    {
        for (int i = 0; i < started; i++)
        {
            try
            {
                containers.get(i).stop();
            }
            catch (final RuntimeException ex)
            {
                cause.addSuppressed(ex);
            }
        }
        for (int i = 0; i < locked; i++)
        {
            groupLocks.release(destination.root(), destination.id(i), group);
        }
    }

    /** {@inheritDoc} */
    @Override
    protected void doStop()
    {
        containers.forEach(KekbitListenerContainer::stop);
        if (!anonymous)
        {
            for (int i = 0; i < destination.size(); i++)
            {
                groupLocks.release(destination.root(), destination.id(i), group);
            }
        }
    }

    /** Stops the containers, releases their lag readers and deletes an anonymous consumer's position files. */
    @Override
    public void destroy()
    {
        super.destroy();
        containers.forEach(KekbitListenerContainer::destroy);
        if (anonymous)
        {
            for (int i = 0; i < destination.size(); i++)
            {
                deletePosition(i);
            }
        }
    }

    private void deletePosition(final int index)
    {
        final Path path = destination.kind() == DestinationKind.JOURNAL ?
            Journal.positionPath(destination.root(), (int)destination.id(index), group) :
            StorageDescriptor.positionPath(destination.root(), destination.id(index), group);
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOGGER.warn(ex, () -> "cannot delete the anonymous consumer position " + path);
        }
    }

    /**
     * Called on a container thread with the records of one poll, in journal order: sends them as one message whose
     * payload is the list of record bodies and whose {@link BinderHeaders#BATCH_HEADERS} header is the list of their
     * headers (Spring Cloud Stream's batch structure, {@link StandardBatchUtils}), with the journal's name and id as
     * headers of the batch. The group position is saved after this returns.
     */
    void onBatch(final List<Message<byte[]>> records, final KekbitListenerContainer container)
    {
        if (records.isEmpty())
        {
            return;
        }
        final StandardBatchUtils.BatchMessageBuilder builder = new StandardBatchUtils.BatchMessageBuilder();
        for (final Message<byte[]> record : records)
        {
            builder.addMessage(record.getPayload(), record.getHeaders());
        }
        final MessageHeaders first = records.get(0).getHeaders();
        builder.addRootHeader(KekbitHeaders.CHANNEL_NAME, first.get(KekbitHeaders.CHANNEL_NAME));
        builder.addRootHeader(KekbitHeaders.CHANNEL_ID, first.get(KekbitHeaders.CHANNEL_ID));
        onMessage(builder.build(), container);
    }

    /**
     * Called on a container thread for each record, or for each batch in batch mode. With the binder's own retry
     * template (no {@code RetryListener}), the first attempt is a plain send and only a failure starts the retry,
     * with the template's policy and back-off ({@link #retryStoppable}), so a record handled at the first attempt
     * costs no retry state. A template with a listener (an application's {@code @StreamRetryTemplate}) runs every
     * record, so that its listener sees each execution.
     *
     * @param container the container whose poll thread calls, or null (only an interrupt then ends a retry's wait).
     */
    void onMessage(final Message<?> message, final KekbitListenerContainer container)
    {
        final RetryTemplate template = retryTemplate;
        if (template == null)
        {
            try
            {
                send(message);
            }
            catch (final RuntimeException ex)
            {
                recover(message, ex, 1);
            }
            return;
        }
        if (retryDirectFirst)
        {
            try
            {
                send(message);
                return;
            }
            catch (final RuntimeException | Error ex)
            {
                retryStoppable(template.getRetryPolicy(), message, ex, container);
                return;
            }
        }
        retry(template, message);
    }

    private void send(final Message<?> message)
    {
        getMessagingTemplate().send(getRequiredOutputChannel(), message);
    }

    /**
     * Runs the record through the retry template (one with a listener: the listener sees every execution).
     */
    private void retry(final RetryTemplate template, final Message<?> message)
    {
        final int[] attempts = new int[1];
        try
        {
            template.execute(() ->
            {
                attempts[0]++;
                send(message);
                return null;
            });
        }
        catch (final RetryException ex)
        {
            recover(message, ex.getLastException(), attempts[0]);
        }
    }

    /**
     * Retries a record whose first attempt failed, as the binder's template would (its policy decides what is
     * retried, its back-off how often and how long, and its timeout counts from the end of the first attempt), on
     * this thread, with two differences: a stop of the container ends the wait for the next attempt at once (its
     * stop request wakes the poll thread), leaving the record unconsumed ({@link ConsumerStoppingException}), so that
     * an unlimited retry never outlives its binding; and only the last failure is kept, however long the retry lasts.
     */
    private void retryStoppable(final RetryPolicy policy, final Message<?> message, final Throwable firstFailure,
        final KekbitListenerContainer container)
    {
        final BackOffExecution backOff = policy.getBackOff().start();
        final Duration timeout = policy.getTimeout();
        final long timeoutNanos = timeout == null || timeout.isNegative() || timeout.isZero() ? 0 : timeout.toNanos();
        final long started = System.nanoTime();
        Throwable last = firstFailure;
        int attempts = 1;
        while (policy.shouldRetry(last))
        {
            final long delay = backOff.nextBackOff();
            if (delay == BackOffExecution.STOP ||
                timeoutNanos > 0 && System.nanoTime() - started + TimeUnit.MILLISECONDS.toNanos(delay) > timeoutNanos)
            {
                break;
            }
            sleepUnlessStopping(delay, container);
            attempts++;
            try
            {
                send(message);
                return;
            }
            catch (final RuntimeException | Error ex)
            {
                last = ex;
            }
        }
        recover(message, last, attempts);
    }

    private void sleepUnlessStopping(final long millis, final KekbitListenerContainer container)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (long left = deadline - System.nanoTime(); ; left = deadline - System.nanoTime())
        {
            if (container != null && !container.isRunning() || Thread.currentThread().isInterrupted())
            {
                throw new ConsumerStoppingException(bindingName);
            }
            if (left <= 0)
            {
                return;
            }
            LockSupport.parkNanos(this, left);
        }
    }

    private void recover(final Message<?> message, final Throwable cause, final int attempts)
    {
        if (recoveryCallback == null)
        {
            throw cause instanceof RuntimeException ? (RuntimeException)cause :
                new MessagingException(message, "send failed", cause);
        }
        final Message<?> failed = MessageBuilder.fromMessage(message)
            .setHeader(IntegrationMessageHeaderAccessor.DELIVERY_ATTEMPT, attempts)
            .build();
        try
        {
            recoveryCallback.recover(ErrorMessageUtils.getAttributeAccessor(failed, failed), cause);
        }
        catch (final RuntimeException ex)
        {
            final DeadLetterException deadLetter = DeadLetterException.find(ex);
            throw deadLetter != null ? deadLetter : ex;
        }
    }

    /**
     * The object whose method a container calls for each record (a container calls a method, as for a
     * {@code @KekbitListener}); one per container, so that a retry can see its container's stop request. Thread-safe
     * (its container is set once, before the container starts).
     */
    public static final class RecordSink
    {
        private final KekbitInboundChannelAdapter adapter;
        /** The container that calls this sink, set once it is made (before it can start). */
        private volatile KekbitListenerContainer container;

        RecordSink(final KekbitInboundChannelAdapter adapter)
        {
            this.adapter = adapter;
        }

        /**
         * Sends a record to the binding.
         *
         * @param message the record: the body as bytes, the envelope headers and the {@code kekbit_*} headers.
         */
        public void onMessage(final Message<byte[]> message)
        {
            adapter.onMessage(message, container);
        }

        /**
         * Sends the records of one poll to the binding as one batch message (batch mode).
         *
         * @param records the records, in journal order, each as {@link #onMessage} would get it.
         */
        public void onBatch(final List<Message<byte[]>> records)
        {
            adapter.onBatch(records, container);
        }
    }
}
