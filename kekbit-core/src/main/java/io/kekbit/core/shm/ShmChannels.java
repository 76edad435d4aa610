package io.kekbit.core.shm;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.HEADER_LENGTH;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.SIGNATURE;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.SIGNATURE_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.VERSION_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.WRITER_ID_OFFSET;
import static io.kekbit.core.layout.RecordDescriptor.CLOSE;
import static io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD;
import static io.kekbit.core.layout.RecordDescriptor.WATERMARK;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Reader;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.MappedMemories;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.internal.PrivateFiles;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Creates, opens and maps channel files. <b>Not API</b>: {@link io.kekbit.core.Kekbit} is the entry point.
 * Thread-safe (stateless); creation is race-free across processes.
 */
public final class ShmChannels
{
    /** Permissions of new channel files unless configured otherwise: owner read and write. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PrivateFiles.OWNER_ONLY;

    /** Stride of the plain stores that pre-fault a new file: one per page. */
    static final int PAGE = 4096;
    /** Zeros written to allocate a new file's space; shared read-only, each caller takes a duplicate. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();

    private ShmChannels()
    {
    }

    /**
     * Creates a channel and returns its writer. Steps: create the missing folders; take the owner lock (held by the
     * writer until it closes, see {@link StorageDescriptor#ownerPath}); refuse an existing channel file; create the
     * {@code .lock} file exclusively, holding our process id and an OS lock ({@link CreatorLock}); create the channel
     * file exclusively; allocate all its bytes (so a full disk fails here, not later with SIGBUS); map and pre-fault
     * it; write the initial heartbeat; write the header with the signature last; delete the lock. Every file and
     * folder is created with its final permissions, and no symbolic link is followed.
     *
     * @param root        root folder.
     * @param header      the channel's header.
     * @param permissions permissions of the new channel and lock files, and (with execute bits added where reading is
     *                    allowed) of new folders; ignored on file systems without POSIX permissions.
     * @return the writer.
     * @throws ChannelException {@link ChannelError#STORAGE_ALREADY_EXISTS} when the channel exists or is being
     *                          created (the message names a live writer's process), or when the capacity exceeds
     *                          what this JDK maps, or the storage cannot be created, allocated or mapped; the
     *                          message names the path.
     */
    public static Writer createWriter(final Path root, final Header header, final Set<PosixFilePermission> permissions)
    {
        final long channelId = header.channelId();
        final Path path = StorageDescriptor.channelPath(root, channelId);
        checkMappingLimit(path, header.capacity(), ChannelHeaderDescriptor.fileLength(header.capacity()));
        createFolder(path, permissions);
        final WriterLock owner;
        try
        {
            owner = WriterLock.acquire(StorageDescriptor.ownerPath(root, channelId), path);
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.CHANNEL_IN_USE)
            {
                // For a create, a live writer means the channel exists or is being created: the seed's kind.
                throw new ChannelException(ChannelError.STORAGE_ALREADY_EXISTS, path,
                    "channel file exists or is being created, and " + ex.getMessage().substring(
                    ex.getMessage().indexOf("a live writer")), ex);
            }
            throw ex;
        }
        try
        {
            return create(root, header, permissions, owner);
        }
        catch (final RuntimeException | Error ex)
        {
            owner.release();
            throw ex;
        }
    }

    /**
     * Deletes a channel whose writer is gone, with its durable reader positions ({@code <stem>.*.position}), and
     * creates a new one in its place. The owner lock is taken first and held throughout, so a live writer's channel
     * is never deleted, and no writer can start on the channel in between.
     *
     * @param root        root folder.
     * @param header      the new channel's header.
     * @param permissions permissions of the new file.
     * @return the writer of the new channel.
     * @throws ChannelException {@link ChannelError#CHANNEL_IN_USE} when a live writer holds the channel,
     *                          {@link ChannelError#COULD_NOT_ACCESS_STORAGE} when a file cannot be deleted, or as
     *                          {@link #createWriter}.
     */
    public static Writer recreateWriter(
        final Path root, final Header header, final Set<PosixFilePermission> permissions)
    {
        final long channelId = header.channelId();
        final Path path = StorageDescriptor.channelPath(root, channelId);
        checkMappingLimit(path, header.capacity(), ChannelHeaderDescriptor.fileLength(header.capacity()));
        createFolder(path, permissions);
        final WriterLock owner = WriterLock.acquire(StorageDescriptor.ownerPath(root, channelId), path);
        try
        {
            deleteChannelFiles(path);
            return create(root, header, permissions, owner);
        }
        catch (final RuntimeException | Error ex)
        {
            owner.release();
            throw ex;
        }
    }

    /**
     * Process id of the live writer of a channel, found from its owner lock without keeping it.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the writer's process id, 0 when a live writer recorded none, or -1 when no writer holds the channel.
     * @throws ChannelException when the owner file exists but cannot be read or locked.
     */
    public static long writerPid(final Path root, final long channelId)
    {
        return WriterLock.holder(StorageDescriptor.ownerPath(root, channelId));
    }

    private static void createFolder(final Path path, final Set<PosixFilePermission> permissions)
    {
        try
        {
            PrivateFiles.createFolders(path.getParent(), permissions);
        }
        catch (final IOException ex)
        {
            throw new ChannelException(
                ChannelError.COULD_NOT_ACCESS_STORAGE, path.getParent(), "could not create folder: " + ex, ex);
        }
    }

    private static void deleteChannelFiles(final Path path)
    {
        final String name = path.getFileName().toString();
        final String prefix = name.substring(0, name.length() - StorageDescriptor.CHANNEL_EXTENSION.length()) + ".";
        Path current = path;
        try
        {
            Files.deleteIfExists(path);
            try (DirectoryStream<Path> positions = Files.newDirectoryStream(path.getParent(),
                entry -> entry.getFileName().toString().startsWith(prefix) &&
                    entry.getFileName().toString().endsWith(StorageDescriptor.POSITION_EXTENSION)))
            {
                for (final Path position : positions)
                {
                    current = position;
                    Files.deleteIfExists(position);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, current, "could not delete: " + ex, ex);
        }
    }

    private static Writer create(
        final Path root, final Header header, final Set<PosixFilePermission> permissions, final WriterLock owner)
    {
        final long channelId = header.channelId();
        final Path path = StorageDescriptor.channelPath(root, channelId);
        final Path lock = StorageDescriptor.lockPath(root, channelId);
        final long fileLength = ChannelHeaderDescriptor.fileLength(header.capacity());
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            throw alreadyExists(path, lock);
        }
        final CreatorLock creatorLock = createLock(lock, path, permissions);
        boolean created = false;
        MappedMemory memory = null;
        try
        {
            try (FileChannel channel = openNew(path, permissions))
            {
                created = true;
                allocate(channel, fileLength, path);
                try
                {
                    memory = MappedMemories.map(channel, fileLength, true);
                }
                catch (final IOException | RuntimeException ex)
                {
                    throw new ChannelException(ChannelError.MEMORY_MAPPING_FAILED, path,
                        "could not map " + fileLength + " bytes read-write: " + ex, ex);
                }
            }
            final Writer writer = initialize(path, header, memory, fileLength, owner);
            memory = null;
            created = false;
            return writer;
        }
        catch (final IOException ex)
        {
            throw new ChannelException(
                ChannelError.COULD_NOT_ACCESS_STORAGE, path, "could not create channel file: " + ex, ex);
        }
        finally
        {
            if (memory != null)
            {
                memory.close();
            }
            if (created)
            {
                deleteQuietly(path);
            }
            try
            {
                creatorLock.close();
            }
            catch (final IOException ex)
            {
                // The OS lock is released: the lock file is reported stale, never live.
            }
        }
    }

    /**
     * Fills a newly mapped channel file: pre-faults every page with a plain store, writes the initial heartbeat
     * (WATERMARK in the next slot, then the length word, both release), then the header with the signature last
     * (release). Package-private so that tests can check the store order on a mocked {@link MappedMemory}.
     *
     * @param path       the channel file, for messages.
     * @param header     the channel's header.
     * @param memory     the new file's mapping, all zeros.
     * @param fileLength mapped bytes.
     * @return the writer, positioned after the initial heartbeat.
     */
    static ShmWriter initialize(final Path path, final Header header, final MappedMemory memory, final long fileLength)
    {
        return initialize(path, header, memory, fileLength, null);
    }

    private static ShmWriter initialize(
        final Path path, final Header header, final MappedMemory memory, final long fileLength, final WriterLock owner)
    {
        for (long offset = 0; offset < fileLength - LENGTH_WORD; offset += PAGE)
        {
            memory.putLong(offset, 0L);
        }
        // The data area is ready (initial heartbeat, then WATERMARK after it) before the signature says the channel
        // is: zeros read as heartbeats, so a reader that opened without the lock-file check before the WATERMARK was
        // there would skip past where the first record goes.
        memory.putLongRelease(DATA_OFFSET + LENGTH_WORD, WATERMARK);
        memory.putLongRelease(DATA_OFFSET, RecordDescriptor.HEARTBEAT);
        final byte[] bytes = header.toBytes();
        memory.putBytes(WRITER_ID_OFFSET, bytes, WRITER_ID_OFFSET, HEADER_LENGTH - WRITER_ID_OFFSET);
        memory.putLongRelease(VERSION_OFFSET, header.version());
        memory.putLongRelease(SIGNATURE_OFFSET, SIGNATURE);
        return new ShmWriter(path, header, memory, LENGTH_WORD, owner);
    }

    /**
     * Opens a reader on the channel with {@code channelId} under {@code root}.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the reader, positioned at 0.
     * @throws ChannelException when the channel does not exist, is being created (its lock file exists, whether or
     *                          not its channel file does yet), is invalid, truncated, or cannot be mapped.
     */
    public static Reader openReader(final Path root, final long channelId)
    {
        final Path path = StorageDescriptor.channelPath(root, channelId);
        final Path lock = StorageDescriptor.lockPath(root, channelId);
        // The lock first: a creator may hold it before its channel file exists, and one that died there leaves it.
        checkCreatorLock(path, lock, null);
        if (!Files.exists(path))
        {
            throw new ChannelException(ChannelError.STORAGE_NOT_FOUND, path, "no such channel file");
        }
        try
        {
            return openReader(path);
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.STORAGE_NOT_FOUND)
            {
                throw ex;
            }
            // A creator may have started after the lock check: its file is visible before its header is complete
            // (the signature is written last). Its lock says so; once it finished, the lock is gone and the header
            // complete, so one more open tells a channel just created from one that is not valid.
            checkCreatorLock(path, lock, ex);
            return openReader(path);
        }
    }

    /**
     * Refuses to open a channel whose lock file names a creator (running, or stale when it died mid-creation).
     *
     * @param cause the error of an open attempted before, or null.
     */
    private static void checkCreatorLock(final Path path, final Path lock, final ChannelException cause)
    {
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS))
        {
            final CreatorLock.State state = CreatorLock.inspect(lock);
            if (state.kind != CreatorLock.Kind.GONE)
            {
                throw new ChannelException(
                    ChannelError.STORAGE_NOT_READY, path, state.describe(), cause, state.isStale());
            }
        }
    }

    /**
     * Opens a reader on a channel file, without the lock-file check.
     *
     * @param path a channel file.
     * @return the reader, positioned at 0.
     * @throws ChannelException when the file does not exist, is invalid, truncated, or cannot be mapped.
     */
    public static Reader openReader(final Path path)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final long fileSize = channel.size();
            final Header header = readHeader(channel, fileSize, path);
            final long mapSize = Math.min(fileSize, ChannelHeaderDescriptor.fileLength(header.capacity()));
            checkMappingLimit(path, header.capacity(), mapSize);
            final MappedMemory memory;
            try
            {
                memory = MappedMemories.map(channel, mapSize, false);
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new ChannelException(
                    ChannelError.MEMORY_MAPPING_FAILED, path,
                    "could not map " + mapSize + " bytes read-only: " + ex, ex);
            }
            return new ShmReader(path, header, memory);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ChannelException(ChannelError.STORAGE_NOT_FOUND, path, "no such channel file", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, path, "could not open: " + ex, ex);
        }
    }

    /**
     * Reopens a channel that a writer left open (for example after a crash) and returns a writer that continues
     * after its last complete record. The owner lock is taken first, so a channel whose writer (of this library) is
     * still alive, in any process, is refused; writers of the Rust crate take no lock, so for them the caller must make
     * sure they are gone. Only files made by this library (long enough for their whole data area) can be resumed.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return a writer positioned at the channel's WATERMARK.
     * @throws ChannelException when the channel does not exist, a live writer holds it
     *                          ({@link ChannelError#CHANNEL_IN_USE}), it is invalid, too short, already closed
     *                          ({@link ChannelError#ACCESS_ERROR}), or corrupt.
     */
    public static Writer resumeWriter(final Path root, final long channelId)
    {
        final Path path = StorageDescriptor.channelPath(root, channelId);
        if (!Files.exists(path))
        {
            throw new ChannelException(ChannelError.STORAGE_NOT_FOUND, path, "no such channel file");
        }
        final WriterLock owner = WriterLock.acquire(StorageDescriptor.ownerPath(root, channelId), path);
        try
        {
            return resume(path, owner);
        }
        catch (final RuntimeException | Error ex)
        {
            owner.release();
            throw ex;
        }
    }

    private static Writer resume(final Path path, final WriterLock owner)
    {
        final Header header;
        final MappedMemory memory;
        try (FileChannel channel = PrivateFiles.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final long fileSize = channel.size();
            header = readHeader(channel, fileSize, path);
            final long fileLength = ChannelHeaderDescriptor.fileLength(header.capacity());
            if (fileSize < fileLength)
            {
                throw new ChannelException(ChannelError.ACCESS_ERROR, path,
                    "file length: a resumable channel needs at least " + fileLength + " bytes for capacity " +
                    header.capacity() + ", actual " + fileSize);
            }
            checkMappingLimit(path, header.capacity(), fileLength);
            try
            {
                memory = MappedMemories.map(channel, fileLength, true);
            }
            catch (final IOException | RuntimeException ex)
            {
                throw new ChannelException(ChannelError.MEMORY_MAPPING_FAILED, path,
                    "could not map " + fileLength + " bytes read-write: " + ex, ex);
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new ChannelException(ChannelError.STORAGE_NOT_FOUND, path, "no such channel file", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, path, "could not open: " + ex, ex);
        }
        final long capacity = header.capacity();
        long pos = 0;
        while (true)
        {
            final long length = pos + LENGTH_WORD < capacity ? memory.getLongAcquire(DATA_OFFSET + pos) : CLOSE;
            if (length >= 0 && length <= header.maxMessageLength() &&
                pos + RecordDescriptor.recordSize(length) < capacity)
            {
                pos += RecordDescriptor.recordSize(length);
            }
            else if (length == WATERMARK)
            {
                return new ShmWriter(path, header, memory, pos, owner);
            }
            else
            {
                memory.close();
                throw new ChannelException(ChannelError.ACCESS_ERROR, path, (length == CLOSE ?
                    "channel is already closed or full" : "corrupt length word " + Long.toUnsignedString(length)) +
                    " at position " + pos);
            }
        }
    }

    private static Header readHeader(final FileChannel channel, final long fileSize, final Path path)
        throws IOException
    {
        if (fileSize < HEADER_LENGTH)
        {
            throw new ChannelException(ChannelError.ACCESS_ERROR, path,
                "file too short for a header: expected at least " + HEADER_LENGTH + " bytes, actual " + fileSize);
        }
        final ByteBuffer bytes = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        while (bytes.hasRemaining())
        {
            if (channel.read(bytes, bytes.position()) < 0)
            {
                throw new ChannelException(ChannelError.ACCESS_ERROR, path, "file shrank while reading its header");
            }
        }
        final Header header = Header.read(bytes, 0, path);
        final long minimum = header.capacity() + HEADER_LENGTH + ChannelHeaderDescriptor.TRAILER_LENGTH;
        if (fileSize < minimum)
        {
            throw new ChannelException(ChannelError.INVALID_CAPACITY, path,
                "file length: expected at least " + minimum + " bytes for capacity " + header.capacity() +
                ", actual " + fileSize + " (truncated file?)");
        }
        return header;
    }

    private static void checkMappingLimit(final Path path, final long capacity, final long mapSize)
    {
        final long limit = MappedMemories.maxMappingSize();
        if (mapSize > limit)
        {
            throw new ChannelException(ChannelError.INVALID_CAPACITY, path,
                "capacity " + capacity + " needs a mapping of " + mapSize + " bytes; this JDK (" +
                Runtime.version().feature() + ", " + MappedMemories.IMPLEMENTATION + ") maps at most " + limit +
                " bytes per file (Java 22 or newer maps up to the format's 4 GiB)");
        }
    }

    private static FileChannel openNew(final Path path, final Set<PosixFilePermission> permissions) throws IOException
    {
        try
        {
            return PrivateFiles.createFile(path, permissions);
        }
        catch (final FileAlreadyExistsException ex)
        {
            throw new ChannelException(ChannelError.STORAGE_ALREADY_EXISTS, path, "channel file already exists", ex);
        }
    }

    private static void allocate(final FileChannel channel, final long length, final Path path)
    {
        final ByteBuffer zeros = ZEROS.duplicate();
        long written = 0;
        try
        {
            while (written < length)
            {
                zeros.clear().limit((int)Math.min(zeros.capacity(), length - written));
                written += channel.write(zeros, written);
            }
        }
        catch (final IOException ex)
        {
            throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, path,
                "could not allocate " + length + " bytes (" + written + " written; disk or /dev/shm full?): " + ex, ex);
        }
    }

    private static CreatorLock createLock(final Path lock, final Path path, final Set<PosixFilePermission> permissions)
    {
        final CreatorLock held;
        try
        {
            held = CreatorLock.acquire(lock, permissions);
        }
        catch (final IOException ex)
        {
            throw new ChannelException(
                ChannelError.COULD_NOT_ACCESS_STORAGE, lock, "could not create lock file: " + ex, ex);
        }
        if (held == null)
        {
            final CreatorLock.State state = CreatorLock.inspect(lock);
            throw new ChannelException(ChannelError.STORAGE_ALREADY_EXISTS, path, state.kind == CreatorLock.Kind.GONE ?
                "another process was creating the channel (its lock file " + lock + " is gone now)" :
                state.describe(), null, state.isStale());
        }
        return held;
    }

    /**
     * The error for an existing channel file; names a leftover lock (for example of a creator killed mid-creation).
     */
    private static ChannelException alreadyExists(final Path path, final Path lock)
    {
        if (Files.exists(lock, LinkOption.NOFOLLOW_LINKS))
        {
            final CreatorLock.State state = CreatorLock.inspect(lock);
            if (state.kind != CreatorLock.Kind.GONE)
            {
                return new ChannelException(ChannelError.STORAGE_ALREADY_EXISTS, path,
                    "channel file already exists, and " + state.describe(), null, state.isStale());
            }
        }
        return new ChannelException(ChannelError.STORAGE_ALREADY_EXISTS, path, "channel file already exists");
    }

    private static void deleteQuietly(final Path path)
    {
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            // Best effort: the caller already reports the original failure.
        }
    }
}
