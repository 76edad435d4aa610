package io.kekbit.spring.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.kekbit.core.Writer;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;
import io.kekbit.spring.core.KekbitMessageConverter;
import io.kekbit.spring.listener.DefaultKekbitErrorHandler;
import io.kekbit.spring.listener.KekbitErrorHandler;
import io.kekbit.spring.listener.KekbitListenerEndpointResolver;
import io.kekbit.spring.listener.KekbitListenerEndpoint;
import io.kekbit.spring.listener.StartFrom;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Resolves {@code @KekbitListener} attributes against {@code kekbit.readers}, {@code kekbit.writers} and
 * {@code kekbit.listener} defaults, and builds the default error handler from {@code kekbit.listener.retry}.
 * Thread-safe (reads properties only).
 */
public class PropertiesListenerEndpointResolver implements KekbitListenerEndpointResolver
{
    private static final String CHANNEL_ALLOWED = "a key of kekbit.readers or kekbit.writers, or a channel id " +
        KekbitPropertiesValidator.CHANNEL_IDS;

    private final KekbitProperties properties;
    private final BeanFactory beanFactory;
    private final ObjectProvider<KekbitMessageConverter> converter;

    /**
     * Creates the configurer.
     *
     * @param properties  the kekbit properties.
     * @param beanFactory where the dead-letter writer is found.
     * @param converter   the message converter, if any.
     */
    public PropertiesListenerEndpointResolver(
        final KekbitProperties properties,
        final BeanFactory beanFactory,
        final ObjectProvider<KekbitMessageConverter> converter)
    {
        this.properties = properties;
        this.beanFactory = beanFactory;
        this.converter = converter;
    }

    /** {@inheritDoc} */
    @Override
    public KekbitListenerEndpoint resolve(
        final String id,
        final String channel,
        final String startFrom,
        final String idleStrategy,
        final String autoStartup)
    {
        if (!id.matches(KekbitPropertiesValidator.NAME_PATTERN))
        {
            throw new IllegalStateException("invalid listener id '" + id + "' (allowed: " +
                KekbitPropertiesValidator.NAME_ALLOWED + ")");
        }
        final KekbitListenerProperties defaults = properties.getListener();
        final KekbitReaderProperties reader = properties.getReaders().get(channel);
        final WriterProperties writer = properties.getWriters().get(channel);
        final long channelId;
        final boolean roll;
        if (reader != null)
        {
            channelId = KekbitPropertiesValidator.channelId(
                "kekbit.readers." + channel + ".channel-id", reader.getChannelId());
            roll = reader.isRoll();
        }
        else if (writer != null)
        {
            channelId = KekbitPropertiesValidator.channelId(
                "kekbit.writers." + channel + ".channel-id", writer.getChannelId());
            roll = writer.getRoll().isEnabled();
        }
        else
        {
            channelId = parseChannelId(channel);
            roll = false;
        }
        StartFrom start = reader != null && reader.getStartFrom() != null ? reader.getStartFrom() :
            defaults.getStartFrom();
        if (!startFrom.isEmpty())
        {
            start = parseStartFrom(startFrom);
        }
        final String idle = idleStrategy.isEmpty() ? defaults.getIdleStrategy() : idleStrategy;
        try
        {
            IdleStrategy.of(idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("idleStrategy: " + ex.getMessage(), ex);
        }
        final boolean auto;
        if (autoStartup.isEmpty())
        {
            auto = defaults.isAutoStartup();
        }
        else if ("true".equalsIgnoreCase(autoStartup) || "false".equalsIgnoreCase(autoStartup))
        {
            auto = Boolean.parseBoolean(autoStartup);
        }
        else
        {
            throw new IllegalStateException("autoStartup: expected true or false, actual '" + autoStartup + "'");
        }
        final String durableName = reader != null && reader.getDurableName() != null ? reader.getDurableName() : id;
        final Duration wait = reader != null && reader.getWaitTimeout() != null ? reader.getWaitTimeout() :
            defaults.getWaitTimeout();
        return new KekbitListenerEndpoint(id, channel, channelId, properties.getRootPath(), start, durableName, wait,
            idle, defaults.getMaxRecordsPerPoll(), auto, defaults.getShutdownTimeout(),
            defaults.isAwaitRecreate(), roll);
    }

    /** {@inheritDoc} */
    @Override
    public KekbitErrorHandler defaultErrorHandler()
    {
        return errorHandler(properties.getListener().getDeadLetter());
    }

    /** {@inheritDoc} */
    @Override
    public KekbitErrorHandler deadLetterErrorHandler(final String deadLetterWriter)
    {
        if (!beanFactory.containsBean(deadLetterWriter) || !beanFactory.isTypeMatch(deadLetterWriter, Writer.class))
        {
            throw new IllegalStateException("deadLetter: no writer named '" + deadLetterWriter + "' (configure " +
                "kekbit.writers." + deadLetterWriter + ".channel-id or define a Writer bean)");
        }
        return errorHandler(deadLetterWriter);
    }

    /** {@inheritDoc} */
    @Override
    public boolean isEnvelope(final String channel)
    {
        final KekbitReaderProperties reader = properties.getReaders().get(channel);
        if (reader != null)
        {
            return reader.isEnvelope();
        }
        final WriterProperties writer = properties.getWriters().get(channel);
        return writer != null && writer.isEnvelope();
    }

    private KekbitErrorHandler errorHandler(final String deadLetter)
    {
        final KekbitListenerProperties listener = properties.getListener();
        final KekbitRetryProperties retry = listener.getRetry();
        final ExponentialBackOff backOff = new ExponentialBackOff(retry.getInitialInterval().toMillis(),
            retry.getMultiplier());
        backOff.setMaxInterval(retry.getMaxInterval().toMillis());
        backOff.setMaxAttempts(retry.getMaxAttempts() - 1);
        final WriterProperties writer = deadLetter == null ? null : properties.getWriters().get(deadLetter);
        return new DefaultKekbitErrorHandler(backOff,
            deadLetter == null ? null : () -> beanFactory.getBean(deadLetter, Writer.class),
            deadLetter == null ? "dead-letter" : deadLetter, writer != null && writer.isEnvelope(),
            listener.isStopOnError(), retry.getNotRetryable());
    }

    /** {@inheritDoc} */
    @Override
    public KekbitMessageConverter messageConverter()
    {
        return converter.getIfAvailable();
    }

    /**
     * A channel attribute that names no reader or writer: a channel id, parsed like a {@code channel-id} property
     * (one parser, {@link KekbitPropertiesValidator#channelId}: unsigned 64-bit, decimal or {@code 0x} hex,
     * negatives refused). A value that does not start like a number ({@code 0}-{@code 9}, {@code +} or {@code -})
     * is an unknown name.
     */
    static long parseChannelId(final String channel)
    {
        final char first = channel.isEmpty() ? ' ' : channel.charAt(0);
        if (!(first >= '0' && first <= '9' || first == '+' || first == '-'))
        {
            throw new IllegalStateException("unknown channel '" + channel + "' (allowed: " + CHANNEL_ALLOWED + ")");
        }
        try
        {
            return KekbitPropertiesValidator.channelId("channel", channel);
        }
        catch (final InvalidKekbitPropertyException ex)
        {
            throw new IllegalStateException("channel '" + channel + "': " + ex.getProblem() + " (allowed: " +
                CHANNEL_ALLOWED + ")", ex);
        }
    }

    private static StartFrom parseStartFrom(final String value)
    {
        try
        {
            return StartFrom.valueOf(value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalStateException("startFrom: expected beginning, end or durable, actual '" + value + "'",
                ex);
        }
    }
}
