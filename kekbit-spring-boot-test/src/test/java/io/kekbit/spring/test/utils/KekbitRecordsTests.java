package io.kekbit.spring.test.utils;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalConfig;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link KekbitRecords} on real channels and journals in a temporary folder, written with the core's writers.
 */
class KekbitRecordsTests
{
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldReadEveryRecordWithItsPositionAndSkipHeartbeats()
    {
        try (Writer writer = writer(5))
        {
            final long a = write(writer, "a");
            writer.heartbeat();
            final long bc = write(writer, "bc");
            final long binary = writer.writeOffset();
            writer.write(new byte[] {0, -1, 2});

            final List<KekbitRecord> records = KekbitRecords.channel(root, 5).readAll();

            assertThat(records).extracting(KekbitRecord::position).containsExactly(a, bc, binary);
            assertThat(records.subList(0, 2)).extracting(KekbitRecord::asString).containsExactly("a", "bc");
            assertThat(records.get(2).bytes()).containsExactly(0, -1, 2);
            assertThat(records.get(2).length()).isEqualTo(3);
        }
    }

    @Test
    void shouldReadAClosedChannelToItsEnd()
    {
        final long first;
        try (Writer writer = writer(5))
        {
            first = write(writer, "first");
            write(writer, "last");
        }

        assertThat(KekbitRecords.channel(root, 5).readAll()).containsExactly(
            record(first, "first"), record(first + 16, "last"));
    }

