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
    private final boolean staleLock;

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
        this(reason, path, message, cause, false);
    }

    /**
     * Creates an exception that may be caused by a stale lock file.
     *
     * @param reason    the kind of failure.
     * @param path      the channel (or lock) file concerned; may be null when no file is involved.
     * @param message   the detail, without the reason or path, which are added.
     * @param cause     the underlying failure, or null.
     * @param staleLock whether a lock file left by a creator that is gone caused the failure.
     */
    public ChannelException(
        final ChannelError reason, final Path path, final String message, final Throwable cause,
        final boolean staleLock)
    {
        super(reason + (path == null ? "" : ": " + path) + ": " + message, cause);
        this.reason = reason;
        this.path = path;
        this.staleLock = staleLock;
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

    /**
     * Whether a stale lock file caused the failure: its creator is gone (the operating system released the lock it
     * held), so the channel will not become ready by waiting. The message names the lock file and says how to
     * recover.
     *
     * @return true for {@link ChannelError#STORAGE_NOT_READY} or {@link ChannelError#STORAGE_ALREADY_EXISTS} caused
     *         by a stale lock file.
     */
    public boolean isStaleLock()
    {
        return staleLock;
    }
}
