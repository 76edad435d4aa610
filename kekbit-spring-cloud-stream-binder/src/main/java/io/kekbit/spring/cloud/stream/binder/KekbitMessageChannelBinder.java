package io.kekbit.spring.cloud.stream.binder;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.WriterHeartbeats;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitExtendedBindingProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitProducerProperties;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;

import org.springframework.cloud.stream.binder.AbstractMessageChannelBinder;
import org.springframework.cloud.stream.binder.BinderSpecificPropertiesProvider;
import org.springframework.cloud.stream.binder.ExtendedConsumerProperties;
import org.springframework.cloud.stream.binder.ExtendedProducerProperties;
import org.springframework.cloud.stream.binder.ExtendedPropertiesBinder;
import org.springframework.cloud.stream.provisioning.ConsumerDestination;
import org.springframework.cloud.stream.provisioning.ProducerDestination;
import org.springframework.integration.core.MessageProducer;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;

/**
 * The Spring Cloud Stream binder of type {@code kekbit}: a producer binding writes its destination's journal (one
 * writer per journal, in one process, shared by that process's producer bindings of the destination), a consumer
 * binding reads it with listener containers from the application's {@code KekbitListenerContainerFactory}. Groups
 * are durable reader positions guarded by a lock file, partitions are separate journals, failed records are retried
 * with the binding's retry settings and then published to the error channel and, with {@code enableDlq}, written to a
 * dead-letter destination. Thread-safe: Spring Cloud Stream binds from its own threads; the binder keeps its state
 * in concurrent maps.
 */
