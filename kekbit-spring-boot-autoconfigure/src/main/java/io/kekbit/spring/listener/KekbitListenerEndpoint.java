package io.kekbit.spring.listener;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything a {@link KekbitListenerContainer} needs to know about one listener, resolved from the annotation and the
 * properties. Thread-safe (immutable).
 *
 * @param id              listener id: container name, thread name and default durable name.
 * @param channelName     channel name as written in the annotation.
 * @param channelId       channel id.
 * @param rootPath        root folder of the channel files.
 * @param startFrom       where to start reading.
 * @param durableName     name of the durable position file.
 * @param waitTimeout     how long to wait for the channel to appear; null waits until it appears or the listener
 *                        is stopped.
 * @param idleStrategy    idle strategy name.
 * @param maxRecords      most records per poll.
 * @param autoStartup     whether the container starts with the context.
 * @param shutdownTimeout how long a stop waits for the thread.
 * @param awaitRecreate   whether a listener whose channel was closed, filled or timed out waits for the channel to be
 *                        re-created (and reads it from the start) instead of stopping; for a journal, whether a
 *                        listener whose writer timed out waits for it instead of stopping.
 * @param roll            whether the channel is a rolling journal: {@code channelId} is then the journal id and
 *                        positions are journal positions (segment in the high 32 bits, offset in the low 32).
 */
public record KekbitListenerEndpoint(
    String id,
    String channelName,
    long channelId,
    Path rootPath,
    StartFrom startFrom,
    String durableName,
    Duration waitTimeout,
    String idleStrategy,
    int maxRecords,
    boolean autoStartup,
    Duration shutdownTimeout,
    boolean awaitRecreate,
    boolean roll)
{
    /**
     * An endpoint on a single channel (not a rolling journal).
     *
     * @param id              listener id.
     * @param channelName     channel name as written in the annotation.
     * @param channelId       channel id.
     * @param rootPath        root folder of the channel files.
     * @param startFrom       where to start reading.
     * @param durableName     name of the durable position file.
     * @param waitTimeout     how long to wait for the channel to appear; null waits until it appears.
     * @param idleStrategy    idle strategy name.
     * @param maxRecords      most records per poll.
     * @param autoStartup     whether the container starts with the context.
     * @param shutdownTimeout how long a stop waits for the thread.
     * @param awaitRecreate   whether to wait for a re-created channel instead of stopping.
     */
    public KekbitListenerEndpoint(
        final String id,
        final String channelName,
        final long channelId,
        final Path rootPath,
        final StartFrom startFrom,
        final String durableName,
        final Duration waitTimeout,
        final String idleStrategy,
        final int maxRecords,
        final boolean autoStartup,
        final Duration shutdownTimeout,
        final boolean awaitRecreate)
    {
        this(id, channelName, channelId, rootPath, startFrom, durableName, waitTimeout, idleStrategy, maxRecords,
            autoStartup, shutdownTimeout, awaitRecreate, false);
    }
}
