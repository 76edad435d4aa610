package io.kekbit.core;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.CAPACITY_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.CHANNEL_ID_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.CREATION_TIME_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.HEADER_LENGTH;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.MAX_FORMAT_CAPACITY;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.MAX_MSG_LEN_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.MIN_CAPACITY;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.SIGNATURE;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.SIGNATURE_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.TICK_UNIT_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.TIMEOUT_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.VERSION_1_0_0;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.VERSION_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.WRITER_ID_OFFSET;

import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;

/**
 * A channel's metadata: the 128-byte header at the start of every channel file (layout in
 * {@link ChannelHeaderDescriptor}). Built from hints with {@link #of}, which applies the Rust crate's rounding
 * rules, or read and validated from a file with {@link #read(Path)}. Thread-safe (immutable).
 */
public final class Header
{
    private final long version;
    private final long writerId;
    private final long channelId;
    private final long capacity;
    private final long maxMessageLength;
    private final long timeout;
    private final long creationTime;
    private final TickUnit tickUnit;

    private Header(
        final long version,
        final long writerId,
        final long channelId,
        final long capacity,
        final long maxMessageLength,
        final long timeout,
        final long creationTime,
        final TickUnit tickUnit)
    {
        this.version = version;
        this.writerId = writerId;
        this.channelId = channelId;
        this.capacity = capacity;
        this.maxMessageLength = maxMessageLength;
        this.timeout = timeout;
        this.creationTime = creationTime;
        this.tickUnit = tickUnit;
    }

    /**
     * Builds a header for a new channel, as the Rust crate's {@code Header::new} does:
     * {@code capacity = max(16384, align8(capacityHint))},
     * {@code maxMessageLength = align8(min(maxMessageLengthHint + 8, (capacity >> 7) - 8))}, creation time now.
     *
     * @param writerId             id of the writer (free for the application).
     * @param channelId            id of the channel; it also names the file (see {@link Kekbit#storagePath}).
     * @param capacityHint         wanted capacity of the data area in bytes.
     * @param maxMessageLengthHint wanted largest payload length in bytes.
     * @param timeout              writer timeout in {@code tickUnit}s: readers report {@link ReadError#TIMEOUT} when
     *                             the writer writes nothing, not even a heartbeat, for this long.
     * @param tickUnit             unit of the timeout and creation time.
     * @return the header.
     * @throws IllegalArgumentException when a hint or the timeout is negative.
     * @throws ChannelException         with {@link ChannelError#INVALID_CAPACITY} when the capacity exceeds the
     *                                  format's u32 limit.
     */
    public static Header of(
        final long writerId,
        final long channelId,
        final long capacityHint,
        final long maxMessageLengthHint,
        final long timeout,
        final TickUnit tickUnit)
    {
        Objects.requireNonNull(tickUnit, "tickUnit");
        if (capacityHint < 0)
        {
            throw new IllegalArgumentException("capacity hint must not be negative: capacityHint=" + capacityHint);
        }
        if (maxMessageLengthHint < 0)
        {
            throw new IllegalArgumentException(
                "max message length hint must not be negative: maxMessageLengthHint=" + maxMessageLengthHint);
        }
        if (timeout < 0)
        {
            throw new IllegalArgumentException("timeout must not be negative: timeout=" + timeout);
        }
        final long capacity = Math.max(MIN_CAPACITY, RecordDescriptor.align(capacityHint));
        if (capacity > MAX_FORMAT_CAPACITY)
        {
            throw new ChannelException(ChannelError.INVALID_CAPACITY, null,
                "capacity: expected at most " + MAX_FORMAT_CAPACITY + " (u32 in the header), actual " + capacity);
        }
        final long maxMessageLength = RecordDescriptor.align(
            Math.min(maxMessageLengthHint + RecordDescriptor.LENGTH_WORD,
                (capacity >> 7) - RecordDescriptor.LENGTH_WORD));
        return new Header(
            VERSION_1_0_0, writerId, channelId, capacity, maxMessageLength, timeout, tickUnit.now(), tickUnit);
    }

