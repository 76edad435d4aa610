package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.Writer;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalReader;
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Roll writers ({@code kekbit.writers.<name>.roll.*}): the bean, sends across segments, continuing and re-creating a
 * journal, retention properties reaching the journal, and every invalid roll property failing startup by name.
 */
class KekbitRollAutoConfigurationTests
{
    private static final int JOURNAL = 7;

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class));

    private ApplicationContextRunner withRollWriter(final String... more)
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.journal.channel-id=" +
            JOURNAL, "kekbit.writers.journal.roll.enabled=true", "kekbit.writers.journal.capacity=16KB",
            "kekbit.writers.journal.max-message-length=100B").withPropertyValues(more);
    }

    @Test
    void shouldSendThroughTemplateAcrossSegmentsAndReturnJournalPositions()
    {
        final List<Long> positions = new ArrayList<>();
        withRollWriter().run(context ->
        {
            assertThat(context).hasNotFailed();
            final Writer bean = context.getBean("journal", Writer.class);
            assertThat(bean).isInstanceOf(RollingWriter.class);
            final RollingWriter writer = (RollingWriter)bean;
            assertThat(writer.journalId()).isEqualTo(JOURNAL);
            assertThat(writer.segmentCapacity()).isEqualTo(16384);
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            for (int i = 0; i < 4_000; i++)
            {
                positions.add(template.send("journal", String.format("record-%05d", i)));
            }
            assertThat(writer.segment()).isGreaterThanOrEqualTo(4);
            assertThat(writer.recordCount()).isEqualTo(4_000);
            assertThat(positions).isSorted().doesNotHaveDuplicates();
            assertThat(JournalPosition.segment(positions.get(positions.size() - 1))).isEqualTo(writer.segment());
        });
        final List<String> read = new ArrayList<>();
        final List<Long> readPositions = new ArrayList<>();
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                read.add(new String(bytes, StandardCharsets.UTF_8));
                readPositions.add(position);
            }, 1000) > 0)
            {
                // Read to the end of the journal.
            }
            assertThat(reader.exhausted()).isNull();
        }
        assertThat(read).hasSize(4_000).first().isEqualTo("record-00000");
        assertThat(read.get(3_999)).isEqualTo("record-03999");
        assertThat(readPositions).isEqualTo(positions);
        final long[] segments = Journal.segments(root, JOURNAL);
        try (Reader last = Kekbit.shmReader(root, Journal.channelId(JOURNAL, segments[segments.length - 1])))
        {
            while (last.read((b, o, l, p) -> { }, 1000) > 0)
            {
                // The context close wrote the CLOSE marker of the last segment.
            }
            assertThat(last.exhausted()).isEqualTo(ReadError.CLOSED);
        }
    }

    @Test
    void shouldContinueAnExistingJournalWhenOnExistingIsFail()
    {
        withRollWriter().run(context -> context.getBean(KekbitTemplate.class).send("journal", "first run"));
        withRollWriter("kekbit.writers.journal.on-existing=fail").run(context ->
        {
            assertThat(context).hasNotFailed();
            final long position = context.getBean(KekbitTemplate.class).send("journal", "second run");
            assertThat(JournalPosition.segment(position)).isEqualTo(1);
        });
        assertThat(readAll()).containsExactly("first run", "second run");
    }

    @Test
    void shouldDeleteTheJournalWhenOnExistingIsRecreate() throws Exception
    {
        withRollWriter().run(context -> context.getBean(KekbitTemplate.class).send("journal", "old"));
        DurablePosition.open(Journal.positionPath(root, JOURNAL, "old-reader")).close();
        final Path otherJournal = Journal.folder(root, JOURNAL + 1);
        Files.createDirectories(otherJournal);
        withRollWriter("kekbit.writers.journal.on-existing=recreate").run(context ->
        {
            assertThat(context).hasNotFailed();
            assertThat(Journal.positionPath(root, JOURNAL, "old-reader")).doesNotExist();
            final long position = context.getBean(KekbitTemplate.class).send("journal", "new");
            assertThat(JournalPosition.segment(position)).isZero();
        });
        assertThat(readAll()).containsExactly("new");
        assertThat(otherJournal).exists();
    }

    @Test
    void shouldApplyRetentionProperties()
    {
        withRollWriter("kekbit.writers.journal.roll.retention.max-segments=2",
            "kekbit.writers.journal.roll.retention.interval=20ms",
            "kekbit.writers.journal.roll.preallocated-segments=1").run(context ->
            {
                final RollingWriter writer = context.getBean("journal", RollingWriter.class);
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                for (int i = 0; i < 6_000; i++)
                {
                    template.send("journal", String.format("record-%05d", i));
                }
                assertThat(writer.segment()).isGreaterThanOrEqualTo(5);
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> Journal.segments(root, JOURNAL)[0] >= writer.segment() - 1);
                assertThat(writer.deletedSegments()).isGreaterThanOrEqualTo(writer.segment() - 1);
                assertThat(writer.forcedDeletions()).isZero();
            });
    }

    @Test
    void shouldHeartbeatAnIdleRollWriter()
    {
        withRollWriter("kekbit.writers.journal.heartbeat-interval=20ms").run(context ->
        {
            final RollingWriter writer = context.getBean("journal", RollingWriter.class);
            final long start = writer.writeOffset();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> writer.writeOffset() > start);
            assertThat(writer.recordCount()).isZero();
        });
    }

    @Test
    void shouldFailOnJournalIdOutOfRange()
    {
        assertInvalid("kekbit.writers.journal.channel-id", "1 to 4294967295", "kekbit.writers.journal.channel-id=0");
        assertInvalid("kekbit.writers.journal.channel-id", "1 to 4294967295",
            "kekbit.writers.journal.channel-id=4294967296");
        assertInvalid("kekbit.readers.feed.channel-id", "1 to 4294967295", "kekbit.writers.journal.roll.enabled=false",
            "kekbit.readers.feed.channel-id=-1", "kekbit.readers.feed.roll=true");
    }

    @Test
    void shouldFailOnInvalidRetention()
    {
        assertInvalid("kekbit.writers.journal.roll.retention.max-segments", "0 (keep all) or more",
            "kekbit.writers.journal.roll.retention.max-segments=-1");
        assertInvalid("kekbit.writers.journal.roll.retention.max-size", "0B (keep all) or more",
            "kekbit.writers.journal.roll.retention.max-size=-1KB");
        assertInvalid("kekbit.writers.journal.roll.retention.max-age", "a positive duration",
            "kekbit.writers.journal.roll.retention.max-age=0s");
        assertInvalid("kekbit.writers.journal.roll.retention.interval", "a positive duration",
            "kekbit.writers.journal.roll.retention.interval=0ms");
        assertInvalid("kekbit.writers.journal.roll.preallocated-segments", "1 to 16",
            "kekbit.writers.journal.roll.preallocated-segments=0");
    }

    @Test
    void shouldFailWhenAChannelWriterUsesTheJournalsFolder()
    {
        assertInvalid("kekbit.writers.plain.channel-id", "a channel id whose high 32 bits are not a journal id",
            "kekbit.writers.plain.channel-id=" + ((long)JOURNAL << 32 | 3));
    }

    @Test
    void shouldFailWhenKekbitJournalIsMissing()
    {
        withRollWriter().withClassLoader(new FilteredClassLoader(Journal.class)).run(context ->
        {
            assertThat(context).hasFailed();
            final FailureAnalysis analysis = new KekbitFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("Property: kekbit.writers.journal.roll.enabled")
                .contains("kekbit-journal is not on the class path");
            assertThat(analysis.getAction()).contains("io.kekbit:kekbit-journal");
        });
    }

    private void assertInvalid(final String property, final String allowed, final String... properties)
    {
        withRollWriter(properties).run(context ->
        {
            assertThat(context).hasFailed();
            final Throwable failure = context.getStartupFailure();
            final FailureAnalysis analysis = new KekbitFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("analysis of %s", failure).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property);
            assertThat(analysis.getAction()).contains(property).contains(allowed);
        });
    }

    private List<String> readAll()
    {
        final List<String> read = new ArrayList<>();
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                read.add(new String(bytes, StandardCharsets.UTF_8));
            }, 1000) > 0)
            {
                // Read to the end of the journal.
            }
        }
        return read;
    }
}
