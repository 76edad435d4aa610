package io.kekbit.spring.cloud.stream.binder;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kekbit.core.Writer;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitProducerProperties;
import io.kekbit.spring.core.KekbitHeaderMapper;
import io.kekbit.spring.core.KekbitTemplate;

import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.context.Lifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.GenericMessage;

/**
 * Writes the messages of a producer binding to its destination through a {@link KekbitTemplate}: the payload (bytes,
 * after Spring Cloud Stream's conversion) as the body and, on an enveloped destination, the headers through
 * {@link KekbitHeaderMapper}. Headers whose values the envelope cannot hold (other than String, byte[], the integer
 * types and MimeType) are left out: quietly for the framework's internal headers ({@link #isInternalHeader}), with
 * one warning per header name for the others. A partitioned binding writes each message to
 * the journal of its {@code scst_partition} header. The writers are acquired by {@link #start()} from the binder's
 * {@link SharedWriters} (shared with the other producer bindings of the destination in this process; it fails when
 * another process holds a journal) and given back by {@link #stop()}. Thread-safe: sends may come from any thread (the
 * writers are synchronized); start and stop are synchronized.
 */
public final class KekbitProducerHandler extends AbstractMessageHandler implements Lifecycle
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitProducerHandler.class);

    /**
     * Headers frameworks put on messages for their own use (acknowledgment and retry state, the source record, reply
     * channels), never meant to travel to consumers.
     */
    private static final Set<String> INTERNAL_HEADERS = Set.of(
        "deliveryAttempt",
        "acknowledgmentCallback",
        "sourceData",
        "closeableResource",
        "replyChannel",
        "errorChannel",
        "nativeHeaders");

    /** Prefixes of the headers of other binders and their clients (Kafka, RabbitMQ) and of Spring Cloud Stream. */
    private static final String[] INTERNAL_PREFIXES = {"kafka_", "amqp_", "scst_"};

    private final KekbitDestination destination;
    private final KekbitProducerProperties properties;
    private final String bindingProperty;
    private final String propertyPrefix;
    private final SharedWriters sharedWriters;
    private final Map<String, Writer> writers = new ConcurrentHashMap<>();
    private final String[] journalNames;
    private final KekbitTemplate template;
    private final Set<String> warnedHeaders = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile Runnable startListener;
    private volatile MessageChannel errorChannel;

    /**
     * Creates the handler.
     *
     * @param destination     the provisioned destination.
     * @param properties      the producer's kekbit settings.
     * @param bindingProperty the property binding the producer to the destination, for errors.
     * @param propertyPrefix  prefix of the producer's kekbit properties, ending with a dot, for errors.
     * @param sharedWriters   the binder's writers, shared by the producer bindings of a destination.
     */
    public KekbitProducerHandler(final KekbitDestination destination, final KekbitProducerProperties properties,
        final String bindingProperty, final String propertyPrefix, final SharedWriters sharedWriters)
    {
        this.destination = destination;
        this.properties = properties;
        this.bindingProperty = bindingProperty;
        this.propertyPrefix = propertyPrefix;
        this.sharedWriters = sharedWriters;
        this.journalNames = new String[destination.size()];
        for (int i = 0; i < journalNames.length; i++)
        {
            journalNames[i] = destination.journalName(i);
        }
        final boolean envelope = destination.isEnvelope();
        this.template = new KekbitTemplate(this::writer, null, name -> envelope, null);
    }

    /**
     * The destination written.
     *
     * @return the destination.
     */
    public KekbitDestination getDestination()
    {
        return destination;
    }

    /**
     * The open writer of a journal of the destination.
     *
     * @param journalName the destination name, or {@code <destination>-<partition>}.
     * @return the writer, or null when it is not open.
     */
    public Writer writer(final String journalName)
    {
        return writers.get(journalName);
    }

    /**
     * Sets the binding's producer error channel ({@code producer.error-channel-enabled}): a refused send is published
     * there as an {@link ErrorMessage}, and still thrown to the sender (sends are synchronous).
     *
     * @param errorChannel the channel, or null.
     */
    public void setErrorChannel(final MessageChannel errorChannel)
    {
        this.errorChannel = errorChannel;
    }

    /**
     * Sets what runs each time the writers have been opened.
     *
     * @param startListener the callback, or null.
     */
    public void setStartListener(final Runnable startListener)
    {
        this.startListener = startListener;
    }

    /** Opens the writers of the destination's journals. */
    @Override
    public synchronized void start()
    {
        if (running)
        {
            return;
        }
        try
        {
            for (int i = 0; i < journalNames.length; i++)
            {
                writers.put(journalNames[i], sharedWriters.acquire(destination, i, properties, bindingProperty,
                    propertyPrefix));
            }
        }
        catch (final RuntimeException ex)
        {
            closeWriters();
            throw ex;
        }
        running = true;
        LOGGER.info(() -> "kekbit producer writes " + destination);
        final Runnable listener = startListener;
        if (listener != null)
        {
            listener.run();
        }
    }

    /**
     * Gives the writers back; the last binding of the destination closes them, and consumers of a journal follow its
     * next writer into a new segment.
     */
    @Override
    public synchronized void stop()
    {
        running = false;
        closeWriters();
    }

    /** {@inheritDoc} */
    @Override
    public boolean isRunning()
    {
        return running;
    }

    /** {@inheritDoc} */
    @Override
    protected void handleMessageInternal(final Message<?> message)
    {
        if (!running)
        {
            throw new MessagingException(message, "kekbit producer of destination '" + destination.getName() +
                "' is stopped");
        }
        final String journal = journalName(message);
        try
        {
            if (destination.isEnvelope())
            {
                template.send(journal, writableHeaders(message));
            }
            else
            {
                // a raw record is the payload alone: send it without building a header-less Message per send
                template.send(journal, (Object)message.getPayload());
            }
        }
        catch (final RuntimeException ex)
        {
            final MessageChannel errors = errorChannel;
            if (errors != null)
            {
                try
                {
                    errors.send(new ErrorMessage(new MessagingException(message, "kekbit producer of destination '" +
                        destination.getName() + "' could not write the message", ex), message));
                }
                catch (final RuntimeException suppressed)
                {
                    ex.addSuppressed(suppressed);
                }
            }
            throw ex;
        }
    }

    private String journalName(final Message<?> message)
    {
        if (!destination.isPartitioned())
        {
            return journalNames[0];
        }
        final Object partition = message.getHeaders().get(BinderHeaders.PARTITION_HEADER);
        if (!(partition instanceof Integer))
        {
            throw new MessagingException(message, "message to partitioned destination '" + destination.getName() +
                "' has no integer " + BinderHeaders.PARTITION_HEADER + " header");
        }
        final int p = (Integer)partition;
        if (p < 0 || p >= journalNames.length)
        {
            throw new MessagingException(message, "partition " + p + " of destination '" + destination.getName() +
                "' is outside its " + journalNames.length + " partitions");
        }
        return journalNames[p];
    }

    /** The message with only the headers the envelope can hold (the same message when all can). */
    private Message<?> writableHeaders(final Message<?> message)
    {
        final MessageHeaders headers = message.getHeaders();
        Map<String, Object> kept = null;
        for (final Map.Entry<String, Object> header : headers.entrySet())
        {
            final String name = header.getKey();
            if (KekbitHeaderMapper.isSkipped(name) || KekbitHeaderMapper.isWritable(header.getValue()))
            {
                continue;
            }
            if (kept == null)
            {
                kept = new LinkedHashMap<>(headers);
            }
            kept.remove(name);
            if (!isInternalHeader(name) && warnedHeaders.add(name))
            {
                LOGGER.warn(() -> "kekbit producer of destination '" + destination.getName() + "' leaves out header '" +
                    name + "' of type " + header.getValue().getClass().getName() + " (" +
                    KekbitHeaderMapper.WRITABLE_TYPES + ")");
            }
        }
        return kept == null ? message : new GenericMessage<>(message.getPayload(), kept);
    }

    /**
     * Whether a header is one of the frameworks' internal headers, left out without a warning when its value cannot
     * be written: {@code deliveryAttempt}, {@code acknowledgmentCallback}, {@code sourceData},
     * {@code closeableResource}, {@code replyChannel}, {@code errorChannel}, {@code nativeHeaders}, and every header
     * starting with {@code kafka_}, {@code amqp_} or {@code scst_}.
     *
     * @param name the header name.
     * @return true for an internal header.
     */
    public static boolean isInternalHeader(final String name)
    {
        if (INTERNAL_HEADERS.contains(name))
        {
            return true;
        }
        for (final String prefix : INTERNAL_PREFIXES)
        {
            if (name.startsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private void closeWriters()
    {
        for (int i = 0; i < journalNames.length; i++)
        {
            if (writers.remove(journalNames[i]) != null)
            {
                sharedWriters.release(destination, i);
            }
        }
    }
}
