package io.kekbit.core.shm;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.internal.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The exclusive OS file lock ({@link FileChannel#tryLock()}) an open writer holds on its channel's owner file
 * ({@code <stem>.owner} beside the channel file), so that any process can tell a live channel from one whose writer
 * is gone: the OS releases the lock when the writer closes or its process dies, SIGKILL included. The owner file holds
 * the holder's process id in ASCII, for messages. The channel file itself is not touched (its bytes stay those of the
 * Rust crate, whose writers take no lock), and the owner file is never deleted by a writer, so that two processes
 * can never lock two different files of one name.
 * <p>
 * A POSIX lock is released when its process closes <em>any</em> descriptor of the file, so within one JVM the owner
 * files held are kept in a set, and every open of an owner file happens under one monitor: a probe never opens a file
 * this JVM holds. Thread-safe.
 */
final class WriterLock
{
    /** {@link #holder} result: no writer holds the channel. */
    static final long NO_WRITER = -1;
    /** {@link #holder} result: a writer holds the channel, its process id is not recorded. */
    static final long UNKNOWN_PID = 0;

    private static final Object MONITOR = new Object();
    /** Owner files held by this JVM, as absolute paths with the folder's real path. Guarded by {@link #MONITOR}. */
    private static final Set<Path> HELD = new HashSet<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(final Path key, final FileChannel channel, final FileLock lock)
    {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on an owner file, creating the file when missing.
     *
     * @param owner       the owner file.
     * @param channelFile the channel file, for messages.
     * @return the held lock; {@link #release()} it when the writer closes.
     * @throws ChannelException {@link ChannelError#CHANNEL_IN_USE} when a writer, in this or another process, holds
     *                          it; {@link ChannelError#COULD_NOT_ACCESS_STORAGE} when the file cannot be created,
     *                          opened or locked.
     */
    static WriterLock acquire(final Path owner, final Path channelFile)
    {
        synchronized (MONITOR)
        {
            final Path key = key(owner);
            if (HELD.contains(key))
            {
                throw inUse(channelFile, owner, ProcessHandle.current().pid());
            }
            FileChannel channel = null;
            try
            {
                channel = openOrCreate(owner);
                final FileLock lock = tryLock(channel, false);
                if (lock == null)
                {
                    throw inUse(channelFile, owner, readPid(channel));
                }
                final byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(pid), 0);
                HELD.add(key);
                final WriterLock held = new WriterLock(key, channel, lock);
                channel = null;
                return held;
            }
            catch (final IOException ex)
            {
                throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, owner,
                    "could not create or lock the writer's owner file: " + ex, ex);
            }
            finally
            {
                closeQuietly(channel);
            }
        }
    }

    /**
     * Opens the owner file, creating it owner-only when missing; never through a symbolic link.
     */
    private static FileChannel openOrCreate(final Path owner) throws IOException
    {
        try
        {
            return PrivateFiles.createFile(owner, PrivateFiles.OWNER_ONLY);
        }
        catch (final FileAlreadyExistsException ex)
        {
            return PrivateFiles.open(owner, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    /**
     * Finds out whether a writer holds an owner file, without keeping any lock: a file this JVM holds is answered
     * from memory; otherwise a shared lock is tried and released at once.
     *
     * @param owner the owner file.
     * @return the holder's process id, {@link #UNKNOWN_PID} when a holder recorded none, or {@link #NO_WRITER}.
     * @throws ChannelException {@link ChannelError#COULD_NOT_ACCESS_STORAGE} when the file exists but cannot be read
     *                          or locked.
     */
    static long holder(final Path owner)
    {
        synchronized (MONITOR)
        {
            if (HELD.contains(key(owner)))
            {
                return ProcessHandle.current().pid();
            }
            FileChannel channel = null;
            try
            {
                channel = PrivateFiles.open(owner, StandardOpenOption.READ);
                final FileLock lock = tryLock(channel, true);
                if (lock == null)
                {
                    return readPid(channel);
                }
                lock.release();
                return NO_WRITER;
            }
            catch (final NoSuchFileException ex)
            {
                return NO_WRITER;
            }
            catch (final IOException ex)
            {
                throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, owner,
                    "could not find out whether a writer holds the owner file: " + ex, ex);
            }
            finally
            {
                closeQuietly(channel);
            }
        }
    }

    /**
     * Releases the lock; the owner file stays. Idempotent.
     */
    void release()
    {
        synchronized (MONITOR)
        {
            if (!channel.isOpen())
            {
                return;
            }
            HELD.remove(key);
            try
            {
                lock.release();
            }
            catch (final IOException ex)
            {
                // Closing the channel below releases it as well.
            }
            closeQuietly(channel);
        }
    }

    /**
     * Message part naming a holder.
     *
     * @param pid a {@link #holder} result other than {@link #NO_WRITER}.
     * @return for example {@code process 1234 (this process)}.
     */
    static String describeHolder(final long pid)
    {
        if (pid == UNKNOWN_PID)
        {
            return "a process that recorded no id";
        }
        return "process " + pid + (pid == ProcessHandle.current().pid() ? " (this process)" : "");
    }

    private static ChannelException inUse(final Path channelFile, final Path owner, final long pid)
    {
        return new ChannelException(ChannelError.CHANNEL_IN_USE, channelFile,
            "a live writer holds the channel: " + describeHolder(pid) + " (OS lock on " + owner + ")");
    }

    private static FileLock tryLock(final FileChannel channel, final boolean shared) throws IOException
    {
        try
        {
            return channel.tryLock(0, Long.MAX_VALUE, shared);
        }
        catch (final OverlappingFileLockException ex)
        {
            // Held through another path spelling of the same file in this JVM.
            return null;
        }
    }

    private static long readPid(final FileChannel channel) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(24);
        channel.read(bytes, 0);
        final String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
        try
        {
            final long pid = Long.parseLong(text);
            return pid > 0 ? pid : UNKNOWN_PID;
        }
        catch (final NumberFormatException ex)
        {
            return UNKNOWN_PID;
        }
    }

    private static Path key(final Path owner)
    {
        final Path absolute = owner.toAbsolutePath().normalize();
        final Path folder = absolute.getParent();
        try
        {
            return folder.toRealPath().resolve(absolute.getFileName());
        }
        catch (final IOException ex)
        {
            return absolute;
        }
    }

    private static void closeQuietly(final FileChannel channel)
    {
        if (channel != null)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                // Nothing left to do: the lock, if any, goes with the descriptor.
            }
        }
    }
}
