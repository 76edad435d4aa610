package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.kekbit.core.KekbitException;

/**
 * The OS lock that makes one consumer of a group the only reader of a journal (or channel): the file
 * {@code <root>/scs-binder/groups/<id in hex>/<group>.lock}, locked for as long as the consumer runs. A second
 * consumer of the group on the same journal, in this or another process, cannot take it; the OS releases it when the
 * holder dies. Thread-safe (the lock is taken and released under the object's monitor).
 */
final class GroupLock implements AutoCloseable
{
    private final Path path;
    private FileChannel channel;
    private FileLock lock;

    private GroupLock(final Path path, final FileChannel channel, final FileLock lock)
    {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Path of a group's lock file.
     *
     * @param root  root folder.
     * @param id    journal (or channel) id.
     * @param group group name.
     * @return the path.
     */
    static Path path(final Path root, final long id, final String group)
    {
        return root.resolve(DestinationIds.BINDER_FOLDER).resolve("groups").resolve(Long.toHexString(id))
            .resolve(group + ".lock");
    }

    /**
     * Takes a group's lock.
     *
     * @param root  root folder.
     * @param id    journal (or channel) id.
     * @param group group name.
     * @return the held lock, or null when another consumer holds it.
     * @throws KekbitException when the lock file cannot be created or opened.
     */
    static GroupLock tryAcquire(final Path root, final long id, final String group)
    {
        final Path path = path(root, id, group);
        FileChannel channel = null;
        try
        {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try
            {
                lock = channel.tryLock();
            }
            catch (final OverlappingFileLockException ex)
            {
                lock = null;
            }
            if (lock == null)
            {
                channel.close();
                return null;
            }
            return new GroupLock(path, channel, lock);
        }
        catch (final IOException ex)
        {
            if (channel != null)
            {
                try
                {
                    channel.close();
                }
                catch (final IOException suppressed)
                {
                    ex.addSuppressed(suppressed);
                }
            }
            throw new KekbitException("cannot lock consumer group file " + path, ex);
        }
    }

    /**
     * The lock file.
     *
     * @return the path.
     */
    Path path()
    {
        return path;
    }

    /** Releases the lock; the file stays. */
    @Override
    public synchronized void close()
    {
        if (channel == null)
        {
            return;
        }
        try
        {
            lock.release();
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new KekbitException("cannot release consumer group lock " + path, ex);
        }
        finally
        {
            lock = null;
            channel = null;
        }
    }
}
