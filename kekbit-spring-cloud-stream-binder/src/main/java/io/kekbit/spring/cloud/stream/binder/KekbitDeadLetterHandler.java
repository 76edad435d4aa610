package io.kekbit.spring.cloud.stream.binder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.core.KekbitConversionException;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.DeadLetterEnvelope;
import io.kekbit.spring.listener.KekbitHeaders;

import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.GenericMessage;

/**
 * Subscribed to a consumer group's error channel with {@code enableDlq}: writes each failed record to the group's
 * dead-letter destination, like the starter's dead letters. To an enveloped destination it writes, through the
 * starter's {@link DeadLetterEnvelope}, the original body, the original headers and the origin headers
 * {@code kekbit_dlt_*} of {@link EnvelopeHeaders} (channel, id, position, listener, exception class and message,
 * attempts, time; earlier {@code kekbit_dlt_*} headers are replaced; an exception message too long for the
 * destination is shortened); to a raw one, the body alone. A failed write throws {@link DeadLetterException}, which
 * stops the consumer with the record unconsumed. Thread-safe (the writer is synchronized).
 */
public final class KekbitDeadLetterHandler implements MessageHandler
{
    private final KekbitDestination destination;
    private final Writer writer;
    private final String listenerId;
    private final KekbitTemplate template;

    /**
     * Creates the handler over an open writer.
     *
     * @param destination the dead-letter destination.
     * @param writer      its writer, owned by the caller (the binder shares it through {@link SharedWriters}).
     * @param listenerId  the consumer that gives up (destination and group).
     */
    public KekbitDeadLetterHandler(final KekbitDestination destination, final Writer writer, final String listenerId)
    {
        this.destination = destination;
        this.writer = writer;
        this.listenerId = listenerId;
        final boolean envelope = destination.isEnvelope();
        this.template = new KekbitTemplate(name -> writer, null, name -> envelope, null);
    }

    /**
     * The dead-letter destination.
     *
     * @return the destination.
     */
    public KekbitDestination getDestination()
    {
        return destination;
    }

    /**
     * The dead-letter writer.
     *
     * @return the writer.
     */
    public Writer getWriter()
    {
        return writer;
    }

    /** {@inheritDoc} */
    @Override
    public void handleMessage(final Message<?> message)
    {
        final Message<?> failed = failedMessage(message);
        if (failed == null)
        {
            throw new DeadLetterException("error message without the failed record cannot be dead-lettered to '" +
                destination.getName() + "': " + message, null);
        }
        final Throwable cause = message.getPayload() instanceof Throwable ? (Throwable)message.getPayload() : null;
        try
        {
            if (!destination.isEnvelope())
            {
                template.send(destination.getName(), new GenericMessage<>(failed.getPayload()));
                return;
            }
            final Map<String, Object> headers = new HashMap<>(failed.getHeaders());
            headers.remove(IntegrationMessageHeaderAccessor.DELIVERY_ATTEMPT);
            final Object channelId = failed.getHeaders().get(KekbitHeaders.CHANNEL_ID);
            final Object position = failed.getHeaders().get(KekbitHeaders.POSITION);
            final Object attempts = failed.getHeaders().get(IntegrationMessageHeaderAccessor.DELIVERY_ATTEMPT);
            final Object channel = failed.getHeaders().get(KekbitHeaders.CHANNEL_NAME);
            final long written = new DeadLetterEnvelope()
                .origin(channel == null ? null : channel.toString(),
                    channelId instanceof Number ? ((Number)channelId).longValue() : -1L,
                    position instanceof Number ? ((Number)position).longValue() : -1L, listenerId)
                .failure(rootCause(cause), attempts instanceof Number ? ((Number)attempts).longValue() : 1L)
                .originalHeaders(headers, destination.getName())
                .write(writer, body(failed.getPayload()));
            if (written < 0)
            {
                throw new IllegalStateException("writer '" + destination.getName() + "' refused it: " +
                    WriteError.errorString(written) + " (largest payload " + writer.header().maxMessageLength() +
                    " bytes, " + writer.available() + " bytes left)");
            }
        }
        catch (final RuntimeException ex)
        {
            throw new DeadLetterException("cannot write the failed record at position " +
                failed.getHeaders().get(KekbitHeaders.POSITION) + " of '" +
                failed.getHeaders().get(KekbitHeaders.CHANNEL_NAME) + "' to dead-letter destination '" +
                destination.getName() + "': " + ex.getMessage(), ex);
        }
    }

    /** The failed record's body as the binder delivered it (bytes), or as a converter left it (text, a buffer). */
    private ByteBuffer body(final Object payload)
    {
        if (payload instanceof byte[])
        {
            return ByteBuffer.wrap((byte[])payload);
        }
        if (payload instanceof String)
        {
            return ByteBuffer.wrap(((String)payload).getBytes(StandardCharsets.UTF_8));
        }
        if (payload instanceof ByteBuffer)
        {
            return ((ByteBuffer)payload).duplicate();
        }
        throw new KekbitConversionException("payload of type " + payload.getClass().getName() + " cannot be " +
            "dead-lettered to '" + destination.getName() + "' (byte[], String or ByteBuffer)", null);
    }

    /** The record as the binder read it (the error message's original message), else the exception's message. */
    private static Message<?> failedMessage(final Message<?> message)
    {
        if (message instanceof ErrorMessage && ((ErrorMessage)message).getOriginalMessage() != null)
        {
            return ((ErrorMessage)message).getOriginalMessage();
        }
        return message.getPayload() instanceof MessagingException ?
            ((MessagingException)message.getPayload()).getFailedMessage() : null;
    }

    /** The listener's own exception: the innermost cause below Spring's messaging wrappers. */
    private static Throwable rootCause(final Throwable exception)
    {
        Throwable cause = exception;
        while (cause instanceof MessagingException && cause.getCause() != null && cause.getCause() != cause)
        {
            cause = cause.getCause();
        }
        return cause;
    }
}
