package io.kekbit.cli;

import static io.kekbit.cli.JournalFixture.payload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalWriter;
import io.kekbit.journal.RetentionPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TailJournalTest
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @RegisterExtension
    final TailThreads tails = new TailThreads();

    private void stop(final Cli tail) throws InterruptedException
    {
        final Thread thread = tails.thread(0);
        thread.interrupt();
        thread.join(WAIT.toMillis());
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
    }

    @Test
    void shouldFollowRecordsWrittenAfterItStartedAcrossRolls() throws InterruptedException
    {
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            JournalFixture.write(writer, 0, 10);
            final Cli tail = tails.start("tail", root.toString(), "7", "--journal", "--idle", "sleep-1ms");
            await().atMost(WAIT).until(() -> tail.outLines().size() == 10);
            assertThat(tail.outLines().get(0)).isEqualTo("0:8\t9\trec-00000");
            // 3,000 more records: several rolls while the tail follows.
            JournalFixture.write(writer, 10, 3010);
            assertThat(writer.segment()).isGreaterThanOrEqualTo(3);
            await().atMost(WAIT).until(() -> tail.outLines().size() == 3010);
            stop(tail);
            assertThat(tail.outLines()).containsExactlyElementsOf(
                JournalFixture.textLines(JournalFixture.records(root, 7)));
            assertThat(tail.err()).isEmpty();
        }
    }

    @Test
    void shouldWaitForTheNextSegmentAfterTheWriterClosedAndFollowTheNextWriter() throws InterruptedException
    {
        JournalFixture.writeClosed(root, 7, 5);
        final Cli tail = tails.start("tail", root.toString(), "7", "--journal", "--idle", "sleep-1ms");
        await().atMost(WAIT).until(() -> tail.outLines().size() == 5);
        // The closed journal does not end the tail: a later writer continues in segment 1.
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            JournalFixture.write(writer, 5, 7);
        }
        await().atMost(WAIT).until(() -> tail.outLines().size() == 7);
        stop(tail);
        assertThat(tail.outLines()).endsWith("1:8\t9\t" + payload(5), "1:32\t9\t" + payload(6));
    }

    @Test
    void shouldWaitForAJournalWithNoSegmentYet() throws InterruptedException
    {
        final Cli tail = tails.start("tail", root.toString(), "0x7", "--journal", "--format", "json", "--max", "2");
        await().atMost(WAIT).until(() -> tail.errLines().contains(
            "kekbit tail: waiting for journal 7 (0x00000007) at " + Journal.folder(root, 7)));
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            JournalFixture.write(writer, 0, 3);
            await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        }
        assertThat(tail.exitCode()).isZero();
        assertThat(tail.outLines()).containsExactly(
            "{\"position\":8,\"segment\":0,\"offset\":8,\"length\":9,\"hex\":\"7265632d3030303030\"," +
            "\"text\":\"rec-00000\"}",
            "{\"position\":32,\"segment\":0,\"offset\":32,\"length\":9,\"hex\":\"7265632d3030303031\"," +
            "\"text\":\"rec-00001\"}",
            "{\"end\":\"MAX\"}");
    }

    @Test
    void shouldGiveUpWaitingAfterWait()
    {
        final Cli tail = tails.start("tail", root.toString(), "7", "--journal", "--wait", "100ms");
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.errLines()).containsExactly(
            "kekbit tail: waiting for journal 7 (0x00000007) at " + Journal.folder(root, 7),
            "kekbit tail: journal 7 (0x00000007) did not appear within PT0.1S: no segment in " +
                Journal.folder(root, 7));
    }

    @Test
    void shouldStartAtTheEndOrAtAPosition()
    {
        JournalFixture.writeClosed(root, 7, 3000);
        final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
        final long segments = Journal.segments(root, 7).length;
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            final Cli end = tails.start("tail", root.toString(), "7", "--journal", "--from", "end", "--max", "1");
            await().atMost(WAIT).until(() ->
            {
                JournalFixture.write(writer, 3000, 3001);
                return end.exitCode() >= 0;
            });
            assertThat(end.outLines()).hasSize(2).endsWith("END\tMAX");
            assertThat(end.outLines().get(0)).matches(segments + ":\\d+\t9\trec-030\\d\\d");
        }
        final JournalFixture.Record record = records.get(2000);
        final Cli from = Cli.run("tail", root.toString(), "7", "--journal",
            "--from", JournalPosition.toString(record.position), "--max", "2");
        assertThat(from.exitCode()).isZero();
        assertThat(from.outLines()).containsExactly(record.textLine(), records.get(2001).textLine(), "END\tMAX");
    }

    @Test
    void shouldStopAtAGapWithFailed() throws Exception
    {
        JournalFixture.writeClosed(root, 7, 3000);
        java.nio.file.Files.delete(Journal.segmentPath(root, 7, 1));
        final Cli tail = tails.start("tail", root.toString(), "7", "--journal");
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.outLines()).last().isEqualTo("END\tFAILED");
        assertThat(tail.errLines()).singleElement().asString().startsWith(
            "kekbit tail: gap in journal 7 (0x00000007): segment 1 is missing").endsWith("--from 2:0 skips the gap");
    }

    @Test
    void shouldStopWithFailedWhenRetentionDeletesTheNextSegmentWhileTheTailIsHeldUp()
    {
        try (JournalWriter writer = JournalFixture.writer(root, 7))
        {
            JournalFixture.write(writer, 0, 10);
            // Like a tail piped into a pager that stopped reading: it blocks printing its first record, with
            // segment 0 open.
            final Cli tail = Cli.prepared();
            tail.stdout().hold();
            tails.start(tail, "tail", root.toString(), "7", "--journal", "--idle", "sleep-1ms");
            await().atMost(WAIT).until(tail.stdout()::isBlocked);
            JournalFixture.write(writer, 10, 3010);
            assertThat(writer.segment()).isGreaterThanOrEqualTo(4);
            final List<JournalFixture.Record> records = JournalFixture.records(root, 7);
            // The tail is not a registered durable reader, so retention does not wait for it. The writer's background
            // thread unmaps full segments on its own time: retry until segments 0 and 1 are gone.
            final RetentionPolicy keepTwo = RetentionPolicy.builder().maxSegments(2).build();
            await().atMost(WAIT).until(() ->
            {
                Journal.applyRetention(root, 7, keepTwo);
                return Journal.segments(root, 7)[0] >= 2;
            });
            final long oldest = Journal.segments(root, 7)[0];

            tail.stdout().release();
            await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
            assertThat(tail.exitCode()).as(tail.toString()).isEqualTo(ExitCodes.ERROR);
            // Segment 0 (open in the tail, its file deleted) to the end, each record once, then the end: no skipping.
            final List<String> expected = new ArrayList<>();
            for (final JournalFixture.Record record : records)
            {
                if (JournalPosition.segment(record.position) == 0)
                {
                    expected.add(record.textLine());
                }
            }
            expected.add("END\tFAILED");
            assertThat(tail.outLines()).containsExactlyElementsOf(expected);
            assertThat(tail.errLines()).containsExactly("kekbit tail: gap in journal 7 (0x00000007): segment 1 is " +
                "missing (no file " + Journal.segmentPath(root, 7, 1) + ") but later segments exist: it was " +
                "deleted, for example by a forced retention, before it was read; --from " + oldest +
                ":0 skips the gap");
        }
    }

    @Test
    void shouldRejectAJournalIdOutOfRange()
    {
        final Cli cli = Cli.run("tail", root.toString(), "0x1_0000_0000", "--journal");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).first().isEqualTo("kekbit tail: Invalid value for positional parameter " +
            "'CHANNEL_ID': journal id 4294967296 is out of range (with --journal it is " +
            "1..4294967295 or 0xffffffff; 0 is reserved: its folder holds the ordinary channels)");
    }
}
