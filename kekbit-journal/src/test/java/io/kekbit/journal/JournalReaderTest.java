package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.ControlledRecordHandler;
import io.kekbit.core.DurablePosition;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.KekbitException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JournalReaderTest
{
    private static final int JOURNAL = 3;
    private static final int CAPACITY = 16 * 1024;

    @TempDir
    Path root;

    private final byte[] buffer = new byte[64];
    private long nextSeq;

    @Test
    void shouldWaitForFirstAndNextSegmentsWhenAheadOfWriter()
    {
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            final List<Long> seen = new ArrayList<>();
            assertThat(reader.read(collect(seen), 10)).isZero();
            assertThat(reader.position()).isZero();
            try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
            {
                write(writer, 10);
                await().atMost(Duration.ofSeconds(10)).until(() -> pollUntil(reader, seen, 10));
                writeUntilSegment(writer, 2);
                final long written = nextSeq;
                await().atMost(Duration.ofSeconds(10)).until(() -> pollUntil(reader, seen, written));
                assertThat(reader.segment()).isEqualTo(2);
            }
            final long written = nextSeq;
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read(collect(seen), 100) >= 0 && reader.segment() == 3);
            assertThat(reader.position()).isEqualTo(JournalPosition.of(3, 0));
            assertThat(reader.read(collect(seen), 10)).isZero();
            try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
            {
                assertThat(writer.segment()).isEqualTo(3);
                write(writer, 5);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> pollUntil(reader, seen, written + 5));
            assertThat(reader.exhausted()).isNull();
            checkSequence(seen);
        }
    }

    @Test
    void shouldResumeFromDurablePositionMidSegmentAndAtSegmentBoundary()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
        {
            writeUntilSegment(writer, 4);
            write(writer, 3);
        }
        final long total = nextSeq;
        final List<Long> seen = new ArrayList<>();
        long boundary = -1;
        try (JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "audit"))
        {
            assertThat(Journal.resume(reader, saved)).isEqualTo(JournalPosition.of(0, 0));
            // Read into the middle of segment 1, saving after each record.
            while (reader.segment() < 1 || JournalPosition.offset(reader.position()) < 4000)
            {
                reader.read((b, o, l, p) -> seen.add(seqOf(b, o)), 1);
                saved.set(reader.position());
            }
        }
        try (JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "audit"))
        {
            final long resumed = Journal.resume(reader, saved);
            assertThat(JournalPosition.segment(resumed)).isEqualTo(1);
            assertThat(JournalPosition.offset(resumed)).isGreaterThan(0);
            // Read to the end of segment 2: the reader then stands at (3, 0).
            while (reader.segment() < 3)
            {
                reader.read((b, o, l, p) -> seen.add(seqOf(b, o)), 100);
                saved.set(reader.position());
            }
            boundary = saved.get();
        }
        assertThat(boundary).isEqualTo(JournalPosition.of(3, 0));
        try (JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "audit"))
        {
            assertThat(Journal.resume(reader, saved)).isEqualTo(boundary);
            await().atMost(Duration.ofSeconds(10)).until(() -> pollUntil(reader, seen, total));
        }
        checkSequence(seen);
        assertThat(seen).hasSize((int)total);
    }

    @Test
    void shouldMoveOnlyToValidPositions()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
        {
            writeUntilSegment(writer, 2);
            write(writer, 1);
        }
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            assertThat(reader.moveTo(JournalPosition.of(1, 12))).isEqualTo(InvalidPosition.UNALIGNED.code());
            assertThat(reader.moveTo(JournalPosition.of(1, 16))).isEqualTo(InvalidPosition.UNALIGNED.code());
            assertThat(reader.moveTo(JournalPosition.of(5, 0))).isEqualTo(InvalidPosition.UNAVAILABLE.code());
            assertThat(reader.moveTo(-1)).isEqualTo(InvalidPosition.UNAVAILABLE.code());
            assertThat(reader.position()).isZero();
            assertThat(reader.moveTo(JournalPosition.of(3, 0))).isEqualTo(JournalPosition.of(3, 0));
            assertThat(reader.read((b, o, l, p) -> { }, 10)).isZero();
            assertThat(reader.moveTo(JournalPosition.of(1, 8))).isEqualTo(JournalPosition.of(1, 8));
            final long[] first = {-1};
            reader.read((b, o, l, p) -> first[0] = p, 1);
            assertThat(first[0]).isEqualTo(JournalPosition.of(1, 8));
        }
    }

    @Test
    void shouldRefuseToMoveIntoSegmentCreatedAheadOfAnOpenOne()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY));
             JournalReader reader = Journal.reader(root, JOURNAL))
        {
            write(writer, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == 3);
            assertThat(reader.moveTo(JournalPosition.of(1, 0))).isEqualTo(InvalidPosition.UNAVAILABLE.code());
            assertThat(reader.moveTo(JournalPosition.of(1, 8))).isEqualTo(InvalidPosition.UNAVAILABLE.code());
            assertThat(reader.moveTo(JournalPosition.of(2, 8))).isEqualTo(InvalidPosition.UNAVAILABLE.code());
            assertThat(reader.segment()).isZero();
            // Once segment 0 is closed, readers reach segment 1 by reading, and may move there.
            writer.seal();
            assertThat(reader.moveTo(JournalPosition.of(1, 8))).isEqualTo(JournalPosition.of(1, 8));
        }
    }

    @Test
    void shouldNotLoseRecordAbortedAtSegmentBoundary()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
        {
            writeUntilSegment(writer, 1);
            write(writer, 2);
        }
        final List<Long> seen = new ArrayList<>();
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            final boolean[] abortNextSegmentStart = {true};
            await().atMost(Duration.ofSeconds(10)).until(() ->
            {
                reader.controlledRead((b, o, l, p) ->
                {
                    if (JournalPosition.segment(p) == 1 && abortNextSegmentStart[0])
                    {
                        abortNextSegmentStart[0] = false;
                        return ControlledRecordHandler.Action.ABORT;
                    }
                    seen.add(seqOf(b, o));
                    return ControlledRecordHandler.Action.CONTINUE;
                }, 50);
                return seen.size() == nextSeq;
            });
            assertThat(abortNextSegmentStart[0]).isFalse();
        }
        checkSequence(seen);
    }

    @Test
    void shouldFailOnDeletedSegmentInsteadOfSkipping()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
        {
            writeUntilSegment(writer, 3);
        }
        Segments.delete(root, JOURNAL, 1);
        try (JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "late"))
        {
            final List<Long> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read(collect(seen), 100) < 0);
            assertThat(reader.exhausted()).isEqualTo(io.kekbit.core.ReadError.FAILED);
            assertThat(reader.missingSegment()).isEqualTo(1);
            assertThat(reader.position()).isEqualTo(JournalPosition.of(1, 0));
            checkSequence(seen);
            saved.set(JournalPosition.of(1, 0));
        }
        try (JournalReader reader = Journal.reader(root, JOURNAL);
             DurablePosition saved = Journal.durablePosition(root, JOURNAL, "late"))
        {
            assertThatThrownBy(() -> Journal.resume(reader, saved))
                .isInstanceOf(KekbitException.class)
                .hasMessageContaining("journal 3")
                .hasMessageContaining("position 1:0 (segment:offset) is UNAVAILABLE")
                .hasMessageContaining("segments present: [0, 2, 3]");
            assertThat(reader.moveTo(JournalPosition.of(2, 0))).isEqualTo(JournalPosition.of(2, 0));
            assertThat(reader.exhausted()).isNull();
        }
    }

    @ParameterizedTest(name = "sealed before close: {0}")
    @ValueSource(booleans = {false, true})
    void shouldSeeNextWriterRecordsAfterCloseWhenReaderAlreadyEnteredTheSpare(final boolean seal)
    {
        final List<Long> seen = new ArrayList<>();
        final byte[] record = new byte[8];
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
            {
                if (seal)
                {
                    write(writer, 10);
                    writer.seal();
                }
                else
                {
                    // 16-byte records from offset 8 end exactly at capacity - 8: the segment is full, not closed.
                    while (JournalPosition.offset(writer.writeOffset()) < CAPACITY - 8)
                    {
                        assertThat(writer.write(record, 0, encodeSeq(nextSeq++, record))).isPositive();
                    }
                    assertThat(writer.segment()).isZero();
                    assertThat(writer.available()).isEqualTo(8);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == 3);
                // The reader reaches the end of segment 0 and moves into spare segment 1, onto its heartbeat.
                await().atMost(Duration.ofSeconds(10)).until(() -> pollUntil(reader, seen, nextSeq) &&
                    reader.position() == JournalPosition.of(1, 8));
            }
            for (int i = 0; i < 5; i++)
            {
                assertThat(reader.read(collect(seen), 100)).isGreaterThanOrEqualTo(0);
            }
            try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
            {
                write(writer, 3);
            }
            final long written = nextSeq;
            await().atMost(Duration.ofSeconds(10)).until(() -> pollUntil(reader, seen, written));
            assertThat(reader.exhausted()).isNull();
        }
        checkSequence(seen);
        assertThat(seen).hasSize((int)nextSeq);
    }

    private static int encodeSeq(final long seq, final byte[] record)
    {
        ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).putLong(0, seq);
        return record.length;
    }

    @Test
    void shouldStartAtNewOldestSegmentWhenRetentionDeletedTheListedOneBeforeTheOpen()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, CAPACITY)))
        {
            writeUntilSegment(writer, 3);
        }
        final long[] listed = Journal.segments(root, JOURNAL);
        assertThat(listed).containsExactly(0, 1, 2, 3);
        // Retention deletes segment 0 between the reader's listing and its open.
        Segments.delete(root, JOURNAL, 0);
        try (JournalReader reader = new JournalReader(root, JOURNAL, listed))
        {
            assertThat(reader.exhausted()).isNull();
            assertThat(reader.missingSegment()).isEqualTo(-1);
            assertThat(reader.segment()).isEqualTo(1);
            final List<Long> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.read(collect(seen), 1000) == 0 &&
                !seen.isEmpty() && seen.get(seen.size() - 1) == nextSeq - 1);
            assertThat(reader.exhausted()).isNull();
            for (int i = 1; i < seen.size(); i++)
            {
                assertThat(seen.get(i)).isEqualTo(seen.get(i - 1) + 1);
            }
        }
    }

    static long seqOf(final ByteBuffer buffer, final int offset)
    {
        return buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    static io.kekbit.core.RecordHandler collect(final List<Long> seen)
    {
        return (b, o, l, p) -> seen.add(seqOf(b, o));
    }

    static boolean pollUntil(final JournalReader reader, final List<Long> seen, final long count)
    {
        reader.read(collect(seen), 1000);
        return seen.size() >= count;
    }

    static void checkSequence(final List<Long> seen)
    {
        for (int i = 0; i < seen.size(); i++)
        {
            assertThat(seen.get(i)).as("record %d", i).isEqualTo(i);
        }
    }

    private void write(final JournalWriter writer, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            assertThat(writer.write(buffer, 0, JournalTestProcess.encode(nextSeq++, buffer))).isPositive();
        }
    }

    private void writeUntilSegment(final JournalWriter writer, final long segment)
    {
        while (writer.segment() < segment)
        {
            write(writer, 1);
        }
    }
}
