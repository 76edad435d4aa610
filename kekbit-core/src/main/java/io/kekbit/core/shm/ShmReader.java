package io.kekbit.core.shm;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static io.kekbit.core.layout.RecordDescriptor.CLOSE;
import static io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD;
import static io.kekbit.core.layout.RecordDescriptor.WATERMARK;

import io.kekbit.core.ControlledRecordHandler;
import io.kekbit.core.Header;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.TickUnit;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.layout.RecordDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Reader over a read-only mapping of a channel file, following the Rust crate's read protocol (FORMAT.md §6).
 * Not thread-safe: poll from one thread at a time.
 * <p>
 * The reader never touches bytes beyond the end of the file. Files written by the Rust crate end 864 bytes before
 * their data area does; bytes past the end read as zero, as they do in a copy of such a file, so records there
 * read as heartbeats and a record cut by the end of the file is delivered from a copy padded with zeros.
 */
final class ShmReader implements Reader
{
    /**
     * Consecutive empty reads between two clock reads; a power of two. The first clock read, at this many empty reads,
     * arms the timeout; every later one checks it.
     */
    static final int CLOCK_CHECK_INTERVAL = 64;

    private final Path path;
    private final Header header;
    private final MappedMemory memory;
    private final long capacity;
    private final long maxMessageLength;
    private final long timeout;
    private final TickUnit tickUnit;
    private final long mappedSize;
    /**
     * Largest position from which every valid record lies wholly inside the channel and the mapping: see
     * {@link #fastLimit}.
     */
    private final long openFastLimit;
    /**
     * {@link #openFastLimit} while the reader may still deliver records, -1 once it is exhausted or closed. One
     * comparison with it stands for every check the general path makes before delivering a record, so that
     * {@link #read} takes a record at a position up to it with a single test of the length word.
     */
    private long fastLimit;
    private ByteBuffer scratch;
    private long position;
    private ReadError exhausted;
    /** Consecutive empty reads; 0 after a read that consumed a record. */
    private long emptyReads;
    private long timeoutExpiration;
    private long expiredAt;
    private boolean closed;

    ShmReader(final Path path, final Header header, final MappedMemory memory)
    {
        this.path = path;
        this.header = header;
        this.memory = memory;
        this.capacity = header.capacity();
        this.maxMessageLength = header.maxMessageLength();
        this.timeout = header.timeout();
        this.tickUnit = header.tickUnit();
        this.mappedSize = memory.size();
        this.openFastLimit = Math.min(
            capacity - RecordDescriptor.recordSize(maxMessageLength) - 1,
            mappedSize - DATA_OFFSET - LENGTH_WORD - maxMessageLength);
        this.fastLimit = openFastLimit;
    }

    /**
     * Delivers up to {@code maxRecords} records. The first record is taken on a fast path when the position is at
     * most {@link #fastLimit}: there a length word between 1 and the largest record length is a whole record inside
     * the mapping, and a WATERMARK is an empty read; anything else (a heartbeat, CLOSE, a bad length, a position near
     * the end of the channel or of the file, an exhausted or closed reader) goes to {@link #readRecords}, which makes
     * every check. Both paths give the same results. The fast path keeps the time from a record's arrival to the
     * handler short, which decides the round trip of a ping-pong whose far side replies to what it reads (see the
     * benchmark README). {@code read} and {@link #controlledRead} have a loop each, rather than one shared loop, so
     * that each keeps its own profile of the handler call.
     */
    @Override
    public long read(final RecordHandler handler, final int maxRecords)
    {
        final long start = position;
        if (start <= fastLimit && maxRecords > 0)
        {
            final long length = memory.getLongAcquire(DATA_OFFSET + start);
            if (length > 0 && length <= maxMessageLength)
            {
                deliverWhole(handler, start, (int)length);
                final long next = start + RecordDescriptor.recordSize(length);
                position = next;
                if (maxRecords == 1)
                {
                    emptyReads = 0;
                    return next - start;
                }
                return readRecords(handler, maxRecords, start, next, 1);
            }
            if (length == WATERMARK)
            {
                return applyTimeoutRule(0, 0);
            }
        }
        if (exhausted != null)
        {
            return exhausted.code();
        }
        return readRecords(handler, maxRecords, start, start, 0);
    }

    /**
     * The general read loop, from {@code from} with {@code done} records already consumed in this call since
     * {@code start}.
     */
    private long readRecords(
        final RecordHandler handler, final int maxRecords, final long start, final long from, final int done)
    {
        long pos = from;
        int consumed = done;
        try
        {
            while (consumed < maxRecords)
            {
                final long length = nextLength(pos);
                if (length < 0)
                {
                    break;
                }
                if (length > 0)
                {
                    deliver(handler, pos, (int)length);
                }
                pos += RecordDescriptor.recordSize(length);
                consumed++;
            }
        }
        finally
        {
            position = pos;
        }
        return complete(consumed, pos - start);
    }

