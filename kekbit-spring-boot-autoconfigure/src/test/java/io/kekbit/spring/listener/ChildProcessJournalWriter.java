package io.kekbit.spring.listener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalConfig;
import io.kekbit.journal.JournalWriter;

/**
 * Main class run in a child JVM by {@link KekbitJournalListenerTests}: opens a journal writer with 16 KiB segments and
 * a timeout, writes records, prints {@code WRITTEN} and then does nothing, with the writer open, until the test kills
 * the process.
 */
public final class ChildProcessJournalWriter
{
    private ChildProcessJournalWriter()
    {
    }

    /**
     * Writes records {@code record-<i>} for i in {@code from..to-1}, then waits to be killed.
     *
     * @param args root folder, journal id, from, to, writer timeout in milliseconds.
     * @throws InterruptedException never in practice: the process is killed.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Path root = Path.of(args[0]);
        final int journalId = Integer.parseInt(args[1]);
        final int from = Integer.parseInt(args[2]);
        final int to = Integer.parseInt(args[3]);
        final JournalWriter writer = Journal.writer(root, JournalConfig.builder(journalId).segmentCapacity(16 << 10)
            .maxMessageLength(100).timeout(Duration.ofMillis(Long.parseLong(args[4]))).build());
        for (int i = from; i < to; i++)
        {
            if (writer.write(KekbitJournalListenerTests.record(i).getBytes(StandardCharsets.UTF_8)) <= 0)
            {
                throw new IllegalStateException("write refused: record " + i);
            }
        }
        System.out.println("WRITTEN " + writer.segment());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
