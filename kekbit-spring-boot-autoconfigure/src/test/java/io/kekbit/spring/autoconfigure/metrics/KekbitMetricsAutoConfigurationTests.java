package io.kekbit.spring.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListener;
import io.kekbit.spring.metrics.KekbitMetrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KekbitMetricsAutoConfigurationTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class, KekbitAutoConfiguration.class,
            KekbitMetricsAutoConfiguration.class));

    static class SlowListener
    {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "view", startFrom = "beginning", idleStrategy = "sleep-1ms")
        void onText(final String text)
        {
            seen.add(text);
        }
    }

    @Test
    void shouldRegisterWriterAndListenerMetersReadAtScrapeTime()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.orders.capacity=16KB", "kekbit.writers.orders.max-message-length=64B")
            .withBean(SlowListener.class).run(context ->
            {
                assertThat(context).hasSingleBean(KekbitMetrics.class);
                final MeterRegistry meters = context.getBean(MeterRegistry.class);
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "a");
                template.send("orders", "b");
                try
                {
                    template.send("orders", new byte[200]);
                }
                catch (final KekbitSendException expected)
                {
                    // counted as a failure
                }
                final SlowListener listener = context.getBean(SlowListener.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> listener.seen.size() == 2);
                assertThat(meters.get("kekbit.writer.records").tag("channel", "orders").tag("channel.id", "1")
                    .functionCounter().count()).isEqualTo(2.0);
                assertThat(meters.get("kekbit.writer.capacity").gauge().value()).isEqualTo(16384.0);
                assertThat(meters.get("kekbit.writer.position").gauge().value()).isPositive();
                assertThat(meters.get("kekbit.writer.bytes").functionCounter().count()).isPositive();
                assertThat(meters.get("kekbit.writer.failures").tag("reason", "NO_SPACE_FOR_RECORD")
                    .functionCounter().count()).isEqualTo(1.0);
                await().atMost(Duration.ofSeconds(20)).until(() ->
                    meters.get("kekbit.listener.records").tag("listener", "view").functionCounter().count() == 2.0);
                assertThat(meters.get("kekbit.listener.lag.records").tag("listener", "view").gauge().value()).isZero();
                assertThat(meters.get("kekbit.listener.lag.bytes").tag("listener", "view").gauge().value()).isZero();
                assertThat(meters.get("kekbit.listener.position").tag("listener", "view").gauge().value())
                    .isEqualTo(meters.get("kekbit.writer.position").gauge().value());
                assertThat(meters.get("kekbit.listener.errors").functionCounter().count()).isZero();
                assertThat(meters.get("kekbit.listener.skipped").functionCounter().count()).isZero();
                assertThat(meters.get("kekbit.listener.dead.letters").functionCounter().count()).isZero();
                assertThat(meters.get("kekbit.listener.filtered").functionCounter().count()).isZero();
                assertThat(meters.get("kekbit.listener.processing").tag("result", "success").tag("exception", "none")
                    .timer().count()).isEqualTo(2);
                assertThat(meters.find("kekbit.listener.position").gauges()).hasSize(1);
                assertThat(meters.find("kekbit.reader.position").gauges()).as("old prefix gone").isEmpty();
                assertThat(meters.get("kekbit.writer.send").tag("channel", "orders").tag("result", "success")
                    .tag("exception", "none").timer().count()).isEqualTo(2);
                assertThat(meters.get("kekbit.writer.send").tag("channel", "orders").tag("result", "failure")
                    .tag("exception", "KekbitSendException").timer().count()).isEqualTo(1);
            });
    }

    static class PoisonListener
    {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "1", id = "poison", startFrom = "beginning", idleStrategy = "sleep-1ms",
            deadLetter = "dlt")
        void onText(final String text)
        {
            if (text.startsWith("bad"))
            {
                throw new IllegalArgumentException("poison: " + text);
            }
            seen.add(text);
        }
    }

    /** A batch listener that fails the first batch holding a "bad" record once, as a whole. */
    static class BatchListener
    {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final AtomicBoolean failed = new AtomicBoolean();

        @KekbitListener(channel = "orders", id = "batched", startFrom = "beginning", idleStrategy = "sleep-1ms",
            batch = "true")
        void onBatch(final List<String> texts)
        {
            if (texts.stream().anyMatch(text -> text.startsWith("bad")) && failed.compareAndSet(false, true))
            {
                throw new IllegalStateException("poisoned batch");
            }
            batches.add(texts);
        }
    }

    @Test
    void shouldTimeEachBatchDeliveryOnceWithItsResult()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.listener.retry.max-attempts=2", "kekbit.listener.retry.initial-interval=1ms",
            "kekbit.listener.max-records-per-poll=2")
            .withBean(BatchListener.class).run(context ->
            {
                final MeterRegistry meters = context.getBean(MeterRegistry.class);
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                for (final String text : List.of("good-1", "good-2", "good-3", "bad-1", "good-4"))
                {
                    template.send("orders", text);
                }
                final BatchListener listener = context.getBean(BatchListener.class);
                await().atMost(Duration.ofSeconds(20))
                    .until(() -> listener.batches.stream().mapToInt(List::size).sum() == 5);
                final String[] tags = {"channel", "orders", "channel.id", "1", "listener", "batched"};
                assertThat(meters.get("kekbit.listener.processing").tags(tags).tag("result", "success")
                    .tag("exception", "none").timer().count()).as("one sample per successful batch, not per record")
                    .isEqualTo(listener.batches.size());
                assertThat(meters.get("kekbit.listener.processing").tags(tags).tag("result", "failure")
                    .tag("exception", "IllegalStateException").timer().count()).as("the failed attempt")
                    .isEqualTo(1);
                assertThat(meters.get("kekbit.listener.records").tags(tags).functionCounter().count())
                    .isEqualTo(5.0);
                assertThat(meters.get("kekbit.listener.errors").tags(tags).functionCounter().count())
                    .isEqualTo(1.0);
            });
    }

    @Test
    void shouldTimeFailedDeliveriesAndCountSkippedAndDeadLetteredRecordsUnderTheWritersChannelName()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.dlt.channel-id=2", "kekbit.listener.retry.max-attempts=2",
            "kekbit.listener.retry.initial-interval=1ms")
            .withBean(PoisonListener.class).run(context ->
            {
                final MeterRegistry meters = context.getBean(MeterRegistry.class);
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "good-1");
                template.send("orders", "bad-1");
                template.send("orders", "good-2");
                final PoisonListener listener = context.getBean(PoisonListener.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> listener.seen.size() == 2);
                final String[] tags = {"channel", "orders", "channel.id", "1", "listener", "poison"};
                assertThat(meters.get("kekbit.listener.records").tags(tags).functionCounter().count())
                    .isEqualTo(3.0);
                assertThat(meters.get("kekbit.listener.errors").tags(tags).functionCounter().count())
                    .as("two attempts").isEqualTo(2.0);
                assertThat(meters.get("kekbit.listener.skipped").tags(tags).functionCounter().count())
                    .isEqualTo(1.0);
                assertThat(meters.get("kekbit.listener.dead.letters").tags(tags).functionCounter().count())
                    .isEqualTo(1.0);
                assertThat(meters.get("kekbit.listener.processing").tags(tags).tag("result", "success")
                    .tag("exception", "none").timer().count()).isEqualTo(2);
                assertThat(meters.get("kekbit.listener.processing").tags(tags).tag("result", "failure")
                    .tag("exception", "IllegalArgumentException").timer().count()).isEqualTo(2);
                assertThat(meters.get("kekbit.writer.records").tag("channel", "dlt").functionCounter().count())
                    .as("the dead letter").isEqualTo(1.0);
            });
    }

    @Test
    void shouldBackOffWithoutMeterRegistry()
    {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class,
            KekbitMetricsAutoConfiguration.class)).withPropertyValues("kekbit.root-path=" + root)
            .run(context -> assertThat(context).doesNotHaveBean(KekbitMetrics.class));
    }

    @Test
    void shouldBackOffWithoutMicrometer()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .withClassLoader(new FilteredClassLoader(MeterBinder.class))
            .run(context -> assertThat(context).doesNotHaveBean(KekbitMetrics.class));
    }

    @Test
    void shouldLetUserBinderTakePrecedence()
    {
        final KekbitMetrics mine = new KekbitMetrics(java.util.Map::of,
            new io.kekbit.spring.listener.KekbitListenerEndpointRegistry(), null);
        contextRunner.withPropertyValues("kekbit.root-path=" + root).withBean(KekbitMetrics.class, () -> mine)
            .withBean(SimpleMeterRegistry.class)
            .run(context -> assertThat(context.getBean(KekbitMetrics.class)).isSameAs(mine));
    }
}
