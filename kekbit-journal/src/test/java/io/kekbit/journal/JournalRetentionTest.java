package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalRetentionTest
{
    private static final int JOURNAL = 11;
    private static final int CAPACITY = 16 * 1024;

    @TempDir
    Path root;

    private final byte[] buffer = new byte[64];
    private long nextSeq;

    private JournalConfig config(final RetentionPolicy policy)
    {
        return JournalConfig.builder(JOURNAL).segmentCapacity(CAPACITY).maxMessageLength(256)
            .timeout(Duration.ofHours(1)).retention(policy).retentionInterval(Duration.ofHours(1)).build();
    }

    @Test
    void shouldKeepAtMostMaxSegments()
    {
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.builder().maxSegments(3).build())))
        {
            writeUntilSegment(writer, 10);
            // A full segment is deletable once the background thread has unmapped it.
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.applyRetention().forced() == 0 &&
                writer.deletedSegments() == 8);
            assertThat(Journal.segments(root, JOURNAL)).startsWith(8, 9, 10);
            assertThat(Files.exists(Journal.segmentPath(root, JOURNAL, 7))).isFalse();
            assertThat(writer.deletedSegments()).isEqualTo(8);
        }
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            assertThat(reader.segment()).isEqualTo(8);
            final List<Long> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read(JournalReaderTest.collect(seen), 500) >= 0 &&
                !seen.isEmpty() && seen.get(seen.size() - 1) == nextSeq - 1);
            for (int i = 1; i < seen.size(); i++)
            {
                assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
            }
        }
    }

    @Test
    void shouldKeepAtMostMaxBytesInTheBackground()
    {
        final long segmentBytes = io.kekbit.core.layout.ChannelHeaderDescriptor.fileLength(CAPACITY);
        final JournalConfig config = JournalConfig.builder(JOURNAL).segmentCapacity(CAPACITY).maxMessageLength(256)
            .retention(RetentionPolicy.builder().maxBytes(4 * segmentBytes).build())
            .retentionInterval(Duration.ofMillis(10)).build();
        try (JournalWriter writer = Journal.writer(root, config))
        {
            writeUntilSegment(writer, 9);
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL)[0] == 6);
            assertThat(Journal.segments(root, JOURNAL)).startsWith(6, 7, 8, 9);
        }
    }

    @Test
    void shouldDeleteSegmentsOlderThanMaxAge()
    {
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.builder().maxAge(Duration.ofMillis(1))
            .build())))
        {
            writeUntilSegment(writer, 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.applyRetention().deleted() >= 0 &&
                Journal.segments(root, JOURNAL)[0] == 4);
            assertThat(writer.segment()).isEqualTo(4);
        }
    }

    @Test
    void shouldCountMaxAgeFromWhenSegmentWasClosedNotCreatedAhead() throws Exception
    {
        final Duration maxAge = Duration.ofMillis(1500);
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.builder().maxAge(maxAge).build())))
        {
            assertThat(writer.write(buffer, 0, JournalTestProcess.encode(nextSeq++, buffer))).isPositive();
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == 3);
            // Segments 0 to 2 exist; let more than maxAge pass before they are filled and closed (time passing is
            // the point here, not a condition to wait for).
            Thread.sleep(maxAge.toMillis() + 200);
            final long rolledAfter = System.currentTimeMillis();
            writeUntilSegment(writer, 3);
            final long[] firstDeletion = {-1};
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() ->
            {
                if (writer.applyRetention().deleted() > 0 && firstDeletion[0] < 0)
                {
                    firstDeletion[0] = System.currentTimeMillis();
                }
                return Journal.segments(root, JOURNAL)[0] >= 3;
            });
            assertThat(Journal.segments(root, JOURNAL)[0]).as("segments 0 to 2 deleted in the end").isEqualTo(3);
            assertThat(firstDeletion[0] - rolledAfter).as("ms from the roll to the first deletion")
                .isGreaterThanOrEqualTo(maxAge.toMillis());
            assertThat(writer.segment()).isEqualTo(3);
        }
    }

    @Test
    void shouldNeverDeleteWhatLaggingDurableReaderNeeds()
    {
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.builder().maxSegments(2).build()));
             JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "slow"))
        {
            Journal.resume(reader, saved);
            writeUntilSegment(writer, 8);
            final List<Long> seen = new ArrayList<>();
            while (reader.segment() < 3)
            {
                reader.read(JournalReaderTest.collect(seen), 1);
                saved.set(reader.position());
            }
            final RetentionResult result = writer.applyRetention();
            assertThat(result.deleted()).isEqualTo(3);
            assertThat(result.blockedSegment()).isEqualTo(3);
            assertThat(result.blockingReader()).isEqualTo("slow");
            assertThat(Journal.segments(root, JOURNAL)[0]).isEqualTo(3);

            await().atMost(Duration.ofSeconds(10)).until(() ->
            {
                reader.read(JournalReaderTest.collect(seen), 1000);
                saved.set(reader.position());
                return seen.size() == nextSeq;
            });
            JournalReaderTest.checkSequence(seen);
            assertThat(writer.applyRetention().blockedSegment()).isEqualTo(-1);
            assertThat(Journal.segments(root, JOURNAL)[0]).isEqualTo(7);
            assertThat(writer.forcedDeletions()).isZero();
        }
    }

    @Test
    void shouldCountForcedDeletionAndReportGapToDurableReader()
    {
        final RetentionPolicy forced = RetentionPolicy.builder().maxSegments(2).forceDelete(true).build();
        try (JournalWriter writer = Journal.writer(root, config(forced));
             JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "slow"))
        {
            Journal.resume(reader, saved);
            writeUntilSegment(writer, 6);
            final List<Long> seen = new ArrayList<>();
            reader.read(JournalReaderTest.collect(seen), 10);
            saved.set(reader.position());

            await().atMost(Duration.ofSeconds(10)).until(() -> writer.applyRetention().deleted() >= 0 &&
                writer.deletedSegments() == 5);
            assertThat(writer.forcedDeletions()).isEqualTo(5);

            // The reader still maps segment 0 and finishes it, then reports the gap instead of skipping.
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read(JournalReaderTest.collect(seen), 1000) < 0);
            assertThat(reader.exhausted()).isEqualTo(ReadError.FAILED);
            assertThat(reader.missingSegment()).isEqualTo(1);
            assertThat(reader.position()).isEqualTo(JournalPosition.of(1, 0));
            JournalReaderTest.checkSequence(seen);
            assertThat(reader.read(JournalReaderTest.collect(seen), 10)).isEqualTo(ReadError.FAILED.code());
        }
    }

    @Test
    void shouldApplyRetentionFromAnotherProcessWithoutTouchingOpenSegments()
    {
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.KEEP_ALL)))
        {
            writeUntilSegment(writer, 5);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                Segments.state(root, JOURNAL, 4) == Segments.State.CLOSED && Journal.segments(root, JOURNAL).length == 8);
            final RetentionResult result =
                Journal.applyRetention(root, JOURNAL, RetentionPolicy.builder().maxSegments(1).build());
            // Segments 6 and 7 are pre-created spares, the newest kept; open segment 5 stops the pass.
            assertThat(result.deleted()).isEqualTo(5);
            assertThat(Journal.segments(root, JOURNAL)).containsExactly(5, 6, 7);
        }
    }

    @Test
    void shouldNotCountSparesCreatedAheadWhenAppliedFromAnotherProcess()
    {
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.KEEP_ALL)))
        {
            writeUntilSegment(writer, 5);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                Segments.state(root, JOURNAL, 4) == Segments.State.CLOSED && Journal.segments(root, JOURNAL).length == 8);
            final RetentionResult result =
                Journal.applyRetention(root, JOURNAL, RetentionPolicy.builder().maxSegments(3).build());
            // Segments 6 and 7 are empty spares created ahead: the three data segments kept are 3, 4 and 5.
            assertThat(result.deleted()).isEqualTo(3);
            assertThat(Journal.segments(root, JOURNAL)).containsExactly(3, 4, 5, 6, 7);
            writeUntilSegment(writer, 7);
        }
        assertThat(Journal.applyRetention(root, JOURNAL, RetentionPolicy.builder().maxSegments(3).build()).deleted())
            .isEqualTo(2);
        assertThat(Journal.segments(root, JOURNAL)).containsExactly(5, 6, 7);
    }

    @Test
    void shouldReportWhetherASegmentFileWasActuallyDeleted()
    {
        try (JournalWriter writer = Journal.writer(root, config(RetentionPolicy.KEEP_ALL)))
        {
            writeUntilSegment(writer, 2);
        }
        // A pass that lost the race to another one finds nothing to delete, and must not count it.
        assertThat(Segments.delete(root, JOURNAL, 0)).isTrue();
        assertThat(Segments.delete(root, JOURNAL, 0)).isFalse();
        assertThat(Segments.delete(root, JOURNAL, 99)).isFalse();
        assertThat(Journal.segments(root, JOURNAL)).containsExactly(1, 2);
    }

    @Test
    void shouldNeverDeleteASegmentAWriterHolds()
    {
        final Writer[] segments = new Writer[3];
        for (int i = 0; i < segments.length; i++)
        {
            segments[i] = Kekbit.shmWriter(root,
                Header.of(1, Journal.channelId(JOURNAL, i), 16384, 64, 1000, TickUnit.MILLIS));
            assertThat(segments[i].write(new byte[] {1, 2, 3}, 0, 3)).isPositive();
        }
        try
        {
            // Segment 0 is sealed (CLOSE stored) but its writer is still open and holds the owner lock.
            segments[0].seal();
            segments[1].close();
            assertThat(Journal.writerPid(root, JOURNAL)).isEqualTo(ProcessHandle.current().pid());
            final RetentionResult result =
                Journal.applyRetention(root, JOURNAL, RetentionPolicy.builder().maxSegments(1).build());
            assertThat(result.deleted()).isZero();
            assertThat(Journal.segments(root, JOURNAL)).containsExactly(0, 1, 2);
            segments[0].close();
            assertThat(Journal.applyRetention(root, JOURNAL, RetentionPolicy.builder().maxSegments(1).build())
                .deleted()).isEqualTo(2);
            assertThat(Journal.segments(root, JOURNAL)).containsExactly(2);
            assertThat(StorageDescriptor.ownerPath(root, Journal.channelId(JOURNAL, 0)))
                .as("the owner file goes with its segment").doesNotExist();
        }
        finally
        {
            for (final Writer segment : segments)
            {
                segment.close();
            }
        }
    }

    private void writeUntilSegment(final JournalWriter writer, final long segment)
    {
        while (writer.segment() < segment)
        {
            assertThat(writer.write(buffer, 0, JournalTestProcess.encode(nextSeq++, buffer))).isPositive();
        }
    }
}
