package io.kekbit.core;

import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.core.internal.MappedMemories;
import io.kekbit.core.internal.PrivateFiles;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;
import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.core.shm.ShmChannels;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Entry point: the Rust crate's {@code kekbit::core} functions. Thread-safe (stateless).
 * <pre>{@code
 * Path root = Path.of("/dev/shm/kekbit");
 * Header header = Header.of(1, 42, 1 << 20, 1024, Duration.ofSeconds(30), TickUnit.MILLIS);
 * try (Writer writer = Kekbit.shmWriter(root, header)) {
 *     writer.write("hello".getBytes(StandardCharsets.UTF_8));
 * }
 * try (Reader reader = Kekbit.shmReader(root, 42)) {
 *     reader.read((buffer, offset, length, position) -> System.out.println(position + ": " + length), 100);
 * }
 * }</pre>
 */
public final class Kekbit
{
    /** {@link #writerPid} result: no writer holds the channel. */
    public static final long NO_WRITER = -1;
    /** {@link #writerPid} result: a live writer holds the channel but recorded no process id. */
    public static final long UNKNOWN_WRITER_PID = 0;
    /**
     * Permissions of every file kekbit creates unless configured otherwise: owner read and write ({@code rw-------});
     * folders get owner execute as well. Unmodifiable.
     */
    public static final Set<PosixFilePermission> OWNER_ONLY = PrivateFiles.OWNER_ONLY;

    private Kekbit()
    {
    }

    /**
     * Creates a channel under {@code root} (files owner-only readable and writable, new folders owner-only) and
     * returns its writer.
     *
     * @param root   root folder; created if missing.
     * @param header the channel's header, from {@link Header#of}.
     * @return the writer; close it to write the CLOSE marker.
     * @throws ChannelException {@link ChannelError#STORAGE_ALREADY_EXISTS} when the channel exists (the message
     *                          names a live writer's process, see {@link #writerPid}) or another
     *                          process is creating it (a stale lock says so), {@link ChannelError#INVALID_CAPACITY}
     *                          when the capacity exceeds what this JDK can map,
     *                          {@link ChannelError#COULD_NOT_ACCESS_STORAGE} when the file cannot be created or
     *                          allocated (full disk), or
     *                          {@link ChannelError#MEMORY_MAPPING_FAILED}.
     */
    public static Writer shmWriter(final Path root, final Header header)
    {
        return shmWriter(root, header, OWNER_ONLY);
    }

    /**
     * Creates a channel with the given file permissions and returns its writer.
     *
     * @param root        root folder; created if missing.
     * @param header      the channel's header.
     * @param permissions permissions of the channel file and its lock file, for example to let another user's readers
     *                    in; folders created for it get them plus execute where reading is allowed. Each file and
     *                    folder is created with them in the creating system call.
     * @return the writer.
     * @throws ChannelException as {@link #shmWriter(Path, Header)}.
     */
    public static Writer shmWriter(final Path root, final Header header, final Set<PosixFilePermission> permissions)
    {
        return ShmChannels.createWriter(
            Objects.requireNonNull(root, "root"), Objects.requireNonNull(header, "header"), permissions);
    }

    /**
     * Opens a reader on an existing channel. The file is mapped read-only.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the reader, at position 0.
     * @throws ChannelException {@link ChannelError#STORAGE_NOT_FOUND}, {@link ChannelError#STORAGE_NOT_READY} (lock
     *                          file present), a header validation error, {@link ChannelError#INVALID_CAPACITY} for a
     *                          truncated file, or {@link ChannelError#MEMORY_MAPPING_FAILED}.
     */
    public static Reader shmReader(final Path root, final long channelId)
    {
        return ShmChannels.openReader(Objects.requireNonNull(root, "root"), channelId);
    }

