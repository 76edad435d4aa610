package io.kekbit.core.shm;

import io.kekbit.core.internal.PrivateFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code .lock} file a creator holds while it creates a channel, and the truth about one found on disk.
 * <p>
 * The creator writes its process id into a private temporary file beside the lock, takes an exclusive OS lock on it
 * ({@link FileChannel#tryLock()}), and only then gives it the lock's name with a hard link, which fails when the name
 * exists. So the name never exists without a process id in it and an OS lock on it while the creator lives, and the
 * operating system releases that lock when the creator dies, however it dies. (On a file system without hard links
 * the lock file is created directly, then filled and locked: an observer may find it empty for that instant.) An
 * observer decides liveness by trying a shared lock on the file: refused means the creator lives; granted means it
 * is gone.
 * <p>
 * A lock file that holds no OS lock and no live creator's id is stale. One that holds no OS lock but is empty, or
 * names a running process, comes from a creator that takes no OS lock (the Rust crate writes an empty lock file):
 * it may be at work, so it counts as stale only once the file is older than {@link #GRACE}.
 * <p>
 * POSIX record locks belong to a process, and closing any descriptor of the file releases all of them; so an
 * observer in the creator's own process recognises the lock from a registry instead of opening the file.
 * Thread-safe.
 */
final class CreatorLock implements AutoCloseable
{
    /** How long a lock file that holds no OS lock but may belong to a creator that takes none counts as live. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** File keys (device and inode) of the lock files this process holds. */
    private static final Set<Object> HELD = ConcurrentHashMap.newKeySet();
    private static final int MAX_CONTENT = 64;

    private final Path path;
    private final FileChannel channel;
    private final Object fileKey;

    private CreatorLock(final Path path, final FileChannel channel, final Object fileKey)
    {
        this.path = path;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /**
     * Creates and holds the lock file.
     *
     * @param lock        the lock file.
     * @param permissions its permissions.
     * @return the held lock, or null when the lock file exists.
     * @throws IOException when it cannot be created.
     */
    static CreatorLock acquire(final Path lock, final Set<PosixFilePermission> permissions) throws IOException
    {
        final long pid = ProcessHandle.current().pid();
        final Path temporary = lock.resolveSibling(
            "." + lock.getFileName() + "." + pid + "-" + Thread.currentThread().getId() + ".tmp");
        final FileChannel channel = createTemporary(temporary, permissions);
        boolean held = false;
        Object fileKey = null;
        try
        {
            // Registered before the name appears, so that an observer in this process never opens the file.
            fileKey = PrivateFiles.attributes(temporary).fileKey();
            if (fileKey != null)
            {
                HELD.add(fileKey);
            }
            final ByteBuffer content = ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII));
            while (content.hasRemaining())
            {
                channel.write(content, content.position());
            }
            if (channel.tryLock() == null)
            {
                throw new FileSystemException(temporary.toString(), null, "another process locked a new private file");
            }
            try
            {
                Files.createLink(lock, temporary);
            }
            catch (final FileAlreadyExistsException ex)
            {
                return null;
            }
            catch (final UnsupportedOperationException | FileSystemException ex)
            {
                return acquireWithoutLink(lock, permissions, ex);
            }
            held = true;
            deleteLeftovers(lock);
            return new CreatorLock(lock, channel, fileKey);
        }
        finally
        {
            try
            {
                Files.deleteIfExists(temporary);
            }
            catch (final IOException ex)
            {
                // Left behind; the next creator of this channel removes it once this process is gone.
            }
            if (!held)
            {
                channel.close();
                if (fileKey != null)
                {
                    HELD.remove(fileKey);
                }
            }
        }
    }

    /**
     * For a file system without hard links: creates the lock file itself exclusively, then records the process id and
     * takes the OS lock. An observer may find it empty and unlocked for that instant, which the grace period covers.
     */
    private static CreatorLock acquireWithoutLink(
        final Path lock, final Set<PosixFilePermission> permissions, final Exception linkFailure) throws IOException
    {
        final FileChannel channel;
        try
        {
            channel = PrivateFiles.createFile(lock, permissions);
        }
        catch (final FileAlreadyExistsException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            ex.addSuppressed(linkFailure);
            throw ex;
        }
        boolean held = false;
        Object fileKey = null;
        try
        {
            fileKey = PrivateFiles.attributes(lock).fileKey();
            if (fileKey != null)
            {
                HELD.add(fileKey);
            }
            if (channel.tryLock() == null)
            {
                throw new FileSystemException(lock.toString(), null, "another process locked a new lock file");
            }
            final ByteBuffer content =
                ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            while (content.hasRemaining())
            {
                channel.write(content, content.position());
            }
            held = true;
            return new CreatorLock(lock, channel, fileKey);
        }
        finally
        {
            if (!held)
            {
                channel.close();
                Files.deleteIfExists(lock);
                if (fileKey != null)
                {
                    HELD.remove(fileKey);
                }
            }
        }
    }

    /**
     * Creates the temporary file. Its name holds our process and thread id, so one that exists was left behind by an
     * earlier process that had our id and died while acquiring: it is replaced.
     */
    private static FileChannel createTemporary(final Path temporary, final Set<PosixFilePermission> permissions)
        throws IOException
    {
        try
        {
            return PrivateFiles.createFile(temporary, permissions);
        }
        catch (final FileAlreadyExistsException ex)
        {
            Files.deleteIfExists(temporary);
            return PrivateFiles.createFile(temporary, permissions);
        }
    }

    /**
     * Deletes the temporary files of this lock name left by creators killed while acquiring it: those whose process
     * is no longer running. Best effort.
     */
    private static void deleteLeftovers(final Path lock)
    {
        final String prefix = "." + lock.getFileName() + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(lock.getParent(), prefix + "*.tmp"))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final String ids = name.substring(prefix.length(), name.length() - ".tmp".length());
                final int dash = ids.indexOf('-');
                try
                {
                    final long pid = Long.parseLong(dash < 0 ? ids : ids.substring(0, dash));
                    if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    {
                        Files.deleteIfExists(file);
                    }
                }
                catch (final NumberFormatException ex)
                {
                    // Not one of ours.
                }
            }
        }
        catch (final IOException ex)
        {
            // Leftovers are harmless: the next creation tries again.
        }
    }

    /**
     * Deletes the lock file, then releases the OS lock. Idempotent.
     *
     * @throws IOException when the lock file cannot be deleted (the OS lock is released all the same).
     */
    @Override
    public void close() throws IOException
    {
        if (!channel.isOpen())
        {
            return;
        }
        try
        {
            Files.deleteIfExists(path);
        }
        finally
        {
            channel.close();
            if (fileKey != null)
            {
                HELD.remove(fileKey);
            }
        }
    }

    /**
     * What a lock file on disk says.
     *
     * @param lock the lock file.
     * @return its state.
     */
    static State inspect(final Path lock)
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = PrivateFiles.attributes(lock);
        }
        catch (final NoSuchFileException ex)
        {
            return new State(lock, Kind.GONE, 0, null);
        }
        catch (final IOException ex)
        {
            return new State(lock, Kind.UNKNOWN, 0, "cannot be read: " + ex);
        }
        if (attributes.isSymbolicLink() || !attributes.isRegularFile())
        {
            return new State(lock, Kind.UNKNOWN, 0, "is not a regular file");
        }
        if (attributes.fileKey() != null && HELD.contains(attributes.fileKey()))
        {
            return new State(lock, Kind.CREATING, ProcessHandle.current().pid(), null);
        }
        try (FileChannel channel = PrivateFiles.open(lock, StandardOpenOption.READ))
        {
            final long pid = creator(channel);
            final boolean locked;
            try
            {
                final FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
                locked = probe == null;
                if (probe != null)
                {
                    probe.release();
                }
            }
            catch (final OverlappingFileLockException ex)
            {
                return new State(lock, Kind.CREATING, ProcessHandle.current().pid(), null);
            }
            if (locked)
            {
                return new State(lock, Kind.CREATING, pid, null);
            }
            if (!sameFile(lock, attributes.fileKey()))
            {
                // A creator deletes its lock file before it releases the lock: the file we opened was removed.
                return new State(lock, Kind.GONE, pid, null);
            }
            final boolean running = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (pid > 0 && !running)
            {
                return new State(lock, Kind.STALE, pid, null);
            }
            if (pid < 0)
            {
                return new State(lock, Kind.UNKNOWN, 0, "holds unexpected content");
            }
            final Duration age = Duration.between(attributes.lastModifiedTime().toInstant(), Instant.now());
            return new State(lock, age.compareTo(GRACE) > 0 ? Kind.STALE_UNLOCKED : Kind.UNLOCKED, pid, null);
        }
        catch (final NoSuchFileException ex)
        {
            return new State(lock, Kind.GONE, 0, null);
        }
        catch (final AccessDeniedException ex)
        {
            return new State(lock, Kind.UNKNOWN, 0, "cannot be read (permission denied)");
        }
        catch (final IOException ex)
        {
            return new State(lock, Kind.UNKNOWN, 0, "cannot be read: " + ex);
        }
    }

    private static boolean sameFile(final Path lock, final Object fileKey)
    {
        try
        {
            final Object now = PrivateFiles.attributes(lock).fileKey();
            return fileKey == null || fileKey.equals(now);
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    /** The process id in a lock file: 0 when it is empty, -1 when it holds something else. */
    private static long creator(final FileChannel channel) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(MAX_CONTENT);
        while (bytes.hasRemaining() && channel.read(bytes, bytes.position()) > 0)
        {
            // until the end of the file or MAX_CONTENT bytes
        }
        final String content = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).trim();
        if (content.isEmpty())
        {
            return 0;
        }
        try
        {
            final long pid = Long.parseLong(content);
            return pid > 0 ? pid : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /** What a lock file on disk says about its creator. */
    enum Kind
    {
        /** A live process holds the lock: the channel is being created. */
        CREATING,
        /** Nobody holds the lock and the process it names is not running: the creator died. */
        STALE,
        /** Nobody holds the lock, the file is empty or names a running process, and it is younger than the grace. */
        UNLOCKED,
        /** As {@link #UNLOCKED}, but older than the grace. */
        STALE_UNLOCKED,
        /** The lock file was deleted while it was looked at: creation finished or was abandoned. */
        GONE,
        /** The lock file cannot be judged. */
        UNKNOWN
    }

    /** A judged lock file. Immutable. */
    static final class State
    {
        final Path lock;
        final Kind kind;
        final long pid;
        final String detail;

        State(final Path lock, final Kind kind, final long pid, final String detail)
        {
            this.lock = lock;
            this.kind = kind;
            this.pid = pid;
            this.detail = detail;
        }

        /**
         * Whether the creator is known to be gone: waiting will not help.
         *
         * @return true for a stale lock.
         */
        boolean isStale()
        {
            return kind == Kind.STALE || kind == Kind.STALE_UNLOCKED;
        }

        /**
         * A sentence for an error message.
         *
         * @return the description.
         */
        String describe()
        {
            switch (kind)
            {
                case CREATING:
                    return "lock file " + lock + " exists: the channel is being created by process " + pid;
                case STALE:
                    return "stale lock file " + lock + ": its creator, process " + pid + ", is no longer running; " +
                        "delete the lock (and the channel file, which may be incomplete) to recover";
                case UNLOCKED:
                    return "lock file " + lock + " exists, " + creatorText() + ", and no process holds it: the " +
                        "channel is being created by a creator that takes no OS lock (as the Rust crate), or its " +
                        "creator died; it counts as stale once it is older than " + GRACE.toSeconds() + " s";
                case STALE_UNLOCKED:
                    return "stale lock file " + lock + ": " + creatorText() + ", no process holds it, and it is " +
                        "older than " + GRACE.toSeconds() + " s; delete the lock (and the channel file, which may " +
                        "be incomplete) to recover";
                case GONE:
                    return "lock file " + lock + " was removed: the channel was being created; try again";
                default:
                    return "lock file " + lock + " " + detail + "; delete it if no process is creating the channel";
            }
        }

        private String creatorText()
        {
            return pid == 0 ? "empty (no creator recorded)" :
                "naming process " + pid + ", which holds no OS lock on it";
        }
    }
}
