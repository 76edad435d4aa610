package io.kekbit.core.shm;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static io.kekbit.core.layout.RecordDescriptor.CLOSE;
import static io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD;
import static io.kekbit.core.layout.RecordDescriptor.WATERMARK;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.KekbitException;
import io.kekbit.core.RecordBuffer;
import io.kekbit.core.RecordEncoder;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.ClaimAccess;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.internal.MappingFaults;
import io.kekbit.core.layout.RecordDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writer over a memory-mapped channel file. Single-threaded by contract (see {@link Writer}): the write offset is a
 * plain field, and records are published with two release stores, WATERMARK in the next slot, then the length word.
 * <p>
 * Space rule: a record is accepted only when it ends at least 8 bytes before the capacity, so that every reader (ours
 * and the Rust crate's, whose {@code >=} tests never deliver a record ending exactly at the capacity) sees it.
 */
final class ShmWriter implements Writer, ClaimAccess.Committer, MappingFaults
{
    private static final ClaimAccess CLAIMS = ClaimAccess.get();

    private final Path path;
    private final Header header;
    private final MappedMemory memory;
    /** The owner lock held while open, or null (tests on a mocked mapping). */
    private final WriterLock ownerLock;
    private final long capacity;
    private final long maxMessageLength;
    private long writeOffset;
    private long recordCount;
    /** Set by {@link #seal()} and {@link #close()}: the CLOSE marker is stored, so every write is refused. */
    private boolean sealed;
    private boolean closed;
    private boolean claimOpen;
    private long claimPosition;
    /** Re-pointed at each record written by an encoder, and reset when the encoder returns. */
    private final RecordBuffer encoderBuffer = CLAIMS.newRecordBuffer();
    /** Largest write offset at which a claim of any valid length fits, with room for the WATERMARK after it. */
    private final long claimSpaceLimit;
    /**
     * The window that holds the payload of the claims on the fast path: the window of the last claim made on the
     * general path (at first, the window of the write offset), so that the fast path follows the writer through every
     * window of a channel larger than {@link MappedMemory#WINDOW_SIZE}.
     */
    private ByteBuffer claimWindow;
    /** File offset at which {@link #claimWindow} starts. */
    private long claimWindowStart;
    /**
     * Largest write offset at which a claim of any valid length fits, with room for the WATERMARK after it, and has
     * its payload in {@link #claimWindow}; -1 once sealed. One comparison with it stands for {@link #checkSpace}'s
     * tests of the seal and the space left, so that {@link #tryClaim} takes the fast path.
     */
    private long fastClaimLimit;

    ShmWriter(final Path path, final Header header, final MappedMemory memory, final long writeOffset)
    {
        this(path, header, memory, writeOffset, null);
    }

    ShmWriter(
        final Path path,
        final Header header,
        final MappedMemory memory,
        final long writeOffset,
        final WriterLock ownerLock)
    {
        this.path = path;
        this.header = header;
        this.memory = memory;
        this.ownerLock = ownerLock;
        this.capacity = header.capacity();
        this.maxMessageLength = header.maxMessageLength();
        this.writeOffset = writeOffset;
        this.claimSpaceLimit = capacity - LENGTH_WORD - RecordDescriptor.recordSize(maxMessageLength);
        // A full channel's write offset can lie at the end of the mapping: its window is then the last one.
        useClaimWindow(windowIndex(Math.min(DATA_OFFSET + writeOffset + LENGTH_WORD, memory.size() - 1)));
    }

    @Override
    public long write(final byte[] src, final int offset, final int length)
    {
        try
        {
            return writeBytes(src, offset, length);
        }
        catch (final InternalError ex)
        {
            throw faulted(ex);
        }
    }

    private long writeBytes(final byte[] src, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, src.length);
        final long size = checkSpace(length);
        if (size > 0)
        {
            final long position = writeOffset;
            memory.putBytes(DATA_OFFSET + position + LENGTH_WORD, src, offset, length);
            publish(position, length, size);
        }
        return size;
    }

    @Override
    public long write(final ByteBuffer src)
    {
        try
        {
            return writeBuffer(src);
        }
        catch (final InternalError ex)
        {
            throw faulted(ex);
        }
    }

    private long writeBuffer(final ByteBuffer src)
    {
        final int length = src.remaining();
        final long size = checkSpace(length);
        if (size > 0)
        {
            final long position = writeOffset;
            final long payload = DATA_OFFSET + position + LENGTH_WORD;
            window(payload).put((int)(payload & (MappedMemory.WINDOW_SIZE - 1)), src, src.position(), length);
            publish(position, length, size);
        }
        return size;
    }

    @Override
    public long write(final int maxLength, final RecordEncoder encoder)
    {
        try
        {
            return writeEncoded(maxLength, encoder);
        }
        catch (final InternalError ex)
        {
            throw faulted(ex);
        }
    }

    private long writeEncoded(final int maxLength, final RecordEncoder encoder)
    {
        final long size = checkSpace(maxLength);
        if (size < 0)
        {
            return size;
        }
        final long position = writeOffset;
        final long payload = DATA_OFFSET + position + LENGTH_WORD;
        final RecordBuffer buffer = encoderBuffer;
        final int written;
        claimOpen = true;
        CLAIMS.wrap(buffer, window(payload), (int)(payload & (MappedMemory.WINDOW_SIZE - 1)), maxLength);
        try
        {
            written = encoder.encode(buffer);
        }
        finally
        {
            claimOpen = false;
            CLAIMS.reset(buffer);
        }
        if (written < 1 || written > maxLength)
        {
            return ENCODING_ERROR;
        }
        final long actualSize = RecordDescriptor.recordSize(written);
        publish(position, written, actualSize);
        return actualSize;
    }

    /**
     * Claims space for a record. A claim at a write offset up to {@link #fastClaimLimit}, of a valid length, with no
     * claim open, takes a fast path with one bound test; the others go through {@link #checkSpace}, with the same
     * results. A short path from the call to the commit matters when the writer replies to a record just read (see
     * {@code ShmReader#read}).
     */
    @Override
    public long tryClaim(final int length, final Claim claim)
    {
        final long start = writeOffset;
        if (start <= fastClaimLimit && length > 0 && length <= maxMessageLength && !claimOpen)
        {
            claimOpen = true;
            claimPosition = start;
            CLAIMS.wrap(claim, this, claimWindow, (int)(DATA_OFFSET + start + LENGTH_WORD - claimWindowStart), length);
            return start;
        }
        final long size = checkSpace(length);
        if (size < 0)
        {
            return size;
        }
        final long position = writeOffset;
        final long payload = DATA_OFFSET + position + LENGTH_WORD;
        final int index = windowIndex(payload);
        if (claimWindowStart != (long)index << MappedMemory.WINDOW_SHIFT)
        {
            useClaimWindow(index);
        }
        claimOpen = true;
        claimPosition = position;
        CLAIMS.wrap(claim, this, claimWindow, (int)(payload - claimWindowStart), length);
        return position;
    }

    @Override
    public long commitClaim(final int length)
    {
        try
        {
            return doCommitClaim(length);
        }
        catch (final InternalError ex)
        {
            throw faulted(ex);
        }
    }

    private long doCommitClaim(final int length)
    {
        if (!claimOpen)
        {
            throw new IllegalStateException("no open claim: path=" + path);
        }
        claimOpen = false;
        if (sealed)
        {
            return CLOSED;
        }
        final long size = RecordDescriptor.recordSize(length);
        publish(claimPosition, length, size);
        return size;
    }

    /**
     * A fault the caller caught: one raised after a write method returned, or in a claim's buffer.
     *
     * @param fault the JDK's error.
     * @throws ChannelException naming the file when it shrank below its capacity.
     * @throws InternalError    the fault itself otherwise.
     */
    @Override
    public void onMappingFault(final InternalError fault)
    {
        throw faulted(fault);
    }

    /**
     * A fault on the mapping: the JDK raises an {@link InternalError} when a mapped page is gone, which happens when
     * another process truncates the file. Reports that, with the file's new length, as a {@link ChannelException};
     * rethrows anything else. The JDK raises the error at the next safepoint check after the faulting access, which
     * may come only when the method that made the access returns: so each public method makes its accesses in a
     * private one and catches around that call.
     */
    private RuntimeException faulted(final InternalError ex)
    {
        long size;
        try
        {
            size = java.nio.file.Files.size(path);
        }
        catch (final java.io.IOException ioe)
        {
            size = -1;
        }
        if (size >= memory.size())
        {
            throw ex;
        }
        return new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, path,
            "the file shrank below its capacity while open: it is now " + (size < 0 ? "gone" : size + " bytes") +
            ", " + memory.size() + " bytes were mapped (" + ex.getMessage() + ")", ex);
    }

    @Override
    public void abortClaim()
    {
        claimOpen = false;
    }

    @Override
    public long heartbeat()
    {
        try
        {
            return writeHeartbeat();
        }
        catch (final InternalError ex)
        {
            throw faulted(ex);
        }
    }

    private long writeHeartbeat()
    {
        if (sealed)
        {
            return CLOSED;
        }
        checkNoClaim();
        final long position = writeOffset;
        if (available() <= LENGTH_WORD)
        {
            return CHANNEL_FULL;
        }
        memory.putLongRelease(DATA_OFFSET + position + LENGTH_WORD, WATERMARK);
        memory.putLongRelease(DATA_OFFSET + position, RecordDescriptor.HEARTBEAT);
        writeOffset = position + LENGTH_WORD;
        return LENGTH_WORD;
    }

    @Override
    public void flush()
    {
        if (closed)
        {
            return;
        }
        try
        {
            memory.force();
        }
        catch (final RuntimeException ex)
        {
            throw new KekbitException("could not flush channel file: " + path, ex);
        }
    }

    @Override
    public void seal()
    {
        try
        {
            storeClose();
        }
        catch (final InternalError ex)
        {
            throw faulted(ex);
        }
    }

    private void storeClose()
    {
        if (!sealed)
        {
            memory.putLongRelease(DATA_OFFSET + writeOffset, CLOSE);
            sealed = true;
            fastClaimLimit = -1;
        }
    }

    @Override
    public boolean isSealed()
    {
        return sealed;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        try
        {
            seal();
            memory.force();
        }
        catch (final ChannelException ex)
        {
            throw ex;
        }
        catch (final RuntimeException | InternalError ex)
        {
            throw new KekbitException("could not flush channel file at close: " + path, ex);
        }
        finally
        {
            // Unmapped even when the flush failed: the CLOSE marker is stored and every later write is refused.
            closed = true;
            memory.close();
            if (ownerLock != null)
            {
                ownerLock.release();
            }
        }
    }

    @Override
    public boolean isClosed()
    {
        return closed;
    }

    @Override
    public long available()
    {
        return (capacity - writeOffset) & ~(long)(RecordDescriptor.ALIGNMENT - 1);
    }

    @Override
    public long writeOffset()
    {
        return writeOffset;
    }

    @Override
    public long recordCount()
    {
        return recordCount;
    }

    @Override
    public Header header()
    {
        return header;
    }

    @Override
    public String toString()
    {
        return "ShmWriter{path=" + path + ", writeOffset=" + writeOffset + ", closed=" + closed + "}";
    }

    /**
     * Checks that a record of {@code length} payload bytes can be written now.
     *
     * @return the record size (> 0), or a negative write error code.
     */
    private long checkSpace(final int length)
    {
        if (sealed)
        {
            return CLOSED;
        }
        checkNoClaim();
        final long available = available();
        if (available <= LENGTH_WORD)
        {
            return CHANNEL_FULL;
        }
        if (length <= 0 || length > maxMessageLength)
        {
            return NO_SPACE_FOR_RECORD;
        }
        final long size = RecordDescriptor.recordSize(length);
        return size <= available - LENGTH_WORD ? size : NO_SPACE_FOR_RECORD;
    }

    /**
     * The window holding {@code offset}. Only this writer uses its windows, always with absolute indexes, and claims
     * and encoders reach them only through a bounded {@link RecordBuffer}, so their position and limit never change.
     */
    private ByteBuffer window(final long offset)
    {
        return memory.window(windowIndex(offset));
    }

    private static int windowIndex(final long offset)
    {
        return (int)(offset >>> MappedMemory.WINDOW_SHIFT);
    }

    /**
     * Makes window {@code index} the one of the fast claim path, with its limit: the last write offset whose payload
     * starts in it (a record of any valid length then ends inside the window's overlap), and at most
     * {@link #claimSpaceLimit}; -1 once sealed.
     */
    private void useClaimWindow(final int index)
    {
        claimWindow = memory.window(index);
        claimWindowStart = (long)index << MappedMemory.WINDOW_SHIFT;
        fastClaimLimit = sealed ? -1 : Math.min(
            claimSpaceLimit, claimWindowStart + MappedMemory.WINDOW_SIZE - DATA_OFFSET - LENGTH_WORD - 1);
    }

    private void checkNoClaim()
    {
        if (claimOpen)
        {
            throw new IllegalStateException("a claim is still open; commit or abort it first: path=" + path);
        }
    }

    private void publish(final long position, final long length, final long size)
    {
        memory.putLongRelease(DATA_OFFSET + position + size, WATERMARK);
        memory.putLongRelease(DATA_OFFSET + position, length);
        writeOffset = position + size;
        recordCount++;
    }
}