public class KekbitMessageChannelBinder extends AbstractMessageChannelBinder<
    ExtendedConsumerProperties<KekbitConsumerProperties>,
    ExtendedProducerProperties<KekbitProducerProperties>,
    KekbitProvisioningProvider>
    implements ExtendedPropertiesBinder<MessageChannel, KekbitConsumerProperties, KekbitProducerProperties>
{
    private static final String[] NO_HEADERS = new String[0];

    private final KekbitExtendedBindingProperties extendedBindingProperties;
    private final GroupLocks groupLocks;
    private final KekbitListenerContainerFactory containerFactory;
    private final SharedWriters sharedWriters;
    private final Map<String, KekbitProducerHandler> producers = new ConcurrentHashMap<>();
    private final Map<String, KekbitInboundChannelAdapter> consumers = new ConcurrentHashMap<>();
    private final Map<String, KekbitDeadLetterHandler> deadLetters = new ConcurrentHashMap<>();
    private final List<KekbitBindingObserver> observers = new CopyOnWriteArrayList<>();

    /**
     * Creates the binder.
     *
     * @param provisioningProvider      works out the journals of destinations.
     * @param extendedBindingProperties the kekbit settings of the bindings.
     * @param heartbeats                heartbeats of the producer journals.
     * @param heartbeatInterval         heartbeat interval of idle producer journals; zero turns heartbeats off.
     * @param groupLocks                the consumer-group locks this binder holds.
     * @param containerFactory          creates the consumers' listener containers (the application's factory).
     */
    public KekbitMessageChannelBinder(final KekbitProvisioningProvider provisioningProvider,
        final KekbitExtendedBindingProperties extendedBindingProperties, final WriterHeartbeats heartbeats,
        final Duration heartbeatInterval, final GroupLocks groupLocks,
        final KekbitListenerContainerFactory containerFactory)
    {
        super(NO_HEADERS, provisioningProvider);
        this.extendedBindingProperties = extendedBindingProperties;
        this.groupLocks = groupLocks;
        this.containerFactory = containerFactory;
        this.sharedWriters = new SharedWriters(heartbeats, heartbeatInterval);
    }

    /**
     * Adds an observer of the bindings (metrics).
     *
     * @param observer the observer.
     */
    public void addBindingObserver(final KekbitBindingObserver observer)
    {
        observers.add(observer);
    }

    /** {@inheritDoc} */
    @Override
    public KekbitConsumerProperties getExtendedConsumerProperties(final String channelName)
    {
        return extendedBindingProperties.getExtendedConsumerProperties(channelName);
    }

    /** {@inheritDoc} */
    @Override
    public KekbitProducerProperties getExtendedProducerProperties(final String channelName)
    {
        return extendedBindingProperties.getExtendedProducerProperties(channelName);
    }

    /** {@inheritDoc} */
    @Override
    public String getDefaultsPrefix()
    {
        return extendedBindingProperties.getDefaultsPrefix();
    }

    /** {@inheritDoc} */
    @Override
    public Class<? extends BinderSpecificPropertiesProvider> getExtendedPropertiesEntryClass()
    {
        return extendedBindingProperties.getExtendedPropertiesEntryClass();
    }

    /**
     * The factory the consumers' listener containers come from.
     *
     * @return the factory (the application's).
     */
    public KekbitListenerContainerFactory getContainerFactory()
    {
        return containerFactory;
    }

    /**
     * The producer handlers of the bound producers, by binding name.
     *
     * @return a live view.
     */
    public Collection<KekbitProducerHandler> getProducers()
    {
        return producers.values();
    }

    /**
     * The consumer endpoints of the bound consumers.
     *
     * @return a live view.
     */
    public Collection<KekbitInboundChannelAdapter> getConsumers()
    {
        return consumers.values();
    }

    /**
     * The dead-letter handlers of the bound consumers that have one.
     *
     * @return a live view.
     */
    public Collection<KekbitDeadLetterHandler> getDeadLetterHandlers()
    {
        return deadLetters.values();
    }

    /** {@inheritDoc} */
    @Override
    protected MessageHandler createProducerMessageHandler(final ProducerDestination destination,
        final ExtendedProducerProperties<KekbitProducerProperties> producerProperties,
        final MessageChannel errorChannel)
    {
        final String bindingName = producerProperties.getBindingName();
        final KekbitProducerHandler handler = new KekbitProducerHandler((KekbitDestination)destination,
            producerProperties.getExtension(), "spring.cloud.stream.bindings." + bindingName + ".destination",
            "spring.cloud.stream.kekbit.bindings." + bindingName + ".producer.", sharedWriters);
        handler.setBeanFactory(getBeanFactory());
        handler.setErrorChannel(errorChannel);
        handler.setStartListener(() -> observers.forEach(observer -> observer.producerStarted(handler)));
        producers.put(bindingName, handler);
        return handler;
    }

    /** {@inheritDoc} */
    @Override
    protected void afterUnbindProducer(final ProducerDestination destination,
        final ExtendedProducerProperties<KekbitProducerProperties> producerProperties)
    {
        final KekbitProducerHandler handler = producers.remove(producerProperties.getBindingName());
        if (handler != null)
        {
            handler.stop();
            final KekbitDestination kekbitDestination = handler.getDestination();
            for (int i = 0; i < kekbitDestination.size(); i++)
            {
                if (sharedWriters.references(kekbitDestination, i) == 0)
                {
                    final String journal = kekbitDestination.journalName(i);
                    observers.forEach(observer -> observer.writerClosed(journal));
                }
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    protected MessageProducer createConsumerEndpoint(final ConsumerDestination destination, final String group,
        final ExtendedConsumerProperties<KekbitConsumerProperties> properties)
    {
        final boolean anonymous = group == null || group.isBlank();
        final String groupName = anonymous ? "anonymous-" + UUID.randomUUID().toString().substring(0, 8) :
            GroupNames.check(group, properties.getBindingName());
        if (anonymous && properties.getExtension().isEnableDlq())
        {
            throw new KekbitBinderException("spring.cloud.stream.kekbit.bindings." + properties.getBindingName() +
                ".consumer.enable-dlq", "an anonymous consumer has no dead-letter destination.",
                "Set spring.cloud.stream.bindings." + properties.getBindingName() + ".group, or turn enable-dlq off.",
                null);
        }
        checkBatchMode(properties);
        final KekbitDestination kekbitDestination = (KekbitDestination)destination;
        final KekbitInboundChannelAdapter adapter = new KekbitInboundChannelAdapter(kekbitDestination, groupName,
            anonymous, properties.getExtension(), properties.getBindingName(), groupLocks, containerFactory,
            properties.isBatchMode());
        if (!adapter.isAutoStartup())
        {
            // A KekbitContainerCustomizer turned auto-startup off: Spring Cloud Stream starts the endpoint after this
            // method unless the binding's (per-bind copy of the) consumer properties say otherwise, and the binding
            // stays stopped until started, as with consumer.auto-startup=false.
            properties.setAutoStartup(false);
        }
        final ErrorInfrastructure errors = registerErrorInfrastructure(destination, groupName, properties);
        if (properties.getMaxAttempts() > 1)
        {
            adapter.setRetryTemplate(buildRetryTemplate(properties));
        }
        adapter.setRecoveryCallback(errors.getRecoverer());
        adapter.setBeanFactory(getBeanFactory());
        consumers.put(consumerKey(destination, groupName), adapter);
        observers.forEach(observer -> observer.consumerCreated(adapter));
        return adapter;
    }

    /** {@inheritDoc} */
    @Override
    protected MessageHandler getErrorMessageHandler(final ConsumerDestination destination, final String group,
        final ExtendedConsumerProperties<KekbitConsumerProperties> properties)
    {
        final KekbitConsumerProperties extension = properties.getExtension();
        if (!extension.isEnableDlq())
        {
            return null;
        }
        final String bindingName = properties.getBindingName();
        String dlqName = extension.getDlqName();
        if (dlqName == null || dlqName.isBlank())
        {
            dlqName = "error." + destination.getName() + "." + group;
        }
        if (properties.isPartitioned() && properties.getInstanceCount() > 1)
        {
            dlqName = dlqName + "-" + properties.getInstanceIndex();
        }
        final String property = "spring.cloud.stream.kekbit.bindings." + bindingName + ".consumer.dlq-name";
        final KekbitDestination dlq = provisioningProvider.provisionDeadLetter(dlqName,
            extension.getDlqProducerProperties(), property);
        final Writer writer = sharedWriters.acquire(dlq, 0, extension.getDlqProducerProperties(), property,
            "spring.cloud.stream.kekbit.bindings." + bindingName + ".consumer.dlq-producer-properties.");
        final KekbitDeadLetterHandler handler = new KekbitDeadLetterHandler(dlq, writer,
            "kekbit-" + destination.getName() + "." + group);
        deadLetters.put(consumerKey(destination, group), handler);
        return handler;
    }

    /** {@inheritDoc} */
    @Override
    protected void afterUnbindConsumer(final ConsumerDestination destination, final String group,
        final ExtendedConsumerProperties<KekbitConsumerProperties> consumerProperties)
    {
        consumers.values().removeIf(adapter ->
        {
            if (adapter.getDestination() != destination)
            {
                return false;
            }
            observers.forEach(observer -> observer.consumerRemoved(adapter));
            return true;
        });
        if (group == null)
        {
            return;
        }
        final KekbitDeadLetterHandler deadLetter = deadLetters.remove(consumerKey(destination, group));
        if (deadLetter != null)
        {
            sharedWriters.release(deadLetter.getDestination(), 0);
        }
    }

    /**
     * Refuses a batch-mode consumer with dead letters: the binder dead-letters records, and a batch-mode consumer
     * fails whole batches.
     *
     * @param properties the consumer binding's properties.
     * @throws KekbitBinderException naming {@code enable-dlq} when both are on.
     */
    static void checkBatchMode(final ExtendedConsumerProperties<KekbitConsumerProperties> properties)
    {
        if (properties.isBatchMode() && properties.getExtension().isEnableDlq())
        {
            throw new KekbitBinderException("spring.cloud.stream.kekbit.bindings." + properties.getBindingName() +
                ".consumer.enable-dlq", "dead letters are per record, and a batch-mode consumer fails whole batches.",
                "Turn enable-dlq off, or spring.cloud.stream.bindings." + properties.getBindingName() +
                ".consumer.batch-mode off.", null);
        }
    }

    private static String consumerKey(final ConsumerDestination destination, final String group)
    {
        return destination.getName() + "\u0000" + group;
    }
}
