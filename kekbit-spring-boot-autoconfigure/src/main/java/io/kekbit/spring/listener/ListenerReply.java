package io.kekbit.spring.listener;

import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.core.KekbitTemplate;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Sends what a {@code @SendTo} listener method returned through the {@link KekbitTemplate} to the named writer. A
 * payload is sent as {@link KekbitTemplate#send(String, Object)} sends it, a {@link Message} with its headers, and
 * null sends nothing. When the target writer is enveloped, the reply also carries the record it answers in the
 * {@code kekbit_origin_*} headers of {@link EnvelopeHeaders} (channel name, channel id, position, listener id); a
 * returned {@link Message} that sets one of them keeps its own value. A raw writer gets the payload alone.
 * Thread-safe (immutable; the template is thread-safe).
 */
final class ListenerReply
{
    private final KekbitTemplate template;
    private final String writerName;
    private final boolean envelope;
    private final String listenerId;
    private final String channelName;
    private final long channelId;

    /**
     * Creates the reply sender of one listener.
     *
     * @param template    the template.
     * @param writerName  the {@code @SendTo} writer, already checked to exist.
     * @param listenerId  the listener id.
     * @param channelName the listener's channel name.
     * @param channelId   the listener's channel id.
     */
    ListenerReply(
        final KekbitTemplate template,
        final String writerName,
        final String listenerId,
        final String channelName,
        final long channelId)
    {
        this.template = template;
        this.writerName = writerName;
        this.envelope = template.isEnvelope(writerName);
        this.listenerId = listenerId;
        this.channelName = channelName;
        this.channelId = channelId;
    }

    /**
     * Name of the writer replies go to.
     *
     * @return the writer name.
     */
    String writerName()
    {
        return writerName;
    }

    /**
     * Sends a return value.
     *
     * @param result   what the method returned; null sends nothing.
     * @param position position of the record the method handled.
     * @return the position of the reply, or -1 when nothing was sent.
     * @throws io.kekbit.spring.core.KekbitSendException       when the writer refused the reply.
     * @throws io.kekbit.spring.core.KekbitConversionException when the reply cannot be converted.
     */
    long send(final Object result, final long position)
    {
        if (result == null)
        {
            return -1;
        }
        if (!envelope)
        {
            return template.send(writerName, result);
        }
        final MessageBuilder<?> reply = result instanceof Message ?
            MessageBuilder.fromMessage((Message<?>)result) : MessageBuilder.withPayload(result);
        reply.setHeaderIfAbsent(EnvelopeHeaders.ORIGIN_CHANNEL, channelName)
            .setHeaderIfAbsent(EnvelopeHeaders.ORIGIN_CHANNEL_ID, channelId)
            .setHeaderIfAbsent(EnvelopeHeaders.ORIGIN_POSITION, position)
            .setHeaderIfAbsent(EnvelopeHeaders.ORIGIN_LISTENER_ID, listenerId);
        return template.send(writerName, reply.build());
    }
}
