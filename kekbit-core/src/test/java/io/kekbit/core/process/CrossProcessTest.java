package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One writer JVM and four reader JVMs: a million records of 8..64 bytes; every reader, started before the writer
 * (it waits with {@code tryShmReader}) or while it writes, must report the writer's count and CRC32 over all payloads,
 * and must have seen the sequence numbers in order. Record count: system property {@code kekbit.cross.records}.
 */
class CrossProcessTest
{
    private static final int READERS = 4;
    private static final long CHANNEL_ID = 0x0001_0002_0003_0004L;
    private static final Duration WAIT = Duration.ofMinutes(3);

    private Path root;

    @BeforeEach
    void createRoot() throws IOException
    {
        root = ProcessTests.shmTempDir("kekbit-" + getClass().getSimpleName() + "-");
    }

    @AfterEach
    void deleteRoot() throws IOException
    {
        ProcessTests.deleteTree(root);
    }

    @Test
    void fourReaderJvmsSeeExactlyTheWritersSequence()
    {
        final int records = ProcessTests.intProperty("kekbit.cross.records", 1_000_000);
        final long capacity = 128L << 20;
        final List<ChildJvm> children = new ArrayList<>();
        try
        {
            // Three readers start before the writer; the fourth once the writer is running.
            for (int i = 0; i < READERS - 1; i++)
            {
                children.add(ChildJvm.start(ReaderChild.class, root.toString(), Long.toString(CHANNEL_ID)));
            }
            for (final ChildJvm reader : children)
            {
                reader.awaitLine("STARTED", WAIT);
            }
            final ChildJvm writer = ChildJvm.start(WriterChild.class, "stream", root.toString(),
                Long.toString(CHANNEL_ID), Long.toString(capacity), Integer.toString(records));
            children.add(writer);
            writer.awaitLine("READY", WAIT);
            final ChildJvm late = ChildJvm.start(ReaderChild.class, root.toString(), Long.toString(CHANNEL_ID));
            children.add(late);

            final String done = writer.awaitLine("DONE", WAIT);
            assertThat(writer.waitFor(WAIT)).as(writer.describe()).isZero();
            assertThat(writer.stderr()).as(writer.describe()).isEmpty();
            final String[] parts = done.split(" ");
            assertThat(Long.parseLong(parts[1])).isEqualTo(records);
            final String expected = "RESULT " + parts[1] + " " + parts[2];
            final double seconds = Long.parseLong(parts[3]) / 1e9;
            System.out.printf("CrossProcessTest: writer wrote %d records in %.3f s: %.0f records/s (JDK %d)%n",
                records, seconds, records / seconds, Runtime.version().feature());

            for (final ChildJvm child : children)
            {
                if (child == writer)
                {
                    continue;
                }
                assertThat(child.waitFor(WAIT)).as(child.describe()).isZero();
                assertThat(child.stdout().lines()).as(child.describe()).contains(expected);
                assertThat(child.stderr()).as(child.describe()).isEmpty();
            }
        }
        finally
        {
            for (final ChildJvm child : children)
            {
                child.close();
            }
        }
    }
}
