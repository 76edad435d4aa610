package io.kekbit.spring.health;

import java.util.function.Supplier;

import io.kekbit.core.Header;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.RecordDescriptor;
import io.kekbit.spring.core.RollingWriter;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one writer: UP while it can write, DOWN when it is closed or its channel is full. Details: channel id,
 * position, capacity, used percentage and record count. A roll writer ({@link RollingWriter}) is never full: its
 * details are the journal id, the current segment, the journal position ({@code segment:offset}), the segment
 * capacity and how full the current segment is, and the retention counters; it is DOWN (state FAILING) while its
 * latest write failed (for example a roll on a full disk), with the failure as the reason. Thread-safe (reads the
 * writer's counters).
 */
public final class KekbitWriterHealthIndicator extends AbstractHealthIndicator
{
    private final Writer writer;
    private final Supplier<String> heartbeatFailure;

    /**
     * Creates the indicator.
     *
     * @param writer the writer.
     */
    public KekbitWriterHealthIndicator(final Writer writer)
    {
        this(writer, () -> null);
    }

    /**
     * Creates the indicator with the writer's heartbeat state.
     *
     * @param writer           the writer.
     * @param heartbeatFailure supplies why its heartbeats fail, or null while they succeed.
     */
    public KekbitWriterHealthIndicator(final Writer writer, final Supplier<String> heartbeatFailure)
    {
        super("kekbit writer health check failed");
        this.writer = writer;
        this.heartbeatFailure = heartbeatFailure;
    }

    /** {@inheritDoc} */
    @Override
    protected void doHealthCheck(final Health.Builder builder)
    {
        if (writer instanceof RollingWriter)
        {
            rollingHealth((RollingWriter)writer, builder);
        }
        else
        {
            channelHealth(builder);
        }
        final String failure = heartbeatFailure.get();
        if (failure != null && !writer.isClosed())
        {
            builder.down().withDetail("state", "HEARTBEAT_FAILED").withDetail("reason", failure);
        }
    }

    private void channelHealth(final Health.Builder builder)
    {
        final Header header = writer.header();
        final long position = writer.writeOffset();
        final long available = writer.available();
        builder.withDetail("channelId", header.channelId())
            .withDetail("position", position)
            .withDetail("capacity", header.capacity())
            .withDetail("usedPercent", Math.round(10_000.0 * position / header.capacity()) / 100.0)
            .withDetail("records", writer.recordCount());
        if (writer.isClosed())
        {
            builder.down().withDetail("state", "CLOSED").withDetail("reason", "the writer was closed");
        }
        else if (available < 2 * RecordDescriptor.LENGTH_WORD)
        {
            builder.down().withDetail("state", "FULL")
                .withDetail("reason", "CHANNEL_FULL: " + available + " bytes left of " + header.capacity());
        }
        else
        {
            builder.up().withDetail("state", "OPEN");
        }
    }

    private static void rollingHealth(final RollingWriter writer, final Health.Builder builder)
    {
        final long position = writer.writeOffset();
        final long segment = position >>> 32;
        final long offset = position & 0xFFFF_FFFFL;
        final long capacity = writer.segmentCapacity();
        builder.withDetail("journalId", writer.journalId())
            .withDetail("segment", segment)
            .withDetail("journalPosition", segment + ":" + offset)
            .withDetail("position", position)
            .withDetail("segmentCapacity", capacity)
            .withDetail("segmentUsedPercent", Math.round(10_000.0 * offset / capacity) / 100.0)
            .withDetail("records", writer.recordCount())
            .withDetail("deletedSegments", writer.deletedSegments())
            .withDetail("forcedDeletions", writer.forcedDeletions());
        final RuntimeException failure = writer.lastFailure();
        if (writer.isClosed())
        {
            builder.down().withDetail("state", "CLOSED").withDetail("reason", "the writer was closed");
        }
        else if (failure != null)
        {
            builder.down().withDetail("state", "FAILING").withDetail("reason", String.valueOf(failure.getMessage()))
                .withDetail("exception", failure.getClass().getName());
        }
        else
        {
            builder.up().withDetail("state", "OPEN");
        }
    }
}
