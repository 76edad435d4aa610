package io.kekbit.core;

/**
 * Polls records from a channel, in order, without blocking. Any number of readers, in any processes, can read one
 * channel; each keeps its own position. A reader is <b>not thread-safe</b>: poll it from one thread at a time.
 * <p>
 * {@link #read(RecordHandler, int)} returns the bytes consumed in the call (0 when no record is there yet), or,
 * once the reader is exhausted, a negative {@link ReadError} code: {@link ReadError#CLOSED},
 * {@link ReadError#CHANNEL_FULL}, {@link ReadError#TIMEOUT} or {@link ReadError#FAILED}. Exhaustion is sticky.
 * When a call delivers records and then meets the end, it returns the positive count and the next call returns the
 * code; {@link #exhausted()} names it at once.
 * <p>
 * A handler that throws leaves the position on the record that threw: records before it stay consumed, and the
 * next read delivers that record again.
 */
public interface Reader extends AutoCloseable
{
    /** Result code: see {@link ReadError#CLOSED}. */
    long CLOSED = ReadError.CLOSED.code();
    /** Result code: see {@link ReadError#CHANNEL_FULL}. */
    long CHANNEL_FULL = ReadError.CHANNEL_FULL.code();
    /** Result code: see {@link ReadError#TIMEOUT}. */
    long TIMEOUT = ReadError.TIMEOUT.code();
    /** Result code: see {@link ReadError#FAILED}. */
    long FAILED = ReadError.FAILED.code();

    /**
     * Delivers up to {@code maxRecords} records to {@code handler}. Heartbeats are skipped but count toward
     * {@code maxRecords}, as in the Rust crate.
     *
     * @param handler    receives each record; the buffer is valid only during the call.
     * @param maxRecords most records (heartbeats included) to consume in this call, at least 1.
     * @return bytes consumed (>= 0), or a negative {@link ReadError} code once exhausted.
     */
    long read(RecordHandler handler, int maxRecords);

    /**
     * Like {@link #read(RecordHandler, int)}, with the handler deciding per record whether it is consumed.
     *
     * @param handler    receives each record and returns an action.
     * @param maxRecords most records (heartbeats included) to consume in this call, at least 1.
     * @return bytes consumed (>= 0), or a negative {@link ReadError} code once exhausted.
     */
    long controlledRead(ControlledRecordHandler handler, int maxRecords);

    /**
     * Data position of the next record to read: the bytes read so far.
     *
     * @return the position.
     */
    long position();

    /**
     * Moves to a record boundary, found by scanning from position 0 as the Rust crate does. Valid targets are 0,
     * the start of any record (heartbeats included), and the current end of the written data. A successful move
     * clears exhaustion.
     *
     * @param position the target data position.
     * @return the new position, or a negative {@link InvalidPosition} code ({@link InvalidPosition#UNALIGNED} when
     *         not a multiple of 8 or inside a record; {@link InvalidPosition#UNAVAILABLE} when beyond the written
     *         data or the capacity); the position is unchanged on failure.
     */
    long moveTo(long position);

    /**
     * Why the reader is exhausted.
     *
     * @return the terminal error, or null while records may still come.
     */
    ReadError exhausted();

    /**
     * Why the reader ended with {@link ReadError#FAILED}: one line naming the channel file, the position and what is
     * wrong there (a length word that is not valid, a length word or record past the end of the file and the file's
     * stored length, or a file that shrank while it was open). Built once, when the reader fails.
     *
     * @return the reason, or null unless {@link #exhausted()} is {@link ReadError#FAILED}.
     */
    String failureReason();

    /**
     * When the writer timeout expired, for {@link ReadError#TIMEOUT}: Unix time in the channel's tick unit, on the
     * reader's clock. That clock is {@link System#nanoTime()} fixed to the wall clock once, when {@link TickUnit}
     * loads ({@link TickUnit#fromNanoTime(long)}): it is monotonic, so a step of the wall clock (NTP, a resumed
     * virtual machine) neither fires nor delays a timeout, and it can differ from {@link System#currentTimeMillis()}
     * by as much as the wall clock has been adjusted since.
     *
     * @return the expiration, or 0 when the reader has not timed out.
     */
    long timeoutExpiration();

    /**
     * The channel's header.
     *
     * @return the header.
     */
    Header header();

    /**
     * Releases the mapping. Idempotent; the reader must not be used afterwards.
     */
    @Override
    void close();
}
