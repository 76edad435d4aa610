package io.kekbit.spring.core;

import io.kekbit.core.WriteError;

/**
 * A {@link KekbitTemplate} send was refused by the channel. The message names the writer, the channel, its capacity,
 * the space left and the record size. Thread-safe (immutable).
 */
public class KekbitSendException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient WriteError reason;
    private final String writerName;

    /**
     * Creates the exception.
     *
     * @param reason     why the write was refused.
     * @param writerName name of the writer.
     * @param message    the full description.
     */
    public KekbitSendException(final WriteError reason, final String writerName, final String message)
    {
        super(message);
        this.reason = reason;
        this.writerName = writerName;
    }

    /**
     * Why the write was refused.
     *
     * @return the write error.
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
