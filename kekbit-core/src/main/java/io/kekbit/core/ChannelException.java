package io.kekbit.core;

import java.nio.file.Path;

/**
 * A channel could not be created or opened. The message names the file and, for mismatches, the expected and actual
 * values. Thread-safe (immutable).
 */
public final class ChannelException extends KekbitException
{
    private static final long serialVersionUID = 1L;

    private final ChannelError reason;
    private final transient Path path;

    /**
     * Creates an exception.
     *
     * @param reason  the kind of failure.
     * @param path    the channel (or lock) file concerned; may be null when no file is involved.
     * @param message the detail, without the reason or path, which are added.
     */
    public ChannelException(final ChannelError reason, final Path path, final String message)
    {
        this(reason, path, message, null);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param reason  the kind of failure.
     * @param path    the channel (or lock) file concerned; may be null when no file is involved.
     * @param message the detail, without the reason or path, which are added.
     * @param cause   the underlying failure, or null.
     */
    public ChannelException(final ChannelError reason, final Path path, final String message, final Throwable cause)
    {
        super(reason + (path == null ? "" : ": " + path) + ": " + message, cause);
        this.reason = reason;
        this.path = path;
    }

    /**
     * The kind of failure.
     *
     * @return the reason.
     */
    public ChannelError reason()
    {
        return reason;
    }

    /**
     * The file concerned.
     *
     * @return the path, or null when none is involved.
     */
    public Path path()
    {
        return path;
    }
}
