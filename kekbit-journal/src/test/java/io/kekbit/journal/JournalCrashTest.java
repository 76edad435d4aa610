package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.layout.StorageDescriptor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A writer JVM is SIGKILLed again and again at random moments, many of them while it rolls (segments are 16 KiB,
 * so it rolls every few hundred records, and the background thread is nearly always creating or closing a segment);
 * a third of the runs kill it right after a roll. A reader that lives across all runs must see every committed record
 * exactly once, in order, and each new writer must continue exactly after the last record that reader saw.
 * <p>
 * Seeded: {@code -Dkekbit.journal.crash.seed=<seed>} replays a run; {@code -Dkekbit.journal.crash.runs=<n>} sets
 * the number of kills (default 50).
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "kills writer processes with kill -9 (Linux signals)")
class JournalCrashTest
{
    private static final int JOURNAL = 31;
    private static final long CAPACITY = 16 * 1024;

    @TempDir
    Path tempDir;

    @Test
    void shouldContinueAfterSigkillAtRandomMomentsWithoutLossOrDuplication() throws Exception
    {
        final long seed = Long.getLong("kekbit.journal.crash.seed", System.nanoTime());
        final int runs = Integer.getInteger("kekbit.journal.crash.runs", 50);
        System.out.println("JournalCrashTest seed=" + seed + " runs=" + runs);
        final SplittableRandom random = new SplittableRandom(seed);
        try (ShmTempDir dir = new ShmTempDir("kekbit-journal-crash");
             JournalReader live = Journal.reader(dir.path, JOURNAL))
        {
            final long[] next = {0};
            final String[] failure = {null};
            final io.kekbit.core.RecordHandler checker = (buffer, offset, length, position) ->
            {
                final String error = JournalTestProcess.check(buffer, offset, length, next[0]);
                if (error != null && failure[0] == null)
                {
                    failure[0] = error + " at " + JournalPosition.toString(position) + " (seed " + seed + ")";
                }
                next[0]++;
            };
            int selfKills = 0;
            for (int run = 0; run < runs; run++)
            {
                final boolean selfKill = random.nextInt(3) == 0;
                final int rolls = selfKill ? 1 + random.nextInt(3) : 0;
                try (JournalTestProcess.Child writer = JournalTestProcess.start("write", dir.path.toString(),
                    Integer.toString(JOURNAL), Long.toString(CAPACITY), Integer.toString(rolls)))
                {
                    final String ready = writer.readLine();
                    assertThat(ready).as("run %d seed %d", run, seed).isEqualTo("READY " + next[0]);
                    if (selfKill)
                    {
                        selfKills++;
                        assertThat(writer.process.waitFor(1, TimeUnit.MINUTES)).isTrue();
                    }
                    else
                    {
                        final long target = next[0] + random.nextInt(5_000);
                        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(1)).until(() ->
                            live.read(checker, 16) < 0 || failure[0] != null || next[0] >= target);
                        writer.kill();
                    }
                    assertThat(writer.process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
                }
                while (live.read(checker, 1024) > 0)
                {
                    // Drain every record the killed writer committed.
                }
                assertThat(failure[0]).isNull();
                assertThat(live.exhausted()).as("run %d seed %d: %s", run, seed, live).isNull();
            }
            assertThat(selfKills).isPositive();

            // A clean writer continues once more; a fresh reader sees the whole history exactly once.
            try (JournalWriter writer = Journal.writer(dir.path, JournalTestProcess.config(JOURNAL, CAPACITY)))
            {
                final byte[] buffer = new byte[64];
                for (int i = 0; i < 1_000; i++)
                {
                    final long seq = next[0] + i;
                    assertThat(writer.write(buffer, 0, JournalTestProcess.encode(seq, buffer))).isPositive();
                }
            }
            final long total = next[0] + 1_000;
            await().atMost(Duration.ofMinutes(1)).until(() -> drain(live, checker) >= 0 && next[0] >= total);
            assertThat(failure[0]).isNull();
            next[0] = 0;
            try (JournalReader fresh = Journal.reader(dir.path, JOURNAL))
            {
                await().atMost(Duration.ofMinutes(1)).until(() -> drain(fresh, checker) >= 0 && next[0] >= total);
                assertThat(fresh.exhausted()).isNull();
                assertThat(fresh.read(checker, 1024)).isZero();
            }
            assertThat(failure[0]).isNull();
            assertThat(next[0]).isEqualTo(total);
        }
    }

    private static long drain(final JournalReader reader, final io.kekbit.core.RecordHandler handler)
    {
        long result;
        while ((result = reader.read(handler, 1024)) > 0)
        {
            // Read everything available now.
        }
        return result;
    }

    @Test
    void shouldRecoverFromStaleLockHalfCreatedSegmentAndUnclosedSegment() throws Exception
    {
        final byte[] buffer = new byte[64];
        try (JournalTestProcess.Child writer = JournalTestProcess.start("write", tempDir.toString(),
            Integer.toString(JOURNAL), Long.toString(CAPACITY), "2"))
        {
            assertThat(writer.readLine()).isEqualTo("READY 0");
            assertThat(writer.process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        final long[] segments = Journal.segments(tempDir, JOURNAL);
        final long last = segments[segments.length - 1];
        // Add a half-created segment after the last one, as a writer killed inside Kekbit.shmWriter leaves it.
        final long channelId = Journal.channelId(JOURNAL, last + 1);
        Files.write(StorageDescriptor.lockPath(tempDir, channelId), "999999999\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(StorageDescriptor.channelPath(tempDir, channelId), new byte[100]);

        final long[] count = {0};
        try (JournalReader reader = Journal.reader(tempDir, JOURNAL))
        {
            while (reader.read((b, o, l, p) -> count[0]++, 1024) > 0)
            {
                // Count the committed records.
            }
            try (JournalWriter recovered = Journal.writer(tempDir, JournalTestProcess.config(JOURNAL, CAPACITY)))
            {
                // The stale lock and partial file are gone; the background thread may re-create that number as
                // the next spare, so wait for its own lock to go.
                await().atMost(Duration.ofSeconds(30))
                    .until(() -> !Files.exists(StorageDescriptor.lockPath(tempDir, channelId)));
                final Path path = StorageDescriptor.channelPath(tempDir, channelId);
                assertThat(!Files.exists(path) || Files.size(path) > 100).isTrue();
                for (long s = 0; s < recovered.segment(); s++)
                {
                    assertThat(Segments.state(tempDir, JOURNAL, s)).as("segment %d", s)
                        .isEqualTo(Segments.State.CLOSED);
                }
                for (int i = 0; i < 500; i++)
                {
                    assertThat(recovered.write(buffer, 0, JournalTestProcess.encode(count[0] + i, buffer)))
                        .isPositive();
                }
            }
            final long total = count[0] + 500;
            count[0] = 0;
        }
        final java.util.List<Long> seen = new java.util.ArrayList<>();
        try (JournalReader reader = Journal.reader(tempDir, JOURNAL))
        {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                reader.read(JournalReaderTest.collect(seen), 1024) == 0 && reader.exhausted() == null &&
                reader.read(JournalReaderTest.collect(seen), 1024) == 0);
        }
        JournalReaderTest.checkSequence(seen);
        assertThat(seen.size()).isGreaterThan(500);
    }
}
