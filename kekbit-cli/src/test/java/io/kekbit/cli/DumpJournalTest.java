package io.kekbit.cli;

import static io.kekbit.cli.JournalFixture.payload;
import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalWriter;
import io.kekbit.journal.RetentionPolicy;
import io.kekbit.journal.RetentionResult;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpJournalTest
{
    private static final int RECORDS = 3000;

    @TempDir
    Path root;

    @Test
    void shouldDumpEveryRecordOnceInOrderAcrossRolls()
    {
        JournalFixture.writeClosed(root, 7, RECORDS);
        assertThat(Journal.segments(root, 7)).hasSizeGreaterThanOrEqualTo(4);
        final Cli cli = Cli.run("dump", root.toString(), "7", "--journal");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.err()).isEmpty();
        final List<String> lines = cli.outLines();
        assertThat(lines).hasSize(RECORDS + 1).endsWith("END\tWATERMARK");
        // Every record once, in order, independently of the journal reader...
        long previous = -1;
        for (int i = 0; i < RECORDS; i++)
        {
            final String[] fields = lines.get(i).split("\t");
            assertThat(fields[1]).isEqualTo("9");
            assertThat(fields[2]).isEqualTo(payload(i));
            final String[] position = fields[0].split(":");
            final long journalPosition = JournalPosition.of(Long.parseLong(position[0]), Long.parseLong(position[1]));
            assertThat(journalPosition).isGreaterThan(previous);
            previous = journalPosition;
        }
        // ...and at exactly the positions the journal API reports.
        final List<String> expected = JournalFixture.textLines(JournalFixture.records(root, 7));
        expected.add("END\tWATERMARK");
        assertThat(lines).containsExactlyElementsOf(expected);
        assertThat(lines.get(0)).isEqualTo("0:8\t9\trec-00000");
        assertThat(lines).contains("1:8\t9\t" + payload(firstInSegment(lines, 1)));
    }

    private static int firstInSegment(final List<String> lines, final int segment)
    {
        for (int i = 0; i < lines.size(); i++)
        {
            if (lines.get(i).startsWith(segment + ":"))
            {
                return i;
            }
        }
        throw new AssertionError("no record in segment " + segment);
    }

    @Test
    void shouldStartFromAMidJournalPosition()
    {
        JournalFixture.writeClosed(root, 7, RECORDS);
        final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
        final JournalFixture.Record middle = records.get(1500);
        assertThat(JournalPosition.segment(middle.position)).isPositive();
        final String text = JournalPosition.toString(middle.position);
        final Cli cli = Cli.run("dump", root.toString(), "7", "--journal", "--from", text, "--max", "3");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).containsExactly(records.get(1500).textLine(), records.get(1501).textLine(),
            records.get(1502).textLine(), "END\tMAX");
        final Cli number = Cli.run("dump", root.toString(), "7", "--journal",
            "--from", Long.toString(middle.position), "--max", "3");
        assertThat(number.out()).isEqualTo(cli.out());
        final Cli toEnd = Cli.run("dump", root.toString(), "7", "--journal", "--from", text);
        assertThat(toEnd.outLines()).hasSize(RECORDS - 1500 + 1).startsWith(middle.textLine())
            .endsWith(records.get(RECORDS - 1).textLine(), "END\tWATERMARK");
    }

    @Test
    void shouldPrintJournalPositionsInHexAndJson()
    {
        JournalFixture.writeClosed(root, 7, RECORDS);
        final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
        final Cli json = Cli.run("dump", root.toString(), "7", "--journal", "--format", "json", "--max", "1");
        assertThat(json.outLines()).containsExactly(
            "{\"position\":8,\"segment\":0,\"offset\":8,\"length\":9,\"hex\":\"7265632d3030303030\"," +
            "\"text\":\"rec-00000\"}", "{\"end\":\"MAX\"}");
        final Cli segmentOne = Cli.run("dump", root.toString(), "7", "--journal", "--format", "json",
            "--from", "1:8", "--max", "1");
        final String payload = records.stream().filter(r -> r.position == ((1L << 32) | 8)).findFirst()
            .orElseThrow().payload;
        assertThat(segmentOne.outLines()).first().asString().startsWith(
            "{\"position\":4294967304,\"segment\":1,\"offset\":8,\"length\":9,").endsWith(
            "\"text\":\"" + payload + "\"}");
        final Cli hex = Cli.run("dump", root.toString(), "7", "--journal", "--format", "hex", "--max", "1");
        assertThat(hex.outLines()).containsExactly("0:8\t9\t7265632d3030303030", "END\tMAX");
    }

    @Test
    void shouldEndWithWatermarkWhileTheWriterIsOpen()
    {
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            JournalFixture.write(writer, 0, RECORDS);
            final Cli cli = Cli.run("dump", root.toString(), "7", "--journal");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.outLines()).hasSize(RECORDS + 1).endsWith(
                JournalFixture.records(root, 7).get(RECORDS - 1).textLine(), "END\tWATERMARK");
        }
    }

    @Test
    void shouldReportAGapAfterAForcedRetentionDelete()
    {
        JournalFixture.writeClosed(root, 7, RECORDS);
        final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
        final long audit = records.get(100).position;
        assertThat(JournalPosition.segment(audit)).isZero();
        try (DurablePosition saved = Journal.durablePosition(root, 7, "audit"))
        {
            saved.set(audit);
        }
        final long[] before = Journal.segments(root, 7);
        final RetentionResult result = Journal.applyRetention(root, 7,
            RetentionPolicy.builder().maxSegments(2).forceDelete(true).build());
        assertThat(result.forced()).isPositive();
        final long oldest = Journal.segments(root, 7)[0];
        assertThat(oldest).isEqualTo(before[before.length - 2]);

        final Cli cli = Cli.run("dump", root.toString(), "7", "--journal", "--from", JournalPosition.toString(audit));
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.outLines()).containsExactly("END\tFAILED");
        assertThat(cli.errLines()).containsExactly("kekbit dump: gap in journal 7 (0x00000007): segment 0 is " +
            "missing (no file " + Journal.segmentPath(root, 7, 0) + ") but later segments exist: it was deleted, " +
            "for example by a forced retention, before it was read; --from " + oldest + ":0 skips the gap");

        final Cli skipped = Cli.run("dump", root.toString(), "7", "--journal", "--from", oldest + ":0", "--max", "1");
        assertThat(skipped.exitCode()).isZero();
        assertThat(skipped.outLines()).first().asString().startsWith(oldest + ":8\t9\trec-");
        // Without --from the dump starts at the oldest remaining segment: no gap there.
        final Cli fromOldest = Cli.run("dump", root.toString(), "7", "--journal", "--max", "1");
        assertThat(fromOldest.outLines()).containsExactly(skipped.outLines().toArray(new String[0]));
    }

    @Test
    void shouldReportAGapMetWhileReading() throws IOException
    {
        JournalFixture.writeClosed(root, 7, RECORDS);
        final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
        Files.delete(Journal.segmentPath(root, 7, 2));
        final Cli cli = Cli.run("dump", root.toString(), "7", "--journal");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        final List<String> expected = new ArrayList<>();
        for (final JournalFixture.Record record : records)
        {
            if (JournalPosition.segment(record.position) < 2)
            {
                expected.add(record.textLine());
            }
        }
        expected.add("END\tFAILED");
        assertThat(cli.outLines()).containsExactlyElementsOf(expected);
        assertThat(cli.errLines()).containsExactly("kekbit dump: gap in journal 7 (0x00000007): segment 2 is " +
            "missing (no file " + Journal.segmentPath(root, 7, 2) + ") but later segments exist: it was deleted, " +
            "for example by a forced retention, before it was read; --from 3:0 skips the gap");
    }

    @Test
    void shouldReportACorruptSegment() throws IOException
    {
        JournalFixture.writeClosed(root, 7, RECORDS);
        final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
        final Path file = Journal.segmentPath(root, 7, 1);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(ChannelHeaderDescriptor.DATA_OFFSET + 8 + 2 * 24);
            raf.write(new byte[] {(byte)0xc8, 0, 0, 0, 0, 0, 0, 0});
        }
        final Cli cli = Cli.run("dump", root.toString(), "7", "--journal");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        final int inSegmentZero = (int)records.stream().filter(r -> JournalPosition.segment(r.position) == 0).count();
        assertThat(cli.outLines()).hasSize(inSegmentZero + 3).endsWith(
            "1:8\t9\t" + payload(inSegmentZero), "1:32\t9\t" + payload(inSegmentZero + 1), "END\tFAILED");
        assertThat(cli.errLines()).containsExactly("kekbit dump: corrupt journal segment " + file +
            ": invalid length word 0x00000000000000c8 at position 1:56 (max message length 120)");
    }

    @Test
    void shouldRejectBadInput()
    {
        final Cli range = Cli.run("dump", root.toString(), "4294967296", "--journal");
        assertThat(range.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(range.errLines()).containsExactly("kekbit dump: Invalid value for positional parameter " +
            "'CHANNEL_ID': journal id 4294967296 is out of range (with --journal it is " +
            "1..4294967295 or 0xffffffff; 0 is reserved: its folder holds the ordinary channels)",
            "Try 'kekbit dump --help' for more information.");
        final Cli zero = Cli.run("dump", root.toString(), "0", "--journal");
        assertThat(zero.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(zero.errLines()).first().asString().contains("journal id 0 is out of range");
        final Cli missing = Cli.run("dump", root.toString(), "0xffffffff", "--journal");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.errLines()).containsExactly("kekbit dump: unknown journal 4294967295 (0xffffffff): " +
            "no folder " + Journal.folder(root, -1));
        final Path noRoot = root.resolve("nope");
        final Cli rootMissing = Cli.run("dump", noRoot.toString(), "7", "--journal");
        assertThat(rootMissing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(rootMissing.errLines()).containsExactly("kekbit dump: root folder not found: " + noRoot);

        JournalFixture.writeClosed(root, 7, 10);
        final Cli notPosition = Cli.run("dump", root.toString(), "7", "--journal", "--from", "3:");
        assertThat(notPosition.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(notPosition.errLines()).first().isEqualTo("kekbit dump: Invalid value for option '--from': " +
            "'3:' is not a journal position (expected SEGMENT:OFFSET, for example 3:4096, or the 64-bit position " +
            "as one number)");
        final Cli unaligned = Cli.run("dump", root.toString(), "7", "--journal", "--from", "0:12");
        assertThat(unaligned.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unaligned.out()).isEmpty();
        assertThat(unaligned.errLines()).containsExactly("kekbit dump: invalid --from 0:12: UNALIGNED in journal 7 " +
            "(0x00000007) (not a multiple of 8, or inside a record; segments are 0..0); valid positions are " +
            "SEGMENT:OFFSET of a record, the end of a segment's data, or NEXT:0 right after the newest segment");
        final Cli future = Cli.run("dump", root.toString(), "7", "--journal", "--from", "5:8");
        assertThat(future.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(future.errLines()).singleElement().asString().startsWith(
            "kekbit dump: invalid --from 5:8: UNAVAILABLE in journal 7 (0x00000007) (beyond the written data, or a " +
            "segment that does not exist yet; segments are 0..0)");
        final Cli next = Cli.run("dump", root.toString(), "7", "--journal", "--from", "1:0");
        assertThat(next.exitCode()).isZero();
        assertThat(next.outLines()).containsExactly("END\tWATERMARK");
    }
}
