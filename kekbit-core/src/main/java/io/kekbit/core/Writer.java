package io.kekbit.core;

import java.nio.ByteBuffer;

/**
 * Appends records to a channel. Implementations are <b>not thread-safe</b>: use a writer from one thread at a time
 * (single writer, no CAS on the hot path), or wrap it with {@link Kekbit#synchronizedWriter(Writer)} for several
 * producer threads.
 * <p>
 * Every write method returns the number of bytes the record takes in the channel ({@code align8(8 + length)}), or a
 * negative {@link WriteError} code: {@link WriteError#CHANNEL_FULL}, {@link WriteError#NO_SPACE_FOR_RECORD},
 * {@link WriteError#ENCODING_ERROR} or {@link WriteError#CLOSED}. A refused write writes nothing.
 * <p>
 * A channel file that another process truncates while it is mapped loses the pages past its new end; a write that
 * touches them throws a {@link ChannelException} ({@link ChannelError#COULD_NOT_ACCESS_STORAGE}) naming the file,
 * saying it shrank below its capacity, and giving its new length. Once the JVM has compiled the write path, the JDK
 * may instead raise its own {@link InternalError} ("a fault occurred in ... unsafe memory access operation") a little
 * later, in the caller's code, after the write returned: it reports such faults at the thread's next safepoint check
 * or transition into the VM, which no code inside the write can wait for without a cost on every write. The JVM goes
 * on in both cases.
 */
public interface Writer extends AutoCloseable
{
    /** Result code: see {@link WriteError#CHANNEL_FULL}. */
    long CHANNEL_FULL = WriteError.CHANNEL_FULL.code();
    /** Result code: see {@link WriteError#NO_SPACE_FOR_RECORD}. */
    long NO_SPACE_FOR_RECORD = WriteError.NO_SPACE_FOR_RECORD.code();
    /** Result code: see {@link WriteError#ENCODING_ERROR}. */
    long ENCODING_ERROR = WriteError.ENCODING_ERROR.code();
    /** Result code: see {@link WriteError#CLOSED}. */
    long CLOSED = WriteError.CLOSED.code();

    /**
     * Writes a record.
     *
     * @param src the payload.
     * @return the record size, or a negative {@link WriteError} code.
     */
    default long write(final byte[] src)
    {
        return write(src, 0, src.length);
    }

    /**
     * Writes a record from part of an array.
     *
     * @param src    array holding the payload.
     * @param offset index of the payload's first byte.
     * @param length payload length.
     * @return the record size, or a negative {@link WriteError} code.
     * @throws IndexOutOfBoundsException when the range is outside {@code src}.
     */
    long write(byte[] src, int offset, int length);

    /**
     * Writes a record from the remaining bytes of a buffer; the buffer's position is not changed.
     *
     * @param src buffer holding the payload between its position and limit.
     * @return the record size, or a negative {@link WriteError} code.
     */
    long write(ByteBuffer src);

    /**
     * Writes a record encoded in place by {@code encoder}. If the encoder throws, nothing is published and the
     * exception propagates.
     *
     * @param maxLength most bytes the encoder may write: the capacity of the {@link RecordBuffer} it gets.
     * @param encoder   writes the payload into the mapped memory, through a view that covers only this record.
     * @return the record size, or a negative {@link WriteError} code ({@link WriteError#ENCODING_ERROR} when the
     *         encoder returned a length outside 1..maxLength).
     */
    long write(int maxLength, RecordEncoder encoder);

    /**
     * Claims space for a record of {@code length} bytes, to fill through {@link Claim#buffer()} (which covers exactly
     * those bytes) and then {@link Claim#commit()} or {@link Claim#abort()}. No other write may happen on this writer
     * until the claim is completed.
     *
     * @param length payload length to claim, at least 1.
     * @param claim  reusable claim object to point at the space.
     * @return the data position of the claimed record (>= 0), or a negative {@link WriteError} code.
     * @throws IllegalStateException when a previous claim is still open.
     */
    long tryClaim(int length, Claim claim);

    /**
     * Writes a heartbeat (an empty record readers skip), which resets readers' timeout clocks.
     *
     * @return 8, or a negative {@link WriteError} code.
     */
    long heartbeat();

    /**
     * Flushes the mapped memory to the file's storage (msync). Not needed for other processes to see records.
     *
     * @throws KekbitException when the flush fails, naming the file.
     */
    void flush();

    /**
     * Stores the CLOSE marker now, with one release store and no system call: readers see the end of the channel at
     * once, and every later write returns {@link WriteError#CLOSED}. The mapping stays until {@link #close()}, which
     * flushes and unmaps; that split lets a caller end a channel on a latency-sensitive thread and release it on
     * another (rolling journals do this at every roll). Idempotent.
     */
    void seal();

    /**
     * Whether the CLOSE marker is stored ({@link #seal()} or {@link #close()} was called).
     *
     * @return true once sealed.
     */
    boolean isSealed();

    /**
     * Writes the CLOSE marker (unless {@link #seal()} already did), flushes, and releases the mapping. Idempotent.
     *
     * @throws KekbitException when the flush fails, naming the file; the CLOSE marker is stored and the mapping
     *                         released all the same.
     */
    @Override
    void close();

    /**
     * Whether {@link #close()} was called.
     *
     * @return true after close.
     */
    boolean isClosed();

    /**
     * Bytes left in the channel, rounded down to a multiple of 8.
     *
     * @return {@code align8down(capacity - writeOffset)}.
     */
    long available();

    /**
     * Data position where the next record goes: the total bytes written so far, initial heartbeat included.
     *
     * @return the write offset.
     */
    long writeOffset();

    /**
     * Number of records written by this writer (heartbeats excluded).
     *
     * @return the record count.
     */
    long recordCount();

    /**
     * The channel's header.
     *
     * @return the header.
     */
    Header header();
}
