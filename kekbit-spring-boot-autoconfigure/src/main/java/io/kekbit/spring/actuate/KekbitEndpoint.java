package io.kekbit.spring.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.kekbit.core.Header;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code kekbit} endpoint. {@code GET /actuator/kekbit} lists every writer (header fields, position, records,
 * space left; for a roll writer also the journal id, current segment, journal position and retention counters) and
 * every listener (channel, state, reason, position, lag, counters; for a journal also the segment and the lag in
 * segments); {@code GET
 * /actuator/kekbit/{name}} shows one writer or listener. {@code POST /actuator/kekbit/{name}} with
 * {@code {"action": "pause" | "resume" | "start" | "stop"}} controls a listener; the endpoint's default access is
 * read-only, so write operations stay off until {@code management.endpoint.kekbit.access=unrestricted}.
 * Thread-safe.
 */
@Endpoint(id = "kekbit", defaultAccess = Access.READ_ONLY)
public class KekbitEndpoint
{
    private static final List<String> ACTIONS = List.of("pause", "resume", "start", "stop");

    private final Supplier<Map<String, Writer>> writers;
    private final KekbitListenerEndpointRegistry registry;

    /**
     * Creates the endpoint.
     *
     * @param writers  supplies the writer beans by name.
     * @param registry the listener registry.
     */
    public KekbitEndpoint(final Supplier<Map<String, Writer>> writers, final KekbitListenerEndpointRegistry registry)
    {
        this.writers = writers;
        this.registry = registry;
    }

    /**
     * Every writer and listener.
     *
     * @return {@code {"writers": {...}, "listeners": {...}}}.
     */
    @ReadOperation
    public Map<String, Object> channels()
    {
        final Map<String, Object> writerViews = new LinkedHashMap<>();
        writers.get().forEach((name, writer) -> writerViews.put(name, describe(writer)));
        final Map<String, Object> listenerViews = new LinkedHashMap<>();
        registry.getListenerContainers().forEach(container -> listenerViews.put(container.getListenerId(),
            describe(container)));
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("writers", writerViews);
        result.put("listeners", listenerViews);
        return result;
    }

    /**
     * One writer (by bean name) or listener (by id).
     *
     * @param name writer or listener name.
     * @return its description, or null (404) when unknown.
     */
    @ReadOperation
    public Map<String, Object> channel(@Selector final String name)
    {
        final Writer writer = writers.get().get(name);
        if (writer != null)
        {
            return describe(writer);
        }
        final KekbitMessageListenerContainer container = registry.getListenerContainer(name);
        return container == null ? null : describe(container);
    }

    /**
     * Controls a listener. Client mistakes are answered, not logged as errors: an unknown action is a 400 naming
     * the allowed actions, an unknown listener a 404 naming the known ones.
     *
     * @param name   listener id.
     * @param action {@code pause}, {@code resume}, {@code start} or {@code stop}.
     * @return the listener's description after the request (200), a 400 body naming the allowed actions when the
     *         action is unknown, or a 404 body naming the known listeners when the listener is unknown.
     */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> control(@Selector final String name, final String action)
    {
        final String trimmed = action == null ? "" : action.trim();
        if (!ACTIONS.contains(trimmed))
        {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "unknown action '" + action + "' (allowed: " + String.join(", ", ACTIONS) + ")");
            body.put("allowed", ACTIONS);
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_BAD_REQUEST);
        }
        final KekbitMessageListenerContainer container = registry.getListenerContainer(name);
        if (container == null)
        {
            final Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "no listener '" + name + "'");
            body.put("listeners", registry.getListenerContainers().stream()
                .map(KekbitMessageListenerContainer::getListenerId).collect(Collectors.toList()));
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_NOT_FOUND);
        }
        switch (trimmed)
        {
            case "pause":
                container.pause();
                break;
            case "resume":
                container.resume();
                break;
            case "start":
                container.start();
                break;
            default:
                container.stop();
                break;
        }
        return new WebEndpointResponse<>(describe(container), WebEndpointResponse.STATUS_OK);
    }

    private static Map<String, Object> describe(final Writer writer)
    {
        final Header header = writer.header();
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "writer");
        view.put("channelId", header.channelId());
        view.put("writerId", header.writerId());
        view.put("capacity", header.capacity());
        view.put("maxMessageLength", header.maxMessageLength());
        view.put("timeout", header.timeoutDuration().toString());
        view.put("tickUnit", header.tickUnit().name());
        view.put("creationTime", header.creationTime());
        view.put("position", writer.writeOffset());
        view.put("records", writer.recordCount());
        view.put("available", writer.available());
        view.put("usedPercent", Math.round(10_000.0 * writer.writeOffset() / header.capacity()) / 100.0);
        view.put("state", writer.isClosed() ? "CLOSED" : "OPEN");
        if (writer instanceof RollingWriter)
        {
            final RollingWriter rolling = (RollingWriter)writer;
            final long position = writer.writeOffset();
            final long offset = position & 0xFFFF_FFFFL;
            view.put("roll", true);
            // The journal id, as in health, metrics and the listener's view; the header's is the segment's channel.
            view.put("channelId", rolling.journalId());
            view.put("segmentChannelId", header.channelId());
            view.put("journalId", rolling.journalId());
            view.put("segment", position >>> 32);
            view.put("segmentPosition", offset);
            view.put("journalPosition", (position >>> 32) + ":" + offset);
            view.put("usedPercent", Math.round(10_000.0 * offset / header.capacity()) / 100.0);
            view.put("deletedSegments", rolling.deletedSegments());
            view.put("forcedDeletions", rolling.forcedDeletions());
            view.put("waitedRolls", rolling.waitedRolls());
            final RuntimeException failure = rolling.lastFailure();
            if (failure != null && !writer.isClosed())
            {
                view.put("state", "FAILING");
                view.put("reason", String.valueOf(failure.getMessage()));
            }
        }
        return view;
    }

    private static Map<String, Object> describe(final KekbitMessageListenerContainer container)
    {
        final Map<String, Object> view = new LinkedHashMap<>();
        view.put("type", "listener");
        view.put("channel", container.getEndpoint().channelName());
        view.put("channelId", container.getEndpoint().channelId());
        view.put("startFrom", container.getEndpoint().startFrom().name());
        view.put("durableName", container.getEndpoint().durableName());
        view.put("state", container.getState().name());
        view.put("pauseRequested", container.isPauseRequested());
        if (container.getReason() != null)
        {
            view.put("reason", container.getReason());
        }
        if (container.getStopReason() != null)
        {
            view.put("stopReason", container.getStopReason().name());
        }
        view.put("position", container.getPosition());
        view.put("lagBytes", container.getLagBytes());
        view.put("lagRecords", container.getLagRecords());
        if (container.isRoll())
        {
            view.put("roll", true);
            view.put("segment", container.getSegment());
            view.put("journalPosition", container.getSegment() + ":" + (container.getPosition() & 0xFFFF_FFFFL));
            view.put("lagSegments", container.getLagSegments());
        }
        view.put("records", container.getRecords());
        view.put("errors", container.getErrors());
        return view;
    }
}