    @Test
    void shouldFailToReadAChannelThatDoesNotExistNamingItsFile()
    {
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> KekbitRecords.channel(root, 9).readAll())
            .withMessage("channel 0x9 (file " + Kekbit.storagePath(root, 9) + ") does not exist");
    }

    @Test
    void shouldAwaitRecordsOfAChannelCreatedDuringTheWait() throws Exception
    {
        final CompletableFuture<List<Long>> written = CompletableFuture.supplyAsync(() ->
        {
            final List<Long> positions = new ArrayList<>();
            try (Writer writer = writer(6))
            {
                for (int i = 0; i < 5; i++)
                {
                    positions.add(write(writer, "r" + i));
                }
            }
            return positions;
        });

        final List<KekbitRecord> records = KekbitRecords.channel(root, 6).await(3, DELIVERY);

        final List<Long> positions = written.get(30, TimeUnit.SECONDS);
        assertThat(records).containsExactly(
            record(positions.get(0), "r0"), record(positions.get(1), "r1"), record(positions.get(2), "r2"));
    }

    @Test
    void shouldReturnOnlyTheFirstRecordsAskedFor()
    {
        try (Writer writer = writer(5))
        {
            final long first = write(writer, "one");
            write(writer, "two");
            write(writer, "three");

            assertThat(KekbitRecords.channel(root, 5).await(1, DELIVERY)).containsExactly(record(first, "one"));
        }
    }

    @Test
    void shouldTimeOutNamingTheChannelWhatWasReadAndWhereTheReaderStands()
    {
        try (Writer writer = writer(7))
        {
            final long a = write(writer, "a");
            final long b = write(writer, "b");

            assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> KekbitRecords.channel(root, 7).await(3, Duration.ofMillis(200)))
                .withMessage("timed out after PT0.2S waiting for 3 records on channel 0x7 (file " +
                    Kekbit.storagePath(root, 7) + "): read 2 records: " + a + ": \"a\", " + b + ": \"b\", reader at " +
                    "position " + writer.writeOffset());
        }
    }

    @Test
    void shouldTimeOutOnAChannelThatNeverAppears()
    {
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> KekbitRecords.channel(root, 8).await(1, Duration.ofMillis(100)))
            .withMessage("timed out after PT0.1S waiting for 1 record on channel 0x8 (file " +
                Kekbit.storagePath(root, 8) + "): it never appeared");
    }

    @Test
    void shouldFailAtOnceWhenTheChannelEndsBeforeTheRecordsArrive()
    {
        final long only;
        try (Writer writer = writer(8))
        {
            only = write(writer, "only");
        }

        // The timeout is far away: the failure says the channel ended, not that time ran out.
        assertThatExceptionOfType(AssertionError.class)
            .isThrownBy(() -> KekbitRecords.channel(root, 8).await(2, Duration.ofMinutes(10)))
            .withMessage("channel 0x8 (file " + Kekbit.storagePath(root, 8) + ") ended (CLOSED) before 2 records " +
                "arrived; read 1 record: " + only + ": \"only\"");
    }

    @Test
    void shouldAwaitTheFirstRecordThatMatches()
    {
        try (Writer writer = writer(5))
        {
            write(writer, "apple");
            final long banana = write(writer, "banana");
            write(writer, "blueberry");

            assertThat(KekbitRecords.channel(root, 5).awaitRecord(r -> r.asString().startsWith("b"), DELIVERY))
                .isEqualTo(record(banana, "banana"));
            assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> KekbitRecords.channel(root, 5)
                    .awaitRecord(r -> r.asString().startsWith("c"), Duration.ofMillis(100)))
                .withMessageStartingWith("timed out after PT0.1S waiting for a matching record on channel 0x5");
        }
    }

    @Test
    void shouldShowLongPayloadsShortenedInMessages()
    {
        assertThat(record(16, "x".repeat(100))).hasToString("16: \"" + "x".repeat(80) + "...\" (100 bytes)");
    }

    @Test
    void shouldReadAJournalAcrossSegmentsWithJournalPositions()
    {
        final List<String> sent = new ArrayList<>();
        try (JournalWriter writer = Journal.writer(root, JournalConfig.builder(3).segmentCapacity(16 * 1024).build()))
        {
            for (int i = 0; i < 600; i++)
            {
                final String payload = String.format("%03d", i) + "-" + "j".repeat(60);
                assertThat(writer.write(payload.getBytes(StandardCharsets.UTF_8))).isPositive();
                sent.add(payload);
            }

            final List<KekbitRecord> records = KekbitRecords.journal(root, 3).readAll();

            assertThat(records).extracting(KekbitRecord::asString).containsExactlyElementsOf(sent);
            assertThat(JournalPosition.segment(records.get(records.size() - 1).position()))
                .as("segment of the last record").isGreaterThanOrEqualTo(2);
            assertThat(KekbitRecords.journal(root, 3).await(600, DELIVERY)).isEqualTo(records);
            assertThatExceptionOfType(AssertionError.class)
                .isThrownBy(() -> KekbitRecords.journal(root, 3).await(601, Duration.ofMillis(100)))
                .withMessageStartingWith("timed out after PT0.1S waiting for 601 records on journal 3 (folder " +
                    Journal.folder(root, 3) + "): read 600 records, the last 5: ")
                .withMessageContaining(JournalPosition.toString(records.get(599).position()) + ": \"599-j");
        }
    }

    @Test
    void shouldRefuseJournalIdsOutOfRange()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> KekbitRecords.journal(root, 0))
            .withMessage("journal id out of range (allowed: 1 to 4294967295): journalId=0");
        assertThatIllegalArgumentException()
            .isThrownBy(() -> KekbitRecords.channel(root, 1).await(0, DELIVERY))
            .withMessage("count must be at least 1: count=0");
    }

    private Writer writer(final long channelId)
    {
        return Kekbit.shmWriter(root, Header.of(0, channelId, 64 * 1024, 1024, Duration.ofSeconds(30), TickUnit.MILLIS));
    }

    /** Writes a UTF-8 record and returns its position. */
    private static long write(final Writer writer, final String payload)
    {
        final long position = writer.writeOffset();
        assertThat(writer.write(payload.getBytes(StandardCharsets.UTF_8))).isPositive();
        return position;
    }

    private static KekbitRecord record(final long position, final String payload)
    {
        final byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return KekbitRecord.copyOf(java.nio.ByteBuffer.wrap(bytes), 0, bytes.length, position);
    }
}