    /**
     * Builds a header for a new channel with the timeout given as a duration.
     *
     * @param writerId             id of the writer.
     * @param channelId            id of the channel.
     * @param capacityHint         wanted capacity in bytes.
     * @param maxMessageLengthHint wanted largest payload length in bytes.
     * @param timeout              writer timeout, converted to {@code tickUnit}s (rounded down).
     * @param tickUnit             unit of the timeout and creation time.
     * @return the header.
     * @see #of(long, long, long, long, long, TickUnit)
     */
    public static Header of(
        final long writerId,
        final long channelId,
        final long capacityHint,
        final long maxMessageLengthHint,
        final Duration timeout,
        final TickUnit tickUnit)
    {
        return of(writerId, channelId, capacityHint, maxMessageLengthHint, tickUnit.convert(timeout), tickUnit);
    }

    /**
     * Reads and validates the header of a channel file, in the Rust crate's order: signature, version, capacity,
     * max message length; then the tick unit (where the crate panics).
     *
     * @param file a channel file.
     * @return the header.
     * @throws ChannelException when the file is missing, unreadable, shorter than a header, or fails validation; the
     *                          message names the file, the field, and the expected and actual values.
     */
    public static Header read(final Path file)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            while (buffer.hasRemaining())
            {
                if (channel.read(buffer) < 0)
                {
                    throw new ChannelException(ChannelError.ACCESS_ERROR, file,
                        "file too short for a header: expected at least " + HEADER_LENGTH + " bytes, actual " +
                        buffer.position());
                }
            }
        }
        catch (final NoSuchFileException ex)
        {
            throw new ChannelException(ChannelError.STORAGE_NOT_FOUND, file, "no such channel file", ex);
        }
        catch (final IOException ex)
        {
            throw new ChannelException(ChannelError.COULD_NOT_ACCESS_STORAGE, file, "could not read header: " + ex, ex);
        }
        return read(buffer, 0, file);
    }

    /**
     * Reads and validates a header from a buffer.
     *
     * @param buffer a buffer holding at least 128 bytes from {@code offset}.
     * @param offset index of the header's first byte.
     * @param file   file name used in error messages; may be null.
     * @return the header.
     * @throws ChannelException when validation fails.
     */
    public static Header read(final ByteBuffer buffer, final int offset, final Path file)
    {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        final long signature = b.getLong(offset + SIGNATURE_OFFSET);
        if (signature != SIGNATURE)
        {
            throw new ChannelException(ChannelError.INVALID_SIGNATURE, file,
                String.format("signature: expected 0x%016x (*KEKBIT*), actual 0x%016x", SIGNATURE, signature));
        }
        final long version = b.getLong(offset + VERSION_OFFSET);
        if (Long.compareUnsigned(version, VERSION_1_0_0) > 0)
        {
            throw new ChannelException(ChannelError.INCOMPATIBLE_VERSION, file,
                "version: expected at most 1.0.0, actual " + ChannelHeaderDescriptor.versionString(version));
        }
        final long capacity = Integer.toUnsignedLong(b.getInt(offset + CAPACITY_OFFSET));
        if (capacity < MIN_CAPACITY)
        {
            throw new ChannelException(ChannelError.INVALID_CAPACITY, file,
                "capacity: expected at least " + MIN_CAPACITY + ", actual " + capacity);
        }
        final long maxMessageLength = Integer.toUnsignedLong(b.getInt(offset + MAX_MSG_LEN_OFFSET));
        final long ceiling = ChannelHeaderDescriptor.maxMessageLengthCeiling(capacity);
        if (maxMessageLength > ceiling)
        {
            throw new ChannelException(ChannelError.INVALID_MAX_MESSAGE_LENGTH, file,
                "max message length: expected at most " + ceiling + " for capacity " + capacity + ", actual " +
                maxMessageLength);
        }
        if (!RecordDescriptor.isAligned(maxMessageLength))
        {
            throw new ChannelException(ChannelError.INVALID_MAX_MESSAGE_LENGTH, file,
                "max message length: expected a multiple of 8, actual " + maxMessageLength);
        }
        final int tickUnitId = b.get(offset + TICK_UNIT_OFFSET) & 0xFF;
        final TickUnit tickUnit = TickUnit.fromIdOrNull(tickUnitId);
        if (tickUnit == null)
        {
            throw new ChannelException(ChannelError.INVALID_TICK_UNIT, file,
                "tick unit id: expected one of 9 (nanos), 6 (micros), 3 (millis), 0 (secs), actual " + tickUnitId);
        }
        return new Header(
            version,
            b.getLong(offset + WRITER_ID_OFFSET),
            b.getLong(offset + CHANNEL_ID_OFFSET),
            capacity,
            maxMessageLength,
            b.getLong(offset + TIMEOUT_OFFSET),
            b.getLong(offset + CREATION_TIME_OFFSET),
            tickUnit);
    }

    /**
     * Writes the 128 header bytes, signature and version included, into a buffer (absolute, little-endian). Bytes
     * 57..127 are zeroed. The shared-memory writer does not use this: it stores the signature last, as a ready flag.
     *
     * @param buffer a buffer with at least 128 bytes from {@code offset}.
     * @param offset index of the header's first byte.
     */
    public void write(final ByteBuffer buffer, final int offset)
    {
        final ByteBuffer b = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = TICK_UNIT_OFFSET + 1; i < HEADER_LENGTH; i++)
        {
            b.put(offset + i, (byte)0);
        }
        b.putLong(offset + SIGNATURE_OFFSET, SIGNATURE);
        b.putLong(offset + VERSION_OFFSET, version);
        writeFields(b, offset);
    }

    /**
     * Writes every field except the signature and version (absolute, little-endian).
     *
     * @param b      a little-endian buffer.
     * @param offset index of the header's first byte.
     */
    private void writeFields(final ByteBuffer b, final int offset)
    {
        b.putLong(offset + WRITER_ID_OFFSET, writerId);
        b.putLong(offset + CHANNEL_ID_OFFSET, channelId);
        b.putInt(offset + CAPACITY_OFFSET, (int)capacity);
        b.putInt(offset + MAX_MSG_LEN_OFFSET, (int)maxMessageLength);
        b.putLong(offset + TIMEOUT_OFFSET, timeout);
        b.putLong(offset + CREATION_TIME_OFFSET, creationTime);
        b.put(offset + TICK_UNIT_OFFSET, (byte)tickUnit.id());
    }

    /**
     * The header as its 128 bytes.
     *
     * @return a new array.
     */
    public byte[] toBytes()
    {
        final byte[] bytes = new byte[HEADER_LENGTH];
        write(ByteBuffer.wrap(bytes), 0);
        return bytes;
    }

    /**
     * Format version as stored.
     *
     * @return {@code major << 48 | minor << 32 | patch}.
     */
    public long version()
    {
        return version;
    }

    /**
     * Writer id.
     *
     * @return the writer id.
     */
    public long writerId()
    {
        return writerId;
    }

    /**
     * Channel id.
     *
     * @return the channel id.
     */
    public long channelId()
    {
        return channelId;
    }

    /**
     * Capacity of the data area in bytes.
     *
     * @return the capacity, at least 16384.
     */
    public long capacity()
    {
        return capacity;
    }

    /**
     * Largest payload length a record may have.
     *
     * @return the max message length in bytes.
     */
    public long maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * Writer timeout in tick units (unsigned).
     *
     * @return the timeout.
     */
    public long timeout()
    {
        return timeout;
    }

    /**
     * Writer timeout as a duration.
     *
     * @return the timeout.
     */
    public Duration timeoutDuration()
    {
        return tickUnit.toDuration(timeout);
    }

    /**
     * Creation time in tick units since the Unix epoch.
     *
     * @return the creation time.
     */
    public long creationTime()
    {
        return creationTime;
    }

    /**
     * Unit of the timeout and creation time.
     *
     * @return the tick unit.
     */
    public TickUnit tickUnit()
    {
        return tickUnit;
    }

    /**
     * Length of the header in bytes.
     *
     * @return 128.
     */
    public int length()
    {
        return HEADER_LENGTH;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Header))
        {
            return false;
        }
        final Header h = (Header)o;
        return version == h.version && writerId == h.writerId && channelId == h.channelId && capacity == h.capacity &&
            maxMessageLength == h.maxMessageLength && timeout == h.timeout && creationTime == h.creationTime &&
            tickUnit == h.tickUnit;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(version, writerId, channelId, capacity, maxMessageLength, timeout, creationTime, tickUnit);
    }

    @Override
    public String toString()
    {
        return "Header{version=" + ChannelHeaderDescriptor.versionString(version) + ", writerId=" + writerId +
            ", channelId=0x" + Long.toHexString(channelId) + ", capacity=" + capacity + ", maxMessageLength=" +
            maxMessageLength + ", timeout=" + Long.toUnsignedString(timeout) + " " + tickUnit + ", creationTime=" +
            creationTime + "}";
    }
}