    /**
     * Like {@link #read}, with the same fast path for the first record: a handler that aborts leaves it unconsumed,
     * one that breaks ends the call after it.
     */
    @Override
    public long controlledRead(final ControlledRecordHandler handler, final int maxRecords)
    {
        final long start = position;
        if (start <= fastLimit && maxRecords > 0)
        {
            final long length = memory.getLongAcquire(DATA_OFFSET + start);
            if (length > 0 && length <= maxMessageLength)
            {
                final ControlledRecordHandler.Action action = deliverWhole(handler, start, (int)length);
                // A record is there, so the writer is alive, whatever the handler decided: not an empty read.
                emptyReads = 0;
                if (action == ControlledRecordHandler.Action.ABORT)
                {
                    return 0;
                }
                final long next = start + RecordDescriptor.recordSize(length);
                position = next;
                if (maxRecords == 1 || action == ControlledRecordHandler.Action.BREAK)
                {
                    return next - start;
                }
                return controlledReadRecords(handler, maxRecords, start, next, 1);
            }
            if (length == WATERMARK)
            {
                return applyTimeoutRule(0, 0);
            }
        }
        if (exhausted != null)
        {
            return exhausted.code();
        }
        return controlledReadRecords(handler, maxRecords, start, start, 0);
    }

    /**
     * The general loop of {@link #controlledRead}, from {@code from} with {@code done} records already consumed in
     * this call since {@code start}.
     */
    private long controlledReadRecords(
        final ControlledRecordHandler handler, final int maxRecords, final long start, final long from, final int done)
    {
        long pos = from;
        int consumed = done;
        try
        {
            while (consumed < maxRecords)
            {
                final long length = nextLength(pos);
                if (length < 0)
                {
                    break;
                }
                if (length > 0)
                {
                    final ControlledRecordHandler.Action action = deliver(handler, pos, (int)length);
                    if (action == ControlledRecordHandler.Action.ABORT)
                    {
                        // A record is there, so the writer is alive, whatever the handler decided: not an empty
                        // read.
                        emptyReads = 0;
                        return pos - start;
                    }
                    if (action == ControlledRecordHandler.Action.BREAK)
                    {
                        pos += RecordDescriptor.recordSize(length);
                        consumed++;
                        break;
                    }
                }
                pos += RecordDescriptor.recordSize(length);
                consumed++;
            }
        }
        finally
        {
            position = pos;
        }
        return complete(consumed, pos - start);
    }

    /**
     * The length word of the record at {@code pos} when it is a record or heartbeat that ends inside the channel;
     * otherwise -1, after setting {@link #exhausted} (end of the channel, CLOSE, or a length that is not valid) or
     * not (WATERMARK: nothing more yet).
     */
    private long nextLength(final long pos)
    {
        if (pos + LENGTH_WORD >= capacity)
        {
            exhaust(ReadError.CHANNEL_FULL);
            return -1;
        }
        final long length = lengthAt(pos);
        if (length >= 0 && length <= maxMessageLength)
        {
            if (pos + RecordDescriptor.recordSize(length) >= capacity)
            {
                exhaust(ReadError.CHANNEL_FULL);
                return -1;
            }
            return length;
        }
        if (length != WATERMARK)
        {
            exhaust(length == CLOSE ? ReadError.CLOSED : ReadError.FAILED);
        }
        return -1;
    }

    /**
     * The result of a read that consumed {@code consumed} records and {@code bytes} bytes.
     */
    private long complete(final int consumed, final long bytes)
    {
        if (exhausted != null)
        {
            return bytes > 0 ? bytes : exhausted.code();
        }
        return applyTimeoutRule(consumed, bytes);
    }

    /**
     * FORMAT.md §6.3, with the clock read off the path a busy reader takes while it waits for the next record. A call
     * that consumed a record disarms the timeout. The crate reads the clock on the first empty call to arm it and on
     * every later one to check it; here the clock is read only on every {@link #CLOCK_CHECK_INTERVAL}th consecutive
     * empty call: the first such read arms the timeout, the later ones check it. A clock read costs more than an empty
     * poll (25-60 ns on a virtual machine's clock source), and a reader that read it on the first empty call after a
     * record was still reading it when the next record arrived in a ping-pong, which added 20-30 ns to every round
     * trip. So TIMEOUT comes at least the channel's timeout after the first empty call, never earlier than the
     * crate's, and at most two intervals of empty calls later (microseconds for a spinning reader). A zero timeout
     * needs no clock: TIMEOUT comes on the second consecutive empty call, as in the crate.
     */
    private long applyTimeoutRule(final int consumed, final long bytes)
    {
        if (consumed > 0)
        {
            emptyReads = 0;
            return bytes;
        }
        final long empty = ++emptyReads;
        if (timeout == 0 && empty >= 2)
        {
            return expire(tickUnit.now());
        }
        if ((empty & (CLOCK_CHECK_INTERVAL - 1)) != 0)
        {
            return bytes;
        }
        final long now = tickUnit.now();
        if (empty == CLOCK_CHECK_INTERVAL)
        {
            final long expiration = now + timeout;
            timeoutExpiration = Long.compareUnsigned(expiration, now) < 0 ? -1L : expiration;
            return bytes;
        }
        return Long.compareUnsigned(timeoutExpiration, now) <= 0 ? expire(timeoutExpiration) : bytes;
    }

