package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalWriter;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalCommandTest
{
    private static final String SEGMENTS =
        "  SEGMENT  STATE        RECORDS   WRITE_POS    CAPACITY    USED  FILE";
    private static final String JOURNALS =
        "JOURNAL     SEGMENTS       FIRST        LAST     RECORDS         BYTES  WRITER   STATE";
    /** 682 records of 24 bytes after the 8-byte heartbeat fill a 16 KiB segment to 16376. */
    private static final String FULL_0 =
        "        0  FULL             682       16376       16384  100.0%  0000_0000.kekbit";
    private static final String FULL_1 =
        "        1  FULL             682       16376       16384  100.0%  0000_0001.kekbit";

    @TempDir
    Path root;

    private void durable(final String name, final long position)
    {
        try (DurablePosition saved = Journal.durablePosition(root, 7, name))
        {
            saved.set(position);
        }
    }

    @Test
    void shouldListSegmentsTheWriterAndDurableReaderLag()
    {
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            JournalFixture.write(writer, 0, 1500);
            durable("audit", JournalPosition.of(1, 8));
            durable("done", writer.writeOffset());
            // The writer's background thread creates segments 3 and 4 ahead: wait until both can be opened.
            await().atMost(Duration.ofSeconds(30)).until(() -> ready(Journal.channelId(7, 3)) &&
                ready(Journal.channelId(7, 4)));
            final Cli cli = Cli.run("journal", root.toString(), "7");
            assertThat(cli.exitCode()).as(cli.toString()).isZero();
            assertThat(cli.err()).isEmpty();
            // 1500 = 682 + 682 + 136 records; segments 3 and 4 are created ahead. The audit reader's lag is the rest
            // of segment 1 (16376 - 8) plus segment 2 (8 + 136 * 24 = 3272): 19640 bytes, 682 + 136 records.
            assertThat(cli.outLines()).containsExactly(
                "journal    7 (0x00000007) in " + Journal.folder(root, 7),
                "writer     HELD by pid " + ProcessHandle.current().pid(),
                "state      OK",
                "segments   5 (0..4), 1500 records, 36024 bytes written",
                SEGMENTS, FULL_0, FULL_1,
                "        2  OPEN             136        3272       16384   20.0%  0000_0002.kekbit",
                "        3  EMPTY              0           8       16384    0.0%  0000_0003.kekbit",
                "        4  EMPTY              0           8       16384    0.0%  0000_0004.kekbit",
                "reader     audit: position 1:8, lag 19640 bytes, 818 records",
                "reader     done: position 2:3272, lag 0 bytes, 0 records");
        }
        final Cli closed = Cli.run("journal", root.toString(), "0x7");
        assertThat(closed.exitCode()).isZero();
        assertThat(closed.outLines()).containsExactly(
            "journal    7 (0x00000007) in " + Journal.folder(root, 7),
            "writer     FREE (no process holds journal.lock)",
            "state      OK",
            "segments   3 (0..2), 1500 records, 36024 bytes written",
            SEGMENTS, FULL_0, FULL_1,
            "        2  CLOSED           136        3272       16384   20.0%  0000_0002.kekbit",
            "reader     audit: position 1:8, lag 19640 bytes, 818 records",
            "reader     done: position 2:3272, lag 0 bytes, 0 records");
    }

    @Test
    void shouldPrintJson()
    {
        JournalFixture.writeClosed(root, 7, 700);
        durable("audit", JournalPosition.of(0, 8 + 8 * 24));
        final Cli cli = Cli.run("journal", root.toString(), "7", "--json");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        final Path folder = Journal.folder(root, 7);
        assertThat(cli.outLines()).containsExactly("{\"journal_id\":7,\"journal_id_hex\":\"0x00000007\"," +
            "\"folder\":\"" + folder + "\",\"state\":\"OK\",\"writer\":{\"state\":\"FREE\"},\"records\":700," +
            "\"bytes\":16816,\"segments\":[" +
            "{\"segment\":0,\"path\":\"" + folder.resolve("0000_0000.kekbit") + "\",\"state\":\"FULL\"," +
            "\"capacity\":16384,\"write_position\":16376,\"used_percent\":100.0,\"records\":682}," +
            "{\"segment\":1,\"path\":\"" + folder.resolve("0000_0001.kekbit") + "\",\"state\":\"CLOSED\"," +
            "\"capacity\":16384,\"write_position\":440,\"used_percent\":2.7,\"records\":18}]," +
            "\"readers\":[{\"name\":\"audit\",\"position\":200,\"segment\":0,\"offset\":200," +
            "\"lag_bytes\":16616,\"lag_records\":692}]}");
    }

    @Test
    void shouldApplyRetentionOnlyPastDurableReadersUnlessDeleteUnread()
    {
        JournalFixture.writeClosed(root, 7, 3000);
        assertThat(Journal.segments(root, 7)).containsExactly(0, 1, 2, 3, 4);
        durable("audit", JournalPosition.of(1, 8));
        final Cli kept = Cli.run("journal", root.toString(), "7", "--apply-retention", "--max-segments", "2");
        assertThat(kept.exitCode()).as(kept.toString()).isZero();
        assertThat(kept.outLines()).first().isEqualTo("retention  deleted 1 segment; kept segment 1 and later for " +
            "durable reader audit (--delete-unread deletes them anyway)");
        assertThat(kept.outLines()).contains("segments   4 (1..4), 2318 records, 55664 bytes written");
        assertThat(Journal.segments(root, 7)).containsExactly(1, 2, 3, 4);

        final Cli forced = Cli.run("journal", root.toString(), "7", "--apply-retention", "--max-segments", "2",
            "--delete-unread", "--json");
        assertThat(forced.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(forced.out()).startsWith("{\"retention\":{\"deleted\":2,\"forced\":2,\"blocked_segment\":-1," +
            "\"blocking_reader\":null},\"journal\":{\"journal_id\":7,");
        assertThat(forced.out()).contains("{\"name\":\"audit\",\"position\":4294967304,\"segment\":1,\"offset\":8," +
            "\"error\":\"position 1:8 is in deleted segment 1: the reader will report a gap\"}");
        assertThat(forced.errLines()).containsExactly("kekbit journal: durable reader audit of journal 7 " +
            "(0x00000007): position 1:8 is in deleted segment 1: the reader will report a gap");
        assertThat(Journal.segments(root, 7)).containsExactly(3, 4);

        final Cli noFlag = Cli.run("journal", root.toString(), "7", "--max-segments", "2");
        assertThat(noFlag.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noFlag.errLines()).first().isEqualTo("kekbit journal: --max-segments, --max-bytes, --max-age " +
            "and --delete-unread need --apply-retention");
        final Cli noLimit = Cli.run("journal", root.toString(), "7", "--apply-retention");
        assertThat(noLimit.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noLimit.errLines()).first().isEqualTo("kekbit journal: --apply-retention needs at least one of " +
            "--max-segments, --max-bytes or --max-age");
    }

    @Test
    void shouldReportACorruptSegmentAndAGap() throws IOException
    {
        JournalFixture.writeClosed(root, 7, 3000);
        final Path file = Journal.segmentPath(root, 7, 1);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(ChannelHeaderDescriptor.DATA_OFFSET + 8 + 2 * 24);
            raf.write(new byte[] {(byte)0xc8, 0, 0, 0, 0, 0, 0, 0});
        }
        Files.delete(Journal.segmentPath(root, 7, 3));
        final Cli cli = Cli.run("journal", root.toString(), "7");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.outLines()).contains("state      CORRUPT",
            "        1  CORRUPT            2          56       16384    0.3%  0000_0001.kekbit");
        assertThat(cli.errLines()).containsExactly(
            "kekbit journal: corrupt channel " + file + ": invalid length word 0x00000000000000c8 at position 56 " +
                "(max message length 120)",
            "kekbit journal: gap in journal 7 (0x00000007): segment 3 is missing between 2 and 4 in " +
                Journal.folder(root, 7));
    }

    @Test
    void shouldRejectBadInput() throws IOException
    {
        final Cli range = Cli.run("journal", root.toString(), "4294967296");
        assertThat(range.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(range.errLines()).first().asString().startsWith("kekbit journal: Invalid value for positional " +
            "parameter at index 1 (JOURNAL_ID): journal id 4294967296 is out of range (1..4294967295 or " +
            "0xffffffff; 0 is reserved: its folder holds the ordinary channels)");
        final Cli zero = Cli.run("journal", root.toString(), "0");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.errLines()).first().asString().contains("journal id 0 is out of range");
        final Cli missing = Cli.run("journal", root.toString(), "8");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.errLines()).containsExactly(
            "kekbit journal: unknown journal 8 (0x00000008): no folder " + Journal.folder(root, 8));
        final Path noRoot = root.resolve("nope");
        final Cli rootMissing = Cli.run("journal", noRoot.toString(), "8");
        assertThat(rootMissing.errLines()).containsExactly("kekbit journal: root folder not found: " + noRoot);
        Files.createDirectories(Journal.folder(root, 8));
        final Cli empty = Cli.run("journal", root.toString(), "8");
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.outLines()).containsExactly("journal    8 (0x00000008) in " + Journal.folder(root, 8),
            "writer     FREE (no journal.lock file)", "state      OK", "segments   none");
    }

    @Test
    void shouldGroupJournalSegmentsInStat()
    {
        try (Writer channel = Kekbit.shmWriter(root, Header.of(9, 42, 0, 100, 30_000, TickUnit.MILLIS)))
        {
            channel.write("x".getBytes(StandardCharsets.UTF_8));
        }
        JournalFixture.writeClosed(root, 7, 1500);
        durable("audit", JournalPosition.of(1, 8));
        final Cli cli = Cli.run("stat", root.toString());
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).containsExactly(
            "CHANNEL             WRITER                  CAPACITY   WRITE_POS    USED    RECORDS  STATE",
            "0x000000000000002a  9                          16384          24    0.1%          1  CLOSED",
            JOURNALS,
            "0x00000007         3           0           2        1500         36024  FREE     OK",
            "  reader audit: position 1:8, lag 19640 bytes, 818 records");
        final Cli json = Cli.run("stat", root.toString(), "--json");
        assertThat(json.out()).contains("],\"journals\":[{\"journal_id\":7,").doesNotContain("0x0000000700000000");

        final Cli onlyJournal = Cli.run("stat", root.toString(), "0x0000000700000001");
        assertThat(onlyJournal.outLines()).containsExactly(
            "CHANNEL             WRITER                  CAPACITY   WRITE_POS    USED    RECORDS  STATE",
            "0x0000000700000001  5                          16384       16376  100.0%        682  FULL");
    }

    private boolean ready(final long channelId)
    {
        try (io.kekbit.core.Reader reader = Kekbit.shmReader(root, channelId))
        {
            return reader != null;
        }
        catch (final io.kekbit.core.ChannelException ex)
        {
            return false;
        }
    }
}
