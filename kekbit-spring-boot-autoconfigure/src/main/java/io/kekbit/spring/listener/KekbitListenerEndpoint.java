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
 * @param waitTimeout     how long to wait for the channel to appear.
 * @param idleStrategy    idle strategy name.
 * @param maxRecords      most records per poll.
 * @param autoStartup     whether the container starts with the context.
 * @param shutdownTimeout how long a stop waits for the thread.
 * @param awaitRecreate   whether a listener whose channel was closed, filled or timed out waits for the channel to be
 *                        re-created (and reads it from the start) instead of stopping.
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
    boolean awaitRecreate)
{
}
