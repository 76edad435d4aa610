package io.kekbit.spring.core;

import io.kekbit.core.WriteError;

/**
 * A {@link KekbitTemplate} send was refused by the channel, like Spring Kafka's {@code KafkaProducerException}: it
 * carries the writer name, the reason ({@link WriteError#CHANNEL_FULL}, {@link WriteError#NO_SPACE_FOR_RECORD} for a
 * record larger than the channel's largest payload, {@link WriteError#CLOSED}) and what was being sent. The message
 * names the writer, the channel, its capacity, the space left and the record size. A send that failed because the
 * channel file failed under the writer (truncated by another process) has no reason; its cause is core's
 * {@link io.kekbit.core.ChannelException}, and the message names the file. Thread-safe (immutable).
 */
public class KekbitSendException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient WriteError reason;
    private final String writerName;
    private final transient Object failedPayload;

    /**
     * Creates the exception without the payload.
     *
     * @param reason     why the write was refused.
     * @param writerName name of the writer.
     * @param message    the full description.
     */
    public KekbitSendException(final WriteError reason, final String writerName, final String message)
    {
        this(reason, writerName, message, null);
    }

    /**
     * Creates the exception.
     *
     * @param reason        why the write was refused.
     * @param writerName    name of the writer.
     * @param message       the full description.
     * @param failedPayload what was being sent, as given to the template; may be null.
     */
    public KekbitSendException(
        final WriteError reason, final String writerName, final String message, final Object failedPayload)
    {
        this(reason, writerName, message, failedPayload, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param reason        why the write was refused, or null when the channel file failed (see the cause).
     * @param writerName    name of the writer.
     * @param message       the full description.
     * @param failedPayload what was being sent, as given to the template; may be null.
     * @param cause         what the writer threw, or null.
     */
    public KekbitSendException(
        final WriteError reason,
        final String writerName,
        final String message,
        final Object failedPayload,
        final Throwable cause)
    {
        super(message, cause);
        this.reason = reason;
        this.writerName = writerName;
        this.failedPayload = failedPayload;
    }

    /**
     * What was being sent: the object, bytes, text, buffer or {@code Message} given to the template (not kept when
     * the exception is serialized).
     *
     * @return the payload, or null when unknown.
     */
    public Object getFailedPayload()
    {
        return failedPayload;
    }

    /**
     * Why the write was refused.
     *
     * @return the write error, or null when the channel file failed under the writer (see {@link #getCause()}).
     */
    public WriteError getReason()
    {
        return reason;
    }

    /**
     * Name of the writer that refused the record.
     *
     * @return the writer name.
     */
    public String getWriterName()
    {
        return writerName;
    }
}
