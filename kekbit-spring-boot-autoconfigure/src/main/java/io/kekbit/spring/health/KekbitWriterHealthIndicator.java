package io.kekbit.spring.health;

import io.kekbit.core.Header;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.RecordDescriptor;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one writer: UP while it can write, DOWN when it is closed or its channel is full. Details: channel id,
 * position, capacity, used percentage and record count. Thread-safe (reads the writer's counters).
 */
public final class KekbitWriterHealthIndicator extends AbstractHealthIndicator
{
    private final Writer writer;

    /**
     * Creates the indicator.
     *
     * @param writer the writer.
     */
    public KekbitWriterHealthIndicator(final Writer writer)
    {
        super("kekbit writer health check failed");
        this.writer = writer;
    }

    /** {@inheritDoc} */
    @Override
    protected void doHealthCheck(final Health.Builder builder)
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
}
