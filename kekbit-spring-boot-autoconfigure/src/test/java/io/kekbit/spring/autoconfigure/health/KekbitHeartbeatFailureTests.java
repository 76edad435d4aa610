package io.kekbit.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.RecordEncoder;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitHeartbeats;
import io.kekbit.spring.health.KekbitHealthContributor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A writer whose heartbeats fail (as a journal writer's do when the roll they trigger cannot create the next segment):
 * the failure is logged once, the writer's health turns DOWN with the reason, the heartbeat task keeps running, and
 * health is UP again once heartbeats succeed.
 */
@ExtendWith(OutputCaptureExtension.class)
class KekbitHeartbeatFailureTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class,
            KekbitHealthContributorAutoConfiguration.class));

    @Test
    void shouldLogOnceTurnDownAndRecover(final CapturedOutput output)
    {
        final AtomicBoolean failing = new AtomicBoolean(true);
        final AtomicInteger attempts = new AtomicInteger();
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=5",
            "kekbit.writers.orders.timeout=10s", "kekbit.writers.orders.heartbeat-interval=20ms")
            .withBean("orders", Writer.class, () -> new FailingHeartbeats(
                Kekbit.shmWriter(root, Header.of(0, 5, 16384, 64, Duration.ofSeconds(10), TickUnit.MILLIS)), failing,
                attempts))
            .run(context ->
            {
                final HealthIndicator health = (HealthIndicator)((CompositeHealthContributor)context
                    .getBean(KekbitHealthContributor.class).getContributor("writers")).getContributor("orders");
                await().atMost(Duration.ofSeconds(30)).until(() -> attempts.get() >= 5);
                final Health down = health.health(true);
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("state", "HEARTBEAT_FAILED");
                assertThat(String.valueOf(down.getDetails().get("reason")))
                    .contains("heartbeat failed: io.kekbit.core.KekbitException: could not create segment 3");
                assertThat(context.getBean(KekbitHeartbeats.class).getFailure("orders")).isNotNull();
                assertThat(output.getAll().split("writer 'orders': heartbeat failed", -1)).hasSize(2);

                failing.set(false);
                await().atMost(Duration.ofSeconds(30))
                    .until(() -> health.health(true).getStatus().equals(Status.UP));
                assertThat(output.getAll()).contains("writer 'orders': heartbeats succeed again");
            });
    }

    /** A real channel writer whose heartbeats throw while {@code failing} is set. */
    private static final class FailingHeartbeats implements Writer
    {
        private final Writer delegate;
        private final AtomicBoolean failing;
        private final AtomicInteger attempts;

        FailingHeartbeats(final Writer delegate, final AtomicBoolean failing, final AtomicInteger attempts)
        {
            this.delegate = delegate;
            this.failing = failing;
            this.attempts = attempts;
        }

        @Override
        public long heartbeat()
        {
            attempts.incrementAndGet();
            if (failing.get())
            {
                throw new KekbitException("could not create segment 3: No space left on device");
            }
            return delegate.heartbeat();
        }

        @Override
        public long write(final byte[] src, final int offset, final int length)
        {
            return delegate.write(src, offset, length);
        }

        @Override
        public long write(final ByteBuffer src)
        {
            return delegate.write(src);
        }

        @Override
        public long write(final int maxLength, final RecordEncoder encoder)
        {
            return delegate.write(maxLength, encoder);
        }

        @Override
        public long tryClaim(final int length, final Claim claim)
        {
            return delegate.tryClaim(length, claim);
        }

        @Override
        public void flush()
        {
            delegate.flush();
        }

        @Override
        public void seal()
        {
            delegate.seal();
        }

        @Override
        public boolean isSealed()
        {
            return delegate.isSealed();
        }

        @Override
        public void close()
        {
            delegate.close();
        }

        @Override
        public boolean isClosed()
        {
            return delegate.isClosed();
        }

        @Override
        public long available()
        {
            return delegate.available();
        }

        @Override
        public long writeOffset()
        {
            return delegate.writeOffset();
        }

        @Override
        public long recordCount()
        {
            return delegate.recordCount();
        }

        @Override
        public Header header()
        {
            return delegate.header();
        }
    }
}
