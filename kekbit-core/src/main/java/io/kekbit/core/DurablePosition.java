package io.kekbit.core;

import io.kekbit.core.internal.MappedMemories;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.internal.PrivateFiles;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * A reader's position kept in a small file beside the channel ({@code <stem>.<name>.position}, one little-endian
 * 8-byte value), so a reader can resume after a restart. {@link #set(long)} is a release store into a shared
 * mapping: no system call per record; the operating system writes it back, and it survives a process crash (not a
 * power loss unless {@link #flush()} is called).
 * <pre>{@code
 * try (Reader reader = Kekbit.shmReader(root, 42); DurablePosition saved = DurablePosition.open(root, 42, "audit")) {
 *     saved.resume(reader);                 // throws if the saved position is no longer valid
 *     reader.read((b, o, l, p) -> handle(b, o, l), 100);
 *     saved.set(reader.position());
 * }
 * }</pre>
 * Single writer: update it from one thread; any thread or process may read it ({@link #get()} is an acquire load).
 */
public final class DurablePosition implements AutoCloseable
{
    private static final int SIZE = Long.BYTES;

    private final Path path;
    private final MappedMemory memory;
    private final boolean created;

    private DurablePosition(final Path path, final MappedMemory memory, final boolean created)
    {
        this.path = path;
        this.memory = memory;
        this.created = created;
    }

    /**
     * Opens or creates the position file of reader {@code name} of a channel. A new file holds position 0.
     *
     * @param root      root folder of the channel.
     * @param channelId channel id.
     * @param name      reader name: 1 to 64 characters of {@code A-Z a-z 0-9 _ -}.
     * @return the durable position.
     * @throws IllegalArgumentException when the name is invalid.
     * @throws KekbitException          when the file is a symbolic link, cannot be created, has the wrong size, or
     *                                  cannot be mapped.
     */
    public static DurablePosition open(final Path root, final long channelId, final String name)
    {
        return open(StorageDescriptor.positionPath(root, channelId, name));
    }

    /**
     * Opens or creates a position file at an explicit path; a new file and its new folders are owner-only.
     *
     * @param path the position file.
     * @return the durable position.
     * @throws KekbitException when the file is a symbolic link, cannot be created, has the wrong size, or cannot be
     *                         mapped.
     */
    public static DurablePosition open(final Path path)
    {
        return open(path, PrivateFiles.OWNER_ONLY);
    }

    /**
     * Opens or creates a position file at an explicit path. A new file is created with {@code permissions}, and
     * new folders with them plus execute where reading is allowed, both in the creating system call. A symbolic link
     * is refused, never followed.
     *
     * @param path        the position file.
     * @param permissions permissions of a new file (ignored on file systems without POSIX permissions).
     * @return the durable position.
     * @throws KekbitException when the file is a symbolic link, cannot be created, has the wrong size, or cannot be
     *                         mapped.
     */
    public static DurablePosition open(final Path path, final Set<PosixFilePermission> permissions)
    {
        boolean created = false;
        try
        {
            PrivateFiles.createFolders(path.toAbsolutePath().getParent(), permissions);
            FileChannel channel;
            try
            {
                channel = PrivateFiles.createFile(path, permissions);
                created = true;
            }
            catch (final FileAlreadyExistsException ex)
            {
                channel = PrivateFiles.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            try (FileChannel open = channel)
            {
                if (created)
                {
                    final ByteBuffer zero = ByteBuffer.allocate(SIZE);
                    while (zero.hasRemaining())
                    {
                        open.write(zero, zero.position());
                    }
                }
                final long size = open.size();
                if (size != SIZE)
                {
                    throw new KekbitException("durable position file " + path + ": size: expected " + SIZE +
                        " bytes, actual " + size);
                }
                return new DurablePosition(path, MappedMemories.map(open, SIZE, true), created);
            }
        }
        catch (final IOException ex)
        {
            throw new KekbitException("could not open durable position file " + path + ": " + ex, ex);
        }
    }

    /**
     * Reads a position file without mapping it for writing, for tools. A symbolic link is refused, not followed.
     *
     * @param path the position file.
     * @return the stored position.
     * @throws KekbitException when the file is a symbolic link, cannot be read or has the wrong size.
     */
    public static long peek(final Path path)
    {
        try (FileChannel channel = PrivateFiles.open(path, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size != SIZE)
            {
                throw new KekbitException("durable position file " + path + ": size: expected " + SIZE +
                    " bytes, actual " + size);
            }
            final ByteBuffer bytes = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
            while (bytes.hasRemaining())
            {
                if (channel.read(bytes, bytes.position()) < 0)
                {
                    throw new KekbitException("durable position file " + path + ": shrank while read");
                }
            }
            return bytes.getLong(0);
        }
        catch (final IOException ex)
        {
            throw new KekbitException("could not read durable position file " + path + ": " + ex, ex);
        }
    }

    /**
     * The stored position (acquire load).
     *
     * @return the position.
     */
    public long get()
    {
        return memory.getLongAcquire(0);
    }

    /**
     * Stores a position (release store).
     *
     * @param position the reader's position.
     */
    public void set(final long position)
    {
        memory.putLongRelease(0, position);
    }

    /**
     * Moves a reader to the stored position.
     *
     * @param reader a reader on this position's channel.
     * @return the position moved to.
     * @throws KekbitException when the stored position is not valid in the channel (never silently restarts from 0);
     *                         the message names the file, the position and the reason.
     */
    public long resume(final Reader reader)
    {
        final long target = get();
        final long result = reader.moveTo(target);
        if (result < 0)
        {
            throw new KekbitException("cannot resume from durable position file " + path + ": position " + target +
                " is " + InvalidPosition.fromCode(result) + " in channel 0x" +
                Long.toHexString(reader.header().channelId()) + " (capacity " + reader.header().capacity() + ")");
        }
        return result;
    }

    /**
     * Whether {@link #open} created the file (no position was stored before).
     *
     * @return true for a new file.
     */
    public boolean isNew()
    {
        return created;
    }

    /**
     * Writes the position to storage (msync), for durability across power loss.
     */
    public void flush()
    {
        memory.force();
    }

    /**
     * The position file.
     *
     * @return the path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Unmaps the file. Idempotent.
     */
    @Override
    public void close()
    {
        memory.close();
    }
}