    /**
     * Opens a reader, retrying while the channel does not exist yet or is being created: {@code tries} attempts,
     * sleeping {@code duration / tries} between them (the Rust crate's {@code try_shm_reader}, on top of
     * {@link #awaitShmReader}). Other errors, and a lock file left by a creator that is no
     * longer running (stale), are thrown at once.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @param duration  total time to wait.
     * @param tries     number of attempts, at least 1.
     * @return the reader.
     * @throws ChannelException the last error when every attempt failed.
     * @throws IllegalArgumentException when {@code tries < 1}.
     */
    public static Reader tryShmReader(final Path root, final long channelId, final Duration duration, final int tries)
    {
        if (tries < 1)
        {
            throw new IllegalArgumentException("tries must be at least 1: tries=" + tries);
        }
        final long pauseNanos = Math.max(1, duration.toNanos() / tries);
        final Reader reader = awaitReader(root, channelId, Long.MAX_VALUE, false, tries,
            new SleepingIdleStrategy(pauseNanos), null);
        if (reader == null)
        {
            throw lastAttempt(root, channelId);
        }
        return reader;
    }

    /**
     * Waits for a channel to appear and opens a reader on it: tries to open it, and while it does not exist yet or is
     * being created (a lock file whose creator runs), idles with {@code idleStrategy} and tries again, until the
     * deadline or a cancellation. Other errors, and a lock file left by a creator that is no longer running (stale),
     * are thrown at once. Runs on the calling thread.
     * <pre>{@code
     * AtomicBoolean stop = new AtomicBoolean();
     * Reader reader = Kekbit.awaitShmReader(root, 42, Duration.ofSeconds(30), new SleepingIdleStrategy(10_000_000L),
     *     stop::get);
     * if (reader == null) {
     *     return; // cancelled or interrupted
     * }
     * }</pre>
     *
     * @param root         root folder.
     * @param channelId    channel id.
     * @param timeout      how long to wait, or null to wait without a deadline.
     * @param idleStrategy what the thread does between two attempts (a sleeping strategy keeps the file-system
     *                     lookups few); one instance per call.
     * @param cancel       polled between attempts; true ends the wait; null for none.
     * @return the reader, or null when {@code cancel} returned true or the calling thread was interrupted (its
     *         interrupt flag is left set).
     * @throws ChannelException {@link ChannelError#STORAGE_NOT_FOUND} or {@link ChannelError#STORAGE_NOT_READY} (the
     *                          last attempt's) when the deadline passed, or any other open error at once.
     */
    public static Reader awaitShmReader(
        final Path root, final long channelId, final Duration timeout, final IdleStrategy idleStrategy,
        final BooleanSupplier cancel)
    {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(idleStrategy, "idleStrategy");
        final long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + saturatedNanos(timeout);
        return awaitReader(root, channelId, deadline, timeout != null, Integer.MAX_VALUE, idleStrategy, cancel);
    }

    private static long saturatedNanos(final Duration duration)
    {
        try
        {
            return Math.max(0, duration.toNanos());
        }
        catch (final ArithmeticException ex)
        {
            return Long.MAX_VALUE / 2;
        }
    }

