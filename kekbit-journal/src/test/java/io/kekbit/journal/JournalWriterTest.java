package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.Claim;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalWriterTest
{
    private static final int JOURNAL = 7;

    @TempDir
    Path root;

    @Test
    void shouldRollToNextSegmentWhenFullAndReadEverythingInOrder()
    {
        final long count = 5_000;
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            final byte[] buffer = new byte[64];
            for (long seq = 0; seq < count; seq++)
            {
                assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq, buffer))).isPositive();
            }
            assertThat(writer.segment()).isGreaterThan(5);
            assertThat(writer.recordCount()).isEqualTo(count);
            assertThat(JournalPosition.segment(writer.writeOffset())).isEqualTo(writer.segment());
            final long active = writer.segment();
            await().atMost(Duration.ofSeconds(10)).until(() -> closedBefore(active));
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == active + 3);
        }
        assertThat(Journal.segments(root, JOURNAL)).hasSize((int)JournalPosition.segment(lastSegment()) + 1);
        final List<Long> positions = readAll(count);
        for (int i = 1; i < positions.size(); i++)
        {
            assertThat(positions.get(i)).isGreaterThan(positions.get(i - 1));
        }
        assertThat(JournalPosition.segment(positions.get(0))).isZero();
        assertThat(JournalPosition.offset(positions.get(0))).isEqualTo(8);
    }

    @Test
    void shouldRefuseJournalIdZeroWhoseFolderHoldsOrdinaryChannels() throws Exception
    {
        try (Writer channel = io.kekbit.core.Kekbit.shmWriter(root, io.kekbit.core.Header.of(
            1, 3, 16384, 100, Duration.ofSeconds(10), io.kekbit.core.TickUnit.MILLIS)))
        {
            channel.write(new byte[] {1});
        }
        final Path channelFile = StorageDescriptor.channelPath(root, 3);
        final byte[] before = Files.readAllBytes(channelFile);
        assertThatThrownBy(() -> JournalConfig.builder(0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("journal id 0 is reserved").hasMessageContaining("0000_0000");
        assertThatThrownBy(() -> Journal.reader(root, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Journal.applyRetention(root, 0, RetentionPolicy.builder().maxSegments(1).build()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Journal.durablePosition(root, 0, "audit")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readAllBytes(channelFile)).as("the ordinary channel 3 is untouched").isEqualTo(before);
        assertThat(Journal.folder(root, -1).getFileName().toString()).isEqualTo("ffff_ffff");
    }

    @Test
    void shouldRefuseRecordLongerThanMaxMessageLengthWithoutRolling()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            final byte[] tooLong = new byte[(int)writer.maxMessageLength() + 1];
            assertThat(writer.write(tooLong)).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
            assertThat(writer.write(new byte[0])).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
            assertThat(writer.tryClaim(tooLong.length, new Claim())).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
            assertThat(writer.segment()).isZero();
            assertThat(writer.write(new byte[(int)writer.maxMessageLength()])).isPositive();
        }
    }

    @Test
    void shouldRollRecordsUpToTheSegmentsMaxMessageLengthNotOnlyUpToTheConfiguredHint()
    {
        final JournalConfig config = JournalConfig.builder(JOURNAL).segmentCapacity(16 * 1024).maxMessageLength(100)
            .timeout(Duration.ofHours(1)).build();
        try (JournalWriter writer = Journal.writer(root, config))
        {
            final int longest = (int)writer.maxMessageLength();
            assertThat(longest).as("the header rounds the hint up").isGreaterThan(100);
            final byte[] record = new byte[longest];
            long written = 0;
            while (writer.segment() < 3)
            {
                assertThat(writer.write(record)).as("record %d", written).isPositive();
                written++;
            }
            assertThat(writer.recordCount()).isEqualTo(written);
        }
    }

    @Test
    void shouldRollWithClaimsEncodersBuffersAndHeartbeats()
    {
        final Claim claim = new Claim();
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            long seq = 0;
            while (writer.segment() < 3)
            {
                final long s = seq;
                final int length = JournalTestProcess.payloadLength(s);
                final long result;
                switch ((int)(seq % 4))
                {
                    case 0:
                        final long position = writer.tryClaim(length, claim);
                        assertThat(JournalPosition.segment(position)).isEqualTo(writer.segment());
                        final byte[] bytes = new byte[64];
                        JournalTestProcess.encode(s, bytes);
                        claim.buffer().putBytes(0, bytes, 0, length);
                        result = claim.commit();
                        break;
                    case 1:
                        result = writer.write(length, buffer ->
                        {
                            final byte[] bytes2 = new byte[64];
                            JournalTestProcess.encode(s, bytes2);
                            buffer.putBytes(0, bytes2, 0, length);
                            return length;
                        });
                        break;
                    case 2:
                        final byte[] bytes3 = new byte[64];
                        JournalTestProcess.encode(s, bytes3);
                        result = writer.write(ByteBuffer.wrap(bytes3, 0, length));
                        break;
                    default:
                        assertThat(writer.heartbeat()).isEqualTo(8);
                        final byte[] bytes4 = new byte[64];
                        result = writer.write(bytes4, 0, JournalTestProcess.encode(s, bytes4));
                        break;
                }
                assertThat(result).isPositive();
                seq++;
            }
            final long written = seq;
            assertThat(readAll(written)).hasSize((int)written);
        }
    }

    @Test
    void shouldRefuseSecondWriter()
    {
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            assertThatThrownBy(() -> Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
                .isInstanceOf(KekbitException.class)
                .hasMessageContaining("already has a writer");
            assertThat(writer.write(new byte[8])).isPositive();
        }
    }

    @Test
    void shouldContinueInNewSegmentAfterCloseAndDeleteUnusedSpare() throws Exception
    {
        final byte[] buffer = new byte[64];
        long seq = 0;
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            for (; seq < 100; seq++)
            {
                writer.write(buffer, 0, JournalTestProcess.encode(seq, buffer));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == 3);
        }
        assertThat(Journal.segments(root, JOURNAL)).containsExactly(0);
        assertThat(Segments.state(root, JOURNAL, 0)).isEqualTo(Segments.State.CLOSED);
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            assertThat(writer.segment()).isEqualTo(1);
            for (; seq < 200; seq++)
            {
                writer.write(buffer, 0, JournalTestProcess.encode(seq, buffer));
            }
        }
        assertThat(readAll(200)).hasSize(200);
        try (var files = Files.list(Journal.folder(root, JOURNAL)))
        {
            assertThat(files.map(p -> p.getFileName().toString()))
                .noneMatch(name -> name.endsWith(StorageDescriptor.LOCK_EXTENSION) && !name.equals(Journal.WRITER_LOCK_FILE));
        }
    }

    @Test
    void shouldFailRollInsteadOfHangingWhenBackgroundThreadDied()
    {
        // An Error escapes the spare creation of segment 3 and ends the background thread.
        final SegmentMaintainer.SegmentFactory dying = (r, header) ->
        {
            final long number = header.channelId() & 0xFFFF_FFFFL;
            if (number >= 3)
            {
                throw new AssertionError("injected failure creating segment " + number);
            }
            return io.kekbit.core.Kekbit.shmWriter(r, header);
        };
        final byte[] buffer = new byte[64];
        try (JournalWriter writer = JournalWriter.open(root, JournalTestProcess.config(JOURNAL, 16 * 1024), dying))
        {
            long seq = 0;
            while (writer.segment() < 2)
            {
                assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq++, buffer))).isPositive();
            }
            final long[] next = {seq};
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() ->
                {
                    while (true)
                    {
                        writer.write(buffer, 0, JournalTestProcess.encode(next[0]++, buffer));
                    }
                })
                    .isInstanceOf(KekbitException.class)
                    .hasMessageContaining("journal 7")
                    .hasMessageContaining("segment 3")
                    .hasMessageContaining("background thread kekbit-journal-7 stopped")
                    .hasMessageContaining("injected failure creating segment 3"));
            assertThat(writer.segment()).isEqualTo(2);
            // The thread stays dead: the next roll fails at once too.
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() -> writer.write(new byte[(int)writer.maxMessageLength()]))
                    .isInstanceOf(KekbitException.class).hasMessageContaining("segment 3"));
        }
        assertThat(Segments.state(root, JOURNAL, 2)).isEqualTo(Segments.State.CLOSED);
    }

    @Test
    void shouldRetrySpareCreationAndFailOnlyOnAFreshFailure() throws Exception
    {
        final byte[] buffer = new byte[64];
        final long[] seq = {0};
        try (JournalWriter writer = Journal.writer(root, JournalTestProcess.config(JOURNAL, 16 * 1024)))
        {
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == 3);
            // A directory occupies segment 3's file: creating it fails until the directory goes away.
            final Path blocker = Files.createDirectory(Journal.segmentPath(root, JOURNAL, 3));
            while (writer.segment() < 2)
            {
                assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq[0]++, buffer))).isPositive();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                assertThatThrownBy(() ->
                {
                    while (true)
                    {
                        final long result = writer.write(buffer, 0, JournalTestProcess.encode(seq[0], buffer));
                        assertThat(result).isPositive();
                        seq[0]++;
                    }
                })
                    .isInstanceOf(KekbitException.class)
                    .hasMessageContaining("journal 7")
                    .hasMessageContaining("could not create segment 3")
                    .hasMessageContaining(blocker.toString()));
            assertThat(writer.segment()).isEqualTo(2);
            // Let the background thread retry (and fail again) while the cause is still there.
            Thread.sleep(200);
            Files.delete(blocker);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
            {
                while (writer.segment() < 4)
                {
                    assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq[0]++, buffer))).isPositive();
                }
            });
        }
        assertThat(readAll(seq[0])).hasSize((int)seq[0]);
    }

    @Test
    void shouldCloseCurrentSegmentAndRefuseWritesWhenDisposingSparesFails()
    {
        final JournalConfig config = JournalTestProcess.config(JOURNAL, 16 * 1024);
        final SegmentMaintainer.SegmentFactory failingClose =
            (r, header) -> new FailingCloseWriter(io.kekbit.core.Kekbit.shmWriter(r, header));
        final byte[] buffer = new byte[64];
        final JournalWriter writer = JournalWriter.open(root, config, failingClose);
        long seq = 0;
        // Segments 1 on are created through the factory. Rolling into 2 retires segment 1, whose close fails on the
        // background thread, which then dies; the current segment 2 and the spares fail to close as well.
        while (writer.segment() < 2)
        {
            assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq++, buffer))).isPositive();
        }
        final long written = seq;
        assertThat(Journal.segments(root, JOURNAL)).startsWith(0, 1, 2);
        assertThatThrownBy(writer::close).isInstanceOf(KekbitException.class)
            .hasMessageContaining("injected close failure");
        assertThat(writer.isClosed()).isTrue();
        assertThat(writer.write(new byte[8])).isEqualTo(Writer.CLOSED);
        assertThat(writer.heartbeat()).isEqualTo(Writer.CLOSED);
        assertThat(writer.tryClaim(8, new Claim())).isEqualTo(Writer.CLOSED);
        writer.close();
        assertThat(Segments.state(root, JOURNAL, 2)).as("the current segment is closed").isEqualTo(Segments.State.CLOSED);
        assertThat(Journal.segments(root, JOURNAL)).as("the spares are deleted").containsExactly(0, 1, 2);
        assertThat(readAll(written)).hasSize((int)written);
        try (JournalWriter again = Journal.writer(root, config))
        {
            assertThat(again.segment()).as("the lock is released").isEqualTo(3);
        }
    }

    @Test
    void shouldReplaceSpareThatCannotBeResumedAndReleaseMappingsWhenRecoveryFails() throws Exception
    {
        final JournalConfig config = JournalTestProcess.config(JOURNAL, 16 * 1024);
        final byte[] buffer = new byte[64];
        final byte[] open;
        final byte[] pristine;
        try (JournalWriter writer = Journal.writer(root, config))
        {
            for (long seq = 0; seq < 10; seq++)
            {
                writer.write(buffer, 0, JournalTestProcess.encode(seq, buffer));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> Journal.segments(root, JOURNAL).length == 3);
            // Snapshots as a killed writer leaves them: segment 0 open (no CLOSE), segment 1 created ahead.
            open = Files.readAllBytes(Journal.segmentPath(root, JOURNAL, 0));
            pristine = Files.readAllBytes(Journal.segmentPath(root, JOURNAL, 1));
        }
        // A truncated spare: readers accept it (it holds capacity + 160 bytes), a writer cannot resume it.
        final int readable = 16 * 1024 + 160;
        Files.write(Journal.segmentPath(root, JOURNAL, 0), open);
        Files.write(Journal.segmentPath(root, JOURNAL, 1), java.util.Arrays.copyOf(pristine, readable));
        assertThat(Segments.state(root, JOURNAL, 1)).isEqualTo(Segments.State.PRISTINE);
        try (JournalWriter writer = Journal.writer(root, config))
        {
            assertThat(writer.segment()).isZero();
            long seq = 10;
            while (writer.segment() < 2)
            {
                assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq++, buffer))).isPositive();
            }
            assertThat(readAll(seq)).hasSize((int)seq);
        }

        // A truncated open segment cannot be resumed: opening fails, and the spare resumed first is unmapped.
        final Path other = Files.createDirectory(root.resolve("other"));
        final Path current = Journal.segmentPath(other, JOURNAL, 0);
        final Path spare = Journal.segmentPath(other, JOURNAL, 1);
        Files.createDirectories(current.getParent());
        Files.write(current, java.util.Arrays.copyOf(open, readable));
        Files.write(spare, pristine);
        assertThat(Segments.state(other, JOURNAL, 0)).isEqualTo(Segments.State.OPEN);
        assertThatThrownBy(() -> Journal.writer(other, config)).isInstanceOf(KekbitException.class)
            .hasMessageContaining(current.toString());
        assertThat(mappedFiles()).doesNotContain(current.toString(), spare.toString());
    }

    private static String mappedFiles() throws Exception
    {
        final Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs /proc/self/maps");
        return Files.readString(maps);
    }

    private boolean closedBefore(final long active)
    {
        for (long s = 0; s < active; s++)
        {
            if (Segments.state(root, JOURNAL, s) != Segments.State.CLOSED)
            {
                return false;
            }
        }
        return true;
    }

    private long lastSegment()
    {
        final long[] segments = Journal.segments(root, JOURNAL);
        return JournalPosition.of(segments[segments.length - 1], 0);
    }

    private List<Long> readAll(final long count)
    {
        final List<Long> positions = new ArrayList<>();
        final String[] failure = {null};
        try (JournalReader reader = Journal.reader(root, JOURNAL))
        {
            await().atMost(Duration.ofSeconds(10)).until(() ->
            {
                reader.read((buffer, offset, length, position) ->
                {
                    final String error = JournalTestProcess.check(buffer, offset, length, positions.size());
                    if (error != null && failure[0] == null)
                    {
                        failure[0] = error;
                    }
                    positions.add(position);
                }, 1000);
                return positions.size() >= count || failure[0] != null;
            });
            assertThat(failure[0]).isNull();
            assertThat(reader.read((buffer, offset, length, position) -> positions.add(position), 1000)).isZero();
        }
        assertThat(positions).hasSize((int)count);
        return positions;
    }
}
