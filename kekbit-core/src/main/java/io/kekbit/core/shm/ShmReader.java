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
import io.kekbit.core.internal.MappingFaults;
import io.kekbit.core.layout.RecordDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Reader over a read-only mapping of a channel file, following the Rust crate's read protocol (docs/format.md,
 * section 8). Not thread-safe: poll from one thread at a time.
 * <p>
 * The reader never touches bytes beyond the end of the file and never invents bytes: a length word or a record that
 * lies past the end of the file ends the read with {@link ReadError#FAILED}, and {@link #failureReason()} names the
 * position and the file's stored length. Files written by the Rust crate end 864 bytes before their data area does,
 * so a crate writer's last records cannot be read from the file. A file truncated by another process while it is
 * mapped also ends the read with FAILED (the fault the JDK raises on the missing pages is caught here, and the file's
 * new length is reported), never with an error escaping to the caller.
 */
final class ShmReader implements Reader, MappingFaults
{
    /**
     * Most consecutive empty reads between two clock reads while the reader polls fast; a power of two.
     */
    static final int CLOCK_CHECK_INTERVAL = 64;
    /** Polls quicker than this, on average between two clock reads, are fast. */
    static final long FAST_POLL_NANOS = 1_000L;
    /**
     * How long a poll that was fast may become before the next clock read (a yield on a busy machine gives the core
     * away for a scheduler time slice; a backoff strategy parks up to 1 ms): while polls are fast, the next clock read
     * is due after as many polls as this long fit in the time left, so it comes no later than the deadline.
     */
    static final long LONGEST_FAST_POLL_NANOS = 10_000_000L;
    private static final String CRATE_FILE_NOTE = "; files made by the Rust kekbit crate store 864 bytes less than " +
        "their data area, so the last records a crate writer writes cannot be read from the file";

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
    private long position;
    private ReadError exhausted;
    /** Consecutive empty reads; 0 after a read that consumed a record. */
    private long emptyReads;
    /** Empty read at which the next clock read is due (to arm the timeout, or to check it). */
    private long nextClockRead;
    /** {@link System#nanoTime()} from which the timeout has expired; only valid while armed. */
    private long deadlineNanos;
    /** Whether the timeout is armed in the current streak of empty reads. */
    private boolean armed;
    /** Whether {@link #deadlineNanos} and {@link #timeoutExpiration} are worked out for the armed timeout. */
    private boolean deadlineKnown;
    /** {@link System#nanoTime()} when the timeout was armed. */
    private long armNanos;
    /**
     * Empty calls from arming to the first check while polls are fast: as many {@link #LONGEST_FAST_POLL_NANOS}-long
     * polls as fit in the shortest time to the expiration (the timeout less one tick), 1 to
     * {@link #CLOCK_CHECK_INTERVAL}.
     */
    private final long armGap;
    /** The armed expiration in the channel's tick unit. */
    private long timeoutExpiration;
    private long lastClockNanos;
    private long lastClockRead;
    /** Whether the last two clock reads found polls faster than {@link #FAST_POLL_NANOS}. */
    private boolean fastPolls;
    private long expiredAt;
    private String failureReason;
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
        this.armGap = armGap(timeout, tickUnit);
    }

    private static long armGap(final long timeout, final TickUnit tickUnit)
    {
        if (timeout < 0)
        {
            return CLOCK_CHECK_INTERVAL;
        }
        long shortest;
        try
        {
            shortest = tickUnit.toDuration(Math.max(0, timeout - 1)).toNanos();
        }
        catch (final ArithmeticException ex)
        {
            shortest = Long.MAX_VALUE;
        }
        return Math.max(1, Math.min(CLOCK_CHECK_INTERVAL, shortest / LONGEST_FAST_POLL_NANOS));
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
        try
        {
            return doRead(handler, maxRecords);
        }
        catch (final InternalError ex)
        {
            return faulted(ex);
        }
    }

    private long doRead(final RecordHandler handler, final int maxRecords)
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
        try
        {
            return doControlledRead(handler, maxRecords);
        }
        catch (final InternalError ex)
        {
            return faulted(ex);
        }
    }

    private long doControlledRead(final ControlledRecordHandler handler, final int maxRecords)
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
     * The length word of the record at {@code pos} when it is a record or heartbeat that ends inside the channel and
     * the file; otherwise -1, after setting {@link #exhausted} (end of the channel, CLOSE, a length that is not valid,
     * or a length word or record past the end of the file) or not (WATERMARK: nothing more yet).
     */
    private long nextLength(final long pos)
    {
        if (pos + LENGTH_WORD >= capacity)
        {
            exhaust(ReadError.CHANNEL_FULL);
            return -1;
        }
        if (DATA_OFFSET + pos + LENGTH_WORD > mappedSize)
        {
            fail("the length word at position " + pos + " lies past the end of the file (file offset " +
                (DATA_OFFSET + pos) + ", stored length " + mappedSize + " bytes)" + CRATE_FILE_NOTE);
            return -1;
        }
        final long length = memory.getLongAcquire(DATA_OFFSET + pos);
        if (length >= 0 && length <= maxMessageLength)
        {
            if (pos + RecordDescriptor.recordSize(length) >= capacity)
            {
                exhaust(ReadError.CHANNEL_FULL);
                return -1;
            }
            final long end = DATA_OFFSET + pos + LENGTH_WORD + length;
            if (end > mappedSize)
            {
                fail("the record at position " + pos + " (" + length + " bytes) ends at file offset " + end +
                    ", past the end of the file (stored length " + mappedSize + " bytes)" + CRATE_FILE_NOTE);
                return -1;
            }
            return length;
        }
        if (length == CLOSE)
        {
            exhaust(ReadError.CLOSED);
        }
        else if (length != WATERMARK)
        {
            fail("invalid length word " + length + " at position " + pos + " (largest record length " +
                maxMessageLength + ")");
        }
        return -1;
    }

    private void fail(final String reason)
    {
        failureReason = "channel file " + path + ": " + reason;
        exhaust(ReadError.FAILED);
    }

    /** {@inheritDoc} */
    @Override
    public void onMappingFault(final InternalError fault)
    {
        if (exhausted == null)
        {
            faulted(fault);
        }
    }

    /**
     * A fault on the mapping: the JDK raises an {@link InternalError} when a mapped page is gone, which happens when
     * another process truncates the file. Ends the read with FAILED when the file is now shorter than the mapping;
     * rethrows anything else.
     */
    private long faulted(final InternalError ex)
    {
        final long size = currentFileSize();
        if (size >= mappedSize)
        {
            throw ex;
        }
        fail("the file shrank below its capacity while open: it is now " + (size < 0 ? "gone" : size + " bytes") +
            ", " + mappedSize + " bytes were mapped (" + ex.getMessage() + ")");
        return exhausted.code();
    }

    private long currentFileSize()
    {
        try
        {
            return java.nio.file.Files.size(path);
        }
        catch (final java.io.IOException ex)
        {
            return -1;
        }
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
     * The timeout rule of docs/format.md, section 9. A call that consumed a record disarms the timeout. The crate reads
     * the clock on the first empty call to arm it, and on every later one to check it. Here the clock
     * ({@link System#nanoTime()}, converted to the channel's tick unit) is read on the first empty call too, so the
     * timeout expires when the crate's would. The
     * next clock read is due on the next empty call while polls are slow (parking, sleeping, a contended yield: a
     * clock read costs little next to them). While polls are fast (under {@link #FAST_POLL_NANOS} each between the
     * last two clock reads) it is due after as many calls as {@link #LONGEST_FAST_POLL_NANOS}-long polls fit in the
     * time left, at least 1 and at most {@link #CLOCK_CHECK_INTERVAL}; a reader that remembers fast polls from an
     * earlier spell skips the read on the second call. So a reader that finds its next record within a few polls (a
     * ping-pong) reads the clock once per wait, and TIMEOUT comes on the same call as the crate's for slow polls and
     * within one poll after it for fast ones; never earlier. A zero timeout needs no clock: TIMEOUT comes on the
     * second consecutive empty call, as in the crate.
     */
    private long applyTimeoutRule(final int consumed, final long bytes)
    {
        if (consumed > 0)
        {
            emptyReads = 0;
            nextClockRead = 0;
            armed = false;
            return bytes;
        }
        final long empty = ++emptyReads;
        if (timeout == 0)
        {
            return empty >= 2 ? expire(tickUnit.fromNanoTime(System.nanoTime())) : bytes;
        }
        final long due = nextClockRead;
        if (empty < due)
        {
            return bytes;
        }
        if (!armed)
        {
            arm(empty);
            return bytes;
        }
        final long now = System.nanoTime();
        if (!deadlineKnown && !computeDeadline())
        {
            nextClockRead = Long.MAX_VALUE;
            return bytes;
        }
        if (now - deadlineNanos >= 0)
        {
            return expire(timeoutExpiration);
        }
        fastPolls = (now - lastClockNanos) < FAST_POLL_NANOS * (empty - lastClockRead);
        lastClockNanos = now;
        lastClockRead = empty;
        nextClockRead = empty + nextClockGap(deadlineNanos - now);
        return bytes;
    }

    /**
     * Reads the clock on empty read {@code empty} and arms the timeout from it. Only the clock is read here: the
     * expiration in ticks and the deadline are worked out at the next clock read (a reader that finds its next
     * record first never needs them), and the first check is due after {@link #armGap} calls while polls are fast.
     */
    private void arm(final long empty)
    {
        final long now = System.nanoTime();
        armNanos = now;
        lastClockNanos = now;
        lastClockRead = empty;
        armed = true;
        deadlineKnown = false;
        nextClockRead = empty + (fastPolls ? armGap : 1);
    }

    /**
     * Works out the expiration of the timeout armed at {@link #armNanos}, in ticks as the crate does, and the
     * {@link System#nanoTime()} from which it has passed.
     *
     * @return false when it never expires (the expiration overflows, as the crate's would).
     */
    private boolean computeDeadline()
    {
        final long armedAt = tickUnit.fromNanoTime(armNanos);
        final long expiration = armedAt + timeout;
        timeoutExpiration = expiration;
        deadlineKnown = true;
        final long deadline = Long.compareUnsigned(expiration, armedAt) >= 0 ?
            tickUnit.toNanoTime(expiration) : Long.MAX_VALUE;
        deadlineNanos = deadline;
        return deadline != Long.MAX_VALUE;
    }

    private long nextClockGap(final long leftNanos)
    {
        if (!fastPolls)
        {
            return 1;
        }
        return Math.max(1, Math.min(CLOCK_CHECK_INTERVAL, leftNanos / LONGEST_FAST_POLL_NANOS));
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

    private void deliver(final RecordHandler handler, final long pos, final int length)
    {
        deliverWhole(handler, pos, length);
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
        return deliverWhole(handler, pos, length);
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

    @Override
    public long position()
    {
        return position;
    }

    @Override
    public long moveTo(final long target)
    {
        try
        {
            return doMoveTo(target);
        }
        catch (final InternalError ex)
        {
            faulted(ex);
            return InvalidPosition.UNAVAILABLE.code();
        }
    }

    private long doMoveTo(final long target)
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
            if (DATA_OFFSET + pos + LENGTH_WORD > mappedSize)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            final long length = memory.getLongAcquire(DATA_OFFSET + pos);
            if (length < 0 || length > maxMessageLength)
            {
                return InvalidPosition.UNAVAILABLE.code();
            }
            final long size = RecordDescriptor.recordSize(length);
            if (pos + size >= capacity || DATA_OFFSET + pos + LENGTH_WORD + length > mappedSize)
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
        failureReason = null;
        fastLimit = closed ? -1 : openFastLimit;
        emptyReads = 0;
        nextClockRead = 0;
        armed = false;
        expiredAt = 0;
        return target;
    }

    @Override
    public ReadError exhausted()
    {
        return exhausted;
    }

    @Override
    public String failureReason()
    {
        return failureReason;
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