    private static Reader awaitReader(
        final Path root, final long channelId, final long deadline, final boolean hasDeadline, final int tries,
        final IdleStrategy idle, final BooleanSupplier cancel)
    {
        idle.reset();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return shmReader(root, channelId);
            }
            catch (final ChannelException ex)
            {
                if (ex.reason() != ChannelError.STORAGE_NOT_FOUND && ex.reason() != ChannelError.STORAGE_NOT_READY ||
                    ex.isStaleLock())
                {
                    throw ex;
                }
                if (attempt >= tries || hasDeadline && System.nanoTime() - deadline >= 0)
                {
                    throw ex;
                }
            }
            idle.idle();
            if (Thread.currentThread().isInterrupted() || cancel != null && cancel.getAsBoolean())
            {
                return null;
            }
        }
    }

    private static ChannelException lastAttempt(final Path root, final long channelId)
    {
        try
        {
            shmReader(root, channelId).close();
            return new ChannelException(ChannelError.STORAGE_NOT_READY, storagePath(root, channelId),
                "interrupted while waiting for the channel");
        }
        catch (final ChannelException ex)
        {
            return ex;
        }
    }

    /**
     * Reopens a channel whose writer died without closing it, to continue writing after its last complete record.
     * A channel whose writer is still open, in this or another process, is refused: every writer of this library
     * holds an OS lock on the channel's owner file while it is open (released by the OS when its process dies). The
     * Rust crate's writers take no lock: make sure such a writer is gone.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return a writer positioned after the last complete record.
     * @throws ChannelException when the channel is missing, written by a live writer
     *                          ({@link ChannelError#CHANNEL_IN_USE}), invalid, closed or full, corrupt, or not made
     *                          by this library.
     */
    public static Writer resumeShmWriter(final Path root, final long channelId)
    {
        return ShmChannels.resumeWriter(Objects.requireNonNull(root, "root"), channelId);
    }

    /**
     * Deletes a channel, with its durable reader positions, and creates a new one in its place; a channel whose
     * writer is still open, in this or another process, is refused and left untouched. The owner lock is held from
     * before the deletion, so no other writer can start in between. A missing channel is simply created.
     *
     * @param root   root folder; created if missing.
     * @param header the new channel's header.
     * @return the writer of the new channel.
     * @throws ChannelException {@link ChannelError#CHANNEL_IN_USE} when a live writer holds the channel,
     *                          {@link ChannelError#COULD_NOT_ACCESS_STORAGE} when a file cannot be deleted, or as
     *                          {@link #shmWriter(Path, Header)}.
     */
    public static Writer recreateShmWriter(final Path root, final Header header)
    {
        return ShmChannels.recreateWriter(
            Objects.requireNonNull(root, "root"), Objects.requireNonNull(header, "header"), OWNER_ONLY);
    }

    /**
     * Whether a writer of this library has a channel open, and in which process: every such writer holds an OS lock
     * on the channel's owner file ({@code <stem>.owner}) from creation or resumption until it closes, and the OS
     * releases it when the process dies. Looking does not disturb the writer.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the writer's process id, {@link #UNKNOWN_WRITER_PID} when a live writer recorded none, or
     *         {@link #NO_WRITER} when no writer holds the channel (closed, died, never opened, or a Rust writer).
     * @throws ChannelException {@link ChannelError#COULD_NOT_ACCESS_STORAGE} when the owner file exists but cannot
     *                          be read or locked.
     */
    public static long writerPid(final Path root, final long channelId)
    {
        return ShmChannels.writerPid(Objects.requireNonNull(root, "root"), channelId);
    }

    /**
     * Largest channel capacity this JDK can map: about 2 GiB on Java 17 to 21 ({@code MappedByteBuffer}), the
     * format's limit of 4 GiB - 8 on Java 22 and newer (FFM).
     *
     * @return the largest capacity, a multiple of 8, that {@link #shmWriter(Path, Header)} accepts.
     */
    public static long maxCapacity()
    {
        final long mappable = MappedMemories.maxMappingSize() - ChannelHeaderDescriptor.DATA_OFFSET -
            ChannelHeaderDescriptor.TRAILER_LENGTH;
        final long limit = Math.min(ChannelHeaderDescriptor.MAX_FORMAT_CAPACITY, mappable);
        return limit & ~(long)(RecordDescriptor.ALIGNMENT - 1);
    }

    /**
     * Path of a channel's file: {@code root/<hi32 as xxxx_xxxx>/<lo32 as xxxx_xxxx>.kekbit}.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the path.
     */
    public static Path storagePath(final Path root, final long channelId)
    {
        return StorageDescriptor.channelPath(root, channelId);
    }

    /**
     * Wraps a writer so several producer threads can share it; every method runs under one lock.
     *
     * @param writer the writer to share.
     * @return a thread-safe writer.
     */
    public static Writer synchronizedWriter(final Writer writer)
    {
        return new SynchronizedWriter(writer);
    }
}
