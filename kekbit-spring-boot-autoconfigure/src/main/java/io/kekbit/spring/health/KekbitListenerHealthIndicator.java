package io.kekbit.spring.health;

import io.kekbit.spring.listener.KekbitMessageListenerContainer;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of one listener: UP while running, paused, or stopped on request (the state says which); DOWN when it
 * stopped by itself (channel closed, full or timed out, channel missing, error handler gave up; for a rolling journal,
 * a segment deleted before it was read, naming the segment), with the reason. A journal listener also shows its
 * segment and journal position ({@code segment:offset}).
 * Thread-safe (reads the container's volatile state).
 */
public final class KekbitListenerHealthIndicator extends AbstractHealthIndicator
{
    private final KekbitMessageListenerContainer container;

    /**
     * Creates the indicator.
     *
     * @param container the listener's container.
     */
    public KekbitListenerHealthIndicator(final KekbitMessageListenerContainer container)
    {
        super("kekbit listener health check failed");
        this.container = container;
    }

    /** {@inheritDoc} */
    @Override
    protected void doHealthCheck(final Health.Builder builder)
    {
        final KekbitMessageListenerContainer.State state = container.getState();
        builder.withDetail("state", state.name())
            .withDetail("channel", container.getEndpoint().channelName())
            .withDetail("channelId", container.getEndpoint().channelId())
            .withDetail("position", container.getPosition())
            .withDetail("records", container.getRecords())
            .withDetail("errors", container.getErrors());
        if (container.isRoll())
        {
            builder.withDetail("segment", container.getSegment())
                .withDetail("journalPosition", container.getSegment() + ":" + (container.getPosition() & 0xFFFF_FFFFL));
        }
        if (state == KekbitMessageListenerContainer.State.FAILED)
        {
            builder.down().withDetail("reason", String.valueOf(container.getReason()))
                .withDetail("stopReason", String.valueOf(container.getStopReason()));
        }
        else
        {
            builder.up();
            if (container.getReason() != null)
            {
                builder.withDetail("reason", container.getReason());
            }
        }
    }
}
