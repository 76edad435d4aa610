package io.kekbit.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.health.KekbitHealthContributor;
import io.kekbit.spring.listener.KekbitListener;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KekbitHealthContributorAutoConfigurationTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class,
            KekbitHealthContributorAutoConfiguration.class));

    static class ClosingListener
    {
        @KekbitListener(channel = "${channel}", id = "closing", startFrom = "beginning", idleStrategy = "sleep-1ms")
        void onText(final String text)
        {
        }
    }

    @Test
    void shouldReportWritersAndListeners()
    {
        final Writer external = Kekbit.shmWriter(root, Header.of(0, 50, 16384, 100, 60_000, TickUnit.MILLIS));
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "channel=50").withBean(ClosingListener.class).run(context ->
            {
                assertThat(context).hasSingleBean(KekbitHealthContributor.class);
                final CompositeHealthContributor kekbit = context.getBean(KekbitHealthContributor.class);
                final Health writer = health(kekbit, "writers", "orders");
                assertThat(writer.getStatus()).isEqualTo(Status.UP);
                assertThat(writer.getDetails()).containsEntry("channelId", 1L).containsEntry("capacity", 1L << 20)
                    .containsKeys("position", "usedPercent", "records").containsEntry("state", "OPEN");
                await().atMost(Duration.ofSeconds(20)).until(() ->
                    "RUNNING".equals(health(kekbit, "listeners", "closing").getDetails().get("state")));
                assertThat(health(kekbit, "listeners", "closing").getStatus()).isEqualTo(Status.UP);

                external.close();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                    health(kekbit, "listeners", "closing").getStatus().equals(Status.DOWN));
                assertThat(health(kekbit, "listeners", "closing").getDetails().get("reason").toString())
                    .startsWith("CLOSED");

                context.getBean("orders", Writer.class).close();
                final Health closed = health(kekbit, "writers", "orders");
                assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
                assertThat(closed.getDetails()).containsEntry("state", "CLOSED");
            });
    }

    @Test
    void shouldBeSwitchedOffByProperty()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "management.health.kekbit.enabled=false")
            .run(context -> assertThat(context).doesNotHaveBean(KekbitHealthContributor.class));
    }

    @Test
    void shouldBackOffWithoutHealthSupport()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .withClassLoader(new FilteredClassLoader(HealthContributor.class)).run(context ->
            {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(KekbitHealthContributor.class);
            });
    }

    @Test
    void shouldLetUserContributorTakePrecedence()
    {
        final HealthIndicator mine = () -> Health.up().build();
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .withBean("kekbitHealthContributor", HealthIndicator.class, () -> mine)
            .run(context -> assertThat(context.getBean("kekbitHealthContributor")).isSameAs(mine));
    }

    private static Health health(final CompositeHealthContributor kekbit, final String group, final String name)
    {
        final CompositeHealthContributor composite = (CompositeHealthContributor)kekbit.getContributor(group);
        return ((HealthIndicator)composite.getContributor(name)).health();
    }
}