    private long expire(final long expiration)
    {
        exhaust(ReadError.TIMEOUT);
        expiredAt = expiration;
        return exhausted.code();
    }

    private void exhaust(final ReadError error)
    {
        exhausted = error;
        fastLimit = -1;
    }

    /**
     * Acquire-loads the length word at a data position; a word past the end of the file reads as zero.
     */
    private long lengthAt(final long pos)
    {
        final long offset = DATA_OFFSET + pos;
        return offset + LENGTH_WORD <= mappedSize ? memory.getLongAcquire(offset) : 0L;
    }

    private void deliver(final RecordHandler handler, final long pos, final int length)
    {
        final long payload = DATA_OFFSET + pos + LENGTH_WORD;
        if (payload + length <= mappedSize)
        {
            deliverWhole(handler, pos, length);
        }
        else
        {
            handler.onRecord(cutRecord(payload, length), 0, length, pos);
        }
    }

    /**
     * Delivers a record that lies wholly inside the mapping, through the window of its start.
     */
    private void deliverWhole(final RecordHandler handler, final long pos, final int length)
    {
        final long payload = DATA_OFFSET + pos + LENGTH_WORD;
        final ByteBuffer window = memory.window((int)(payload >>> MappedMemory.WINDOW_SHIFT));
        final int index = (int)(payload & (MappedMemory.WINDOW_SIZE - 1));
        window.limit(index + length).position(index);
        handler.onRecord(window, index, length, pos);
    }

    private ControlledRecordHandler.Action deliver(
        final ControlledRecordHandler handler, final long pos, final int length)
    {
        final long payload = DATA_OFFSET + pos + LENGTH_WORD;
        if (payload + length <= mappedSize)
        {
            return deliverWhole(handler, pos, length);
        }
        return handler.onRecord(cutRecord(payload, length), 0, length, pos);
    }

    private ControlledRecordHandler.Action deliverWhole(
        final ControlledRecordHandler handler, final long pos, final int length)
    {
        final long payload = DATA_OFFSET + pos + LENGTH_WORD;
        final ByteBuffer window = memory.window((int)(payload >>> MappedMemory.WINDOW_SHIFT));
        final int index = (int)(payload & (MappedMemory.WINDOW_SIZE - 1));
        window.limit(index + length).position(index);
        return handler.onRecord(window, index, length, pos);
    }

    /**
     * A record cut by the end of the file (only in files written by the Rust crate): the bytes present, then zeros.
     */
    private ByteBuffer cutRecord(final long payload, final int length)
    {
        if (scratch == null)
        {
            scratch = ByteBuffer.allocate((int)maxMessageLength).order(ByteOrder.LITTLE_ENDIAN);
        }
        final byte[] bytes = scratch.array();
        final int present = (int)Math.max(0, Math.min(length, mappedSize - payload));
        if (present > 0)
        {
            memory.getBytes(payload, bytes, 0, present);
        }
        java.util.Arrays.fill(bytes, present, length, (byte)0);
        scratch.clear().limit(length);
        return scratch.asReadOnlyBuffer();
    }

    @Override
    public long position()
    {
        return position;
    }

    @Override
    public long moveTo(final long target)
    {
        if (!RecordDescriptor.isAligned(target))
        {
            return InvalidPosition.UNALIGNED.code();
        }
        if (target < 0 || target >= capacity)
        {
            return InvalidPosition.UNAVAILABLE.code();
        }
        long pos = 0;
        while (pos < target)
        {
            if (pos + LENGTH_WORD >= capacity)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            final long length = lengthAt(pos);
            if (length < 0 || length > maxMessageLength)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            final long size = RecordDescriptor.recordSize(length);
            if (pos + size >= capacity)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            pos += size;
        }
        if (pos > target)
        {
            return InvalidPosition.UNALIGNED.code();
        }
        position = target;
        exhausted = null;
        fastLimit = closed ? -1 : openFastLimit;
        emptyReads = 0;
        expiredAt = 0;
        return target;
    }

    @Override
    public ReadError exhausted()
    {
        return exhausted;
    }

    @Override
    public long timeoutExpiration()
    {
        return expiredAt;
    }

    @Override
    public Header header()
    {
        return header;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            fastLimit = -1;
            memory.close();
        }
    }

    @Override
    public String toString()
    {
        return "ShmReader{path=" + path + ", position=" + position + ", exhausted=" + exhausted + "}";
    }
}
