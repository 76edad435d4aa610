package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.DurablePosition;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalConfig;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalReader;
import io.kekbit.journal.JournalWriter;
import io.kekbit.journal.RetentionPolicy;
import io.kekbit.journal.RetentionResult;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.health.KekbitListenerHealthIndicator;
import io.kekbit.spring.metrics.KekbitMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.messaging.handler.annotation.Header;

/**
 * {@code @KekbitListener} on a rolling journal ({@code kekbit.readers.<name>.roll=true}) written by a roll writer bean
 * with 16 KiB segments: every record in order across rolls, restart from the durable position, retention held back by
 * a lagging listener, the gap a forced retention leaves, and a writer timeout (stop, or wait for the next writer with
 * {@code kekbit.listener.await-recreate}, also after a writer closed or was killed).
 */
class KekbitJournalListenerTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int JOURNAL = 9;

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms");

    static class JournalView
    {
        final List<String> records = new CopyOnWriteArrayList<>();
        final List<Long> positions = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "feed", id = "journal-view")
        void onRecord(final String text, @Header(KekbitHeaders.POSITION) final long position)
        {
            records.add(text);
            positions.add(position);
        }
    }

    /**
     * The journal listener alone: the test drives the journal's writers itself.
     */
    private ApplicationContextRunner withJournalListener(final String... more)
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root,
            "kekbit.readers.feed.channel-id=" + JOURNAL, "kekbit.readers.feed.roll=true")
            .withPropertyValues(more).withBean(JournalView.class);
    }

    /**
     * The journal listener and a roll writer bean "journal" with 16 KiB segments.
     */
    private ApplicationContextRunner withJournal(final String... more)
    {
        return withJournalListener("kekbit.writers.journal.channel-id=" + JOURNAL,
            "kekbit.writers.journal.roll.enabled=true", "kekbit.writers.journal.capacity=16KB",
            "kekbit.writers.journal.max-message-length=100B").withPropertyValues(more);
    }

    /**
     * A journal writer of the test's own, with the writer bean's segments (16 KiB, 100 B records) and a timeout.
     */
    private JournalWriter journalWriter(final Duration timeout)
    {
        return Journal.writer(root, JournalConfig.builder(JOURNAL).segmentCapacity(16 << 10).maxMessageLength(100)
            .timeout(timeout).build());
    }

    private static void write(final JournalWriter writer, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            assertThat(writer.write(record(i).getBytes(StandardCharsets.UTF_8))).isPositive();
        }
    }

    /**
     * The position of every record in the journal, read with the journal API from the oldest segment.
     */
    private List<Long> journalPositions()
    {
        final List<Long> positions = new ArrayList<>();
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            while (reader.read((buffer, offset, length, position) -> positions.add(position), 100) > 0)
            {
                // Read to the current end.
            }
        }
        return positions;
    }

    private static List<Long> send(final KekbitTemplate template, final int from, final int to)
    {
        final List<Long> positions = new ArrayList<>();
        for (int i = from; i < to; i++)
        {
            positions.add(template.send("journal", record(i)));
        }
        return positions;
    }

    static String record(final int i)
    {
        return String.format("record-%06d", i);
    }

    private static List<String> records(final int from, final int to)
    {
        final List<String> records = new ArrayList<>();
        for (int i = from; i < to; i++)
        {
            records.add(record(i));
        }
        return records;
    }

    @Test
    void shouldCountTheExactRecordLagAcrossRolledSegments()
    {
        withJournal().run(context ->
        {
            assertThat(context).hasNotFailed();
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final JournalView view = context.getBean(JournalView.class);
            final RollingWriter writer = context.getBean("journal", RollingWriter.class);
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("journal-view");
            send(template, 0, 1_000);
            await().atMost(WAIT).until(() -> view.records.size() >= 1_000);
            await().atMost(WAIT).until(() -> container.getLagRecords() == 0);

            container.pause();
            await().atMost(WAIT).until(container::isPaused);
            final int handled = view.records.size();
            final long segmentBefore = writer.segment();
            send(template, 1_000, 3_500);
            assertThat(writer.segment()).as("rolled while the listener was paused").isGreaterThan(segmentBefore + 2);
            assertThat(container.getLagSegments()).isGreaterThan(2);
            assertThat(container.getLagRecords()).isEqualTo(3_500 - handled);
            send(template, 3_500, 3_600);
            assertThat(container.getLagRecords()).as("only the new records are read").isEqualTo(3_600 - handled);
            final SimpleMeterRegistry meters = new SimpleMeterRegistry();
            KekbitMetrics.bindListener(meters, container);
            assertThat(meters.get("kekbit.listener.lag.records").tag("listener", "journal-view").gauge().value())
                .isEqualTo(3_600 - handled);

            container.resume();
            await().atMost(WAIT).until(() -> view.records.size() >= 3_600);
            await().atMost(WAIT).until(() -> container.getLagRecords() == 0);
            assertThat(view.records).isEqualTo(records(0, 3_600));
        });
    }

    @Test
    void shouldCountTheRecordLagOfAListenerResumingItsDurablePosition()
    {
        withJournal().run(context ->
        {
            send(context.getBean(KekbitTemplate.class), 0, 500);
            final JournalView view = context.getBean(JournalView.class);
            await().atMost(WAIT).until(() -> view.records.size() >= 500);
        });
        withJournal("kekbit.listener.auto-startup=false").run(context ->
        {
            send(context.getBean(KekbitTemplate.class), 500, 2_500);
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("journal-view");
            container.start();
            await().atMost(WAIT).until(() -> context.getBean(JournalView.class).records.size() >= 2_000);
            await().atMost(WAIT).until(() -> container.getLagRecords() == 0);
            send(context.getBean(KekbitTemplate.class), 2_500, 2_510);
            assertThat(container.getLagRecords()).isBetween(0L, 10L);
            await().atMost(WAIT).until(() -> container.getLagRecords() == 0);
            assertThat(context.getBean(JournalView.class).records).isEqualTo(records(500, 2_510));
        });
    }

    @Test
    void shouldReceiveEveryRecordInOrderAcrossRollsAndResumeAfterRestart()
    {
        final ApplicationContextRunner runner = withJournal();
        runner.run(context ->
        {
            assertThat(context).hasNotFailed();
            final List<Long> sent = send(context.getBean(KekbitTemplate.class), 0, 4_000);
            final JournalView view = context.getBean(JournalView.class);
            await().atMost(WAIT).until(() -> view.records.size() >= 4_000);
            assertThat(view.records).isEqualTo(records(0, 4_000));
            assertThat(view.positions).isEqualTo(sent);
            final RollingWriter writer = context.getBean("journal", RollingWriter.class);
            assertThat(writer.segment()).isGreaterThanOrEqualTo(5);
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("journal-view");
            assertThat(container.isRoll()).isTrue();
            await().atMost(WAIT).until(() -> container.getPosition() == writer.writeOffset());
            assertThat(container.getSegment()).isEqualTo(writer.segment());
            assertThat(container.getLagBytes()).isZero();
            assertThat(container.getLagSegments()).isZero();
            assertThat(container.getLagRecords()).isZero();
            assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
        });
        runner.run(context ->
        {
            final List<Long> sent = send(context.getBean(KekbitTemplate.class), 4_000, 5_000);
            final JournalView view = context.getBean(JournalView.class);
            await().atMost(WAIT).until(() -> view.records.size() >= 1_000);
            assertThat(view.records).isEqualTo(records(4_000, 5_000));
            assertThat(view.positions).isEqualTo(sent);
        });
        try (DurablePosition saved = Journal.durablePosition(root, JOURNAL, "journal-view"))
        {
            assertThat(JournalPosition.segment(saved.get())).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void shouldStartFromTheEndOfTheNewestSegment()
    {
        withJournal("kekbit.listener.auto-startup=false").run(context ->
            send(context.getBean(KekbitTemplate.class), 0, 2_000));
        withJournal("kekbit.readers.feed.start-from=end").run(context ->
        {
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("journal-view");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
            final List<Long> sent = send(context.getBean(KekbitTemplate.class), 2_000, 2_010);
            final JournalView view = context.getBean(JournalView.class);
            await().atMost(WAIT).until(() -> view.records.size() >= 10);
            assertThat(view.records).isEqualTo(records(2_000, 2_010));
            assertThat(view.positions).isEqualTo(sent);
        });
    }

    /**
     * Waits for the journal listener to run, then pauses it, so that records pile up unread.
     */
    private static KekbitMessageListenerContainer pauseWhenRunning(final KekbitListenerEndpointRegistry registry)
    {
        final KekbitMessageListenerContainer container = registry.getListenerContainer("journal-view");
        await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.RUNNING);
        registry.pause("journal-view");
        await().atMost(WAIT).until(container::isPaused);
        return container;
    }

    @Test
    void shouldKeepSegmentsALaggingListenerNeeds()
    {
        withJournal("kekbit.writers.journal.roll.retention.max-segments=2",
            "kekbit.writers.journal.roll.retention.interval=10ms").run(context ->
            {
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final KekbitMessageListenerContainer container = pauseWhenRunning(registry);
                final RollingWriter writer = context.getBean("journal", RollingWriter.class);
                send(context.getBean(KekbitTemplate.class), 0, 6_000);
                assertThat(writer.segment()).isGreaterThanOrEqualTo(7);
                // One more retention pass with the writer's policy, now, instead of waiting for the writer's own.
                final RetentionResult pass = Journal.applyRetention(root, JOURNAL,
                    RetentionPolicy.builder().maxSegments(2).build());
                assertThat(pass.deleted()).isZero();
                assertThat(pass.blockedSegment()).isZero();
                assertThat(pass.blockingReader()).isEqualTo("journal-view");
                assertThat(Journal.segments(root, JOURNAL)[0]).isZero();
                assertThat(writer.deletedSegments()).isZero();
                assertThat(container.getLagSegments()).isEqualTo(writer.segment());
                assertThat(container.getLagBytes()).isGreaterThan(writer.segment() * (16_384 - 100));

                registry.resume("journal-view");
                final JournalView view = context.getBean(JournalView.class);
                await().atMost(WAIT).until(() -> view.records.size() >= 6_000);
                assertThat(view.records).isEqualTo(records(0, 6_000));
                await().atMost(WAIT).until(() -> Journal.segments(root, JOURNAL)[0] >= writer.segment() - 1);
                assertThat(writer.forcedDeletions()).isZero();
            });
    }

    @Test
    void shouldStopAndReportTheMissingSegmentWhenRetentionDeletesUnreadSegments()
    {
        withJournal("kekbit.writers.journal.roll.retention.max-segments=2",
            "kekbit.writers.journal.roll.retention.interval=10ms",
            "kekbit.writers.journal.roll.retention.delete-unread=true").run(context ->
            {
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final KekbitMessageListenerContainer container = pauseWhenRunning(registry);
                final RollingWriter writer = context.getBean("journal", RollingWriter.class);
                send(context.getBean(KekbitTemplate.class), 0, 6_000);
                await().atMost(WAIT).until(() -> writer.forcedDeletions() >= writer.segment() - 1);

                registry.resume("journal-view");
                await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
                assertThat(container.getReason()).startsWith("FAILED: segment ")
                    .contains(" of journal " + JOURNAL + " (")
                    .contains("was deleted before this listener read it (retention with delete-unread)");
                final long missing = Long.parseLong(container.getReason().substring("FAILED: segment ".length(),
                    container.getReason().indexOf(' ', "FAILED: segment ".length())));
                assertThat(container.getSegment()).isEqualTo(missing);
                final JournalView view = context.getBean(JournalView.class);
                assertThat(view.records).isEqualTo(records(0, view.records.size()));
                assertThat(view.records.size()).isLessThan(6_000);
                final Health health = new KekbitListenerHealthIndicator(container).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("segment", missing)
                    .containsEntry("reason", container.getReason());
            });
    }

    @Test
    void shouldReportAJournalThatNeverAppears()
    {
        withJournalListener("kekbit.readers.feed.wait-timeout=50ms").run(context ->
        {
            final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                .getListenerContainer("journal-view");
            await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
            assertThat(container.getReason()).contains("journal 'feed' (" + JOURNAL + ") has no segment")
                .contains("PT0.05S");
        });
    }

    @Test
    void shouldWaitAfterATimeoutWithAwaitRecreateAndFollowTheNextWriterAfterAClose()
    {
        // Written before the listener starts, over 2 rolls, then nothing, not even a heartbeat: the listener reads
        // every record, then reports TIMEOUT (200 ms), however slowly this loaded machine runs the writes.
        final JournalWriter first = journalWriter(Duration.ofMillis(200));
        try
        {
            write(first, 0, 1_500);
            assertThat(first.segment()).isGreaterThanOrEqualTo(2);
            withJournalListener("kekbit.listener.await-recreate=true").run(context ->
            {
                final KekbitMessageListenerContainer container = awaitWaitingWithReason(context);
                final JournalView view = context.getBean(JournalView.class);
                assertThat(container.getReason()).isEqualTo("TIMEOUT: the writer of journal " + JOURNAL +
                    " wrote nothing, not even a heartbeat, for longer than PT0.2S at journal position " +
                    JournalPosition.toString(first.writeOffset()));
                assertThat(container.isRunning()).isTrue();
                assertThat(view.records).isEqualTo(records(0, 1_500));
                final Health waiting = new KekbitListenerHealthIndicator(container).health();
                assertThat(waiting.getStatus()).isEqualTo(Status.UP);
                assertThat(waiting.getDetails()).containsEntry("state", "WAITING_FOR_CHANNEL")
                    .containsEntry("reason", container.getReason());

                // The first writer goes away; a new one continues the journal in a new segment and rolls.
                first.close();
                try (JournalWriter second = journalWriter(Duration.ofHours(1)))
                {
                    write(second, 1_500, 3_000);
                    assertThat(second.segment()).isGreaterThan(first.segment() + 1);
                    await().atMost(WAIT).until(() -> view.records.size() >= 3_000);
                    assertThat(view.records).isEqualTo(records(0, 3_000));
                    assertThat(view.positions).isEqualTo(journalPositions());
                    await().atMost(WAIT).until(() -> container.getPosition() == second.writeOffset());
                    assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
                    assertThat(container.getReason()).isNull();
                    assertThat(container.getRecords()).isEqualTo(3_000);
                }
            });
        }
        finally
        {
            first.close();
        }
    }

    /**
     * The journal listener's container once it waits for the writer after an error (a container also starts in
     * WAITING_FOR_CHANNEL, for the journal to appear, but with no reason).
     */
    private static KekbitMessageListenerContainer awaitWaitingWithReason(final ApplicationContext context)
    {
        final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
            .getListenerContainer("journal-view");
        await().atMost(WAIT).until(() -> container.getReason() != null &&
            container.getState() == KekbitMessageListenerContainer.State.WAITING_FOR_CHANNEL);
        return container;
    }

    @Test
    void shouldWaitAfterATimeoutWithAwaitRecreateAndFollowTheWriterThatRecoversAfterAKill() throws Exception
    {
        // A child JVM writes over 2 rolls and then nothing, with its writer open; it is killed later.
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), ChildProcessJournalWriter.class.getName(), root.toString(),
            Integer.toString(JOURNAL), "0", "1500", "200").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try
        {
            final String written;
            try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
            {
                written = out.readLine();
            }
            assertThat(written).as("child writer").startsWith("WRITTEN ");
            final long openSegment = Long.parseLong(written.substring("WRITTEN ".length()));
            assertThat(openSegment).isGreaterThanOrEqualTo(2);
            withJournalListener("kekbit.listener.await-recreate=true").run(context ->
            {
                final KekbitMessageListenerContainer container = awaitWaitingWithReason(context);
                final JournalView view = context.getBean(JournalView.class);
                assertThat(container.getReason()).startsWith("TIMEOUT: the writer of journal " + JOURNAL);
                assertThat(view.records).isEqualTo(records(0, 1_500));

                // SIGKILL: no CLOSE marker. The next writer recovers the journal and continues the open segment.
                child.destroyForcibly();
                assertThat(child.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
                try (JournalWriter second = journalWriter(Duration.ofHours(1)))
                {
                    write(second, 1_500, 3_000);
                    await().atMost(WAIT).until(() -> view.records.size() >= 3_000);
                    assertThat(view.records).isEqualTo(records(0, 3_000));
                    final List<Long> positions = journalPositions();
                    assertThat(view.positions).isEqualTo(positions);
                    assertThat(JournalPosition.segment(positions.get(1_500))).isEqualTo(openSegment);
                    await().atMost(WAIT).until(() -> container.getPosition() == second.writeOffset());
                    assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
                    assertThat(container.getReason()).isNull();
                }
            });
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void shouldStopAtATimeoutWithoutAwaitRecreate()
    {
        try (JournalWriter writer = journalWriter(Duration.ofMillis(200)))
        {
            // Written before the listener starts (see above), and then nothing.
            write(writer, 0, 1_000);
            withJournalListener().run(context ->
            {
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("journal-view");
                await().atMost(WAIT).until(() -> container.getState() == KekbitMessageListenerContainer.State.FAILED);
                assertThat(container.getReason()).isEqualTo("TIMEOUT: the writer of journal " + JOURNAL +
                    " wrote nothing, not even a heartbeat, for longer than PT0.2S at journal position " +
                    JournalPosition.toString(writer.writeOffset()));
                assertThat(container.isRunning()).isFalse();
                assertThat(context.getBean(JournalView.class).records).isEqualTo(records(0, 1_000));
                assertThat(container.getPosition()).isEqualTo(writer.writeOffset());
                final Health health = new KekbitListenerHealthIndicator(container).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.getDetails()).containsEntry("reason", container.getReason());
            });
        }
    }
}
