package io.kekbit.spring.listener;

import org.springframework.context.SmartLifecycle;

/**
 * A container that runs one listener on one channel or rolling journal: it polls on its own thread, hands each
 * record to the listener, saves the listener's durable position, and reports its state, positions and counters.
 * Containers are not beans: the {@link KekbitListenerEndpointRegistry} holds them by listener id and drives their
 * lifecycle with the application context. Implementations are thread-safe: every method may be called from any
 * thread; {@link #pause()} and {@link #resume()} are requests that the poll thread applies between polls.
 */
public interface KekbitMessageListenerContainer extends SmartLifecycle
{
    /** State of a container. */
    enum State
    {
        /** Created, never started. */
        CREATED,
        /** Started, waiting for the channel to appear (or to be re-created, or for a timed-out journal writer). */
        WAITING_FOR_CHANNEL,
        /** Polling. */
        RUNNING,
        /** Paused on request. */
        PAUSED,
        /** Stopped on request. */
        STOPPED,
        /** Stopped by itself; see {@link #getReason()} and {@link #getStopReason()}. */
        FAILED
    }

    /** Why a container's poll thread ended. */
    enum StopReason
    {
        /** {@link #stop()} was called, by the application or the context closing. */
        NORMAL,
        /** The error handler gave up on a record and asked the container to stop. */
        ERROR_HANDLER,
        /** The listener threw a JVM error, the channel could not be opened, or the poll loop failed. */
        FAILURE,
        /** The channel ended (closed, full, timed out or corrupt) and the container does not wait for a new one. */
        CHANNEL_ENDED
    }

    /**
     * Listener id: the registry key, the poll thread's name and the default durable name.
     *
     * @return the id.
     */
    String getListenerId();

    /**
     * The resolved listener settings.
     *
     * @return the endpoint.
     */
    KekbitListenerEndpoint getEndpoint();

    /**
     * Stops gracefully without blocking, as Spring Kafka's containers do: asks the poll thread to finish the record
     * in hand, save the position and end, and returns at once. The callback runs exactly once: on the poll thread
     * once it ended (state, stop reason and the stopped event already set), or at once when the container is not
     * running. Called from the listener's own thread, it requests the stop and runs the callback at once.
     * {@link #stop()} is the blocking form: it waits up to the endpoint's shutdown timeout.
     *
     * @param callback run once the poll thread ended.
     */
    @Override
    void stop(Runnable callback);

    /**
     * Requests a pause: the poll thread stops polling after the current poll; the position stays where it is.
     */
    void pause();

    /**
     * Requests the end of a pause.
     */
    void resume();

    /**
     * Whether a pause was requested (the thread may not have paused yet).
     *
     * @return true after {@link #pause()} until {@link #resume()}.
     */
    boolean isPauseRequested();

    /**
     * Whether the poll thread has paused.
     *
     * @return true when paused.
     */
    boolean isPaused();

    /**
     * Current state.
     *
     * @return the state.
     */
    State getState();

    /**
     * Why the container waits, or why it stopped by itself.
     *
     * @return the reason in words, or null when it neither waits nor stopped by itself.
     */
    String getReason();

    /**
     * Why the poll thread last ended.
     *
     * @return the stop reason, or null while it runs or before its first start.
     */
    StopReason getStopReason();

    /**
     * Data position of the next record to read; for a rolling journal, its journal position (segment in the high 32
     * bits, offset in the segment in the low 32 bits).
     *
     * @return the position.
     */
    long getPosition();

    /**
     * Whether this listener reads a rolling journal.
     *
     * @return true for a journal.
     */
    boolean isRoll();

    /**
     * Segment of the next record to read.
     *
     * @return the segment number for a journal; 0 for a channel.
     */
    long getSegment();

    /**
     * Segments between this listener's segment and the journal's segment being written.
     *
     * @return the count for a journal (-1 when it cannot be read); 0 for a channel.
     */
    long getLagSegments();

    /**
     * Bytes between this listener's position and the end of the written data; cheap at any backlog (an internal
     * reader scans only what was written since the previous call). For a journal it is exact inside one segment;
     * across segments each segment the listener has not finished counts as full.
     *
     * @return the lag in bytes, or -1 when the channel cannot be read.
     */
    long getLagBytes();

    /**
     * Records between this listener's position and the end of the written data (heartbeats excluded).
     *
     * @return the lag in records (for a rolling journal, counted across its segments), or -1 when the channel cannot
     *         be read.
     */
    long getLagRecords();

    /**
     * Records handled (successfully or skipped) since the container was created.
     *
     * @return the count.
     */
    long getRecords();

    /**
     * Listener failures (each failed delivery counts) since the container was created.
     *
     * @return the count.
     */
    long getErrors();

    /**
     * Records the error handler gave up on and skipped since the container was created (also counted by
     * {@link #getRecords()}).
     *
     * @return the count.
     */
    long getSkipped();

    /**
     * Records written to a dead-letter channel since the container was created (by the default error handler, or a
     * handler that calls {@link FailedRecord#deadLettered()}).
     *
     * @return the count.
     */
    long getDeadLetters();

    /**
     * Records the listener's {@link KekbitRecordFilterStrategy} discarded since the container was created (they are
     * counted in {@link #getRecords()} too).
     *
     * @return the count; 0 without a filter (the default, for containers that filter nothing).
     */
    default long getFilteredRecords()
    {
        return 0;
    }
}
