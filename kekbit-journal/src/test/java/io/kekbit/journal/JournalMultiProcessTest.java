package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.Test;

/**
 * Two million records across more than a thousand 64 KiB segments, read live by three reader JVMs that start
 * before the first segment exists and compare checksums with the writer's.
 */
class JournalMultiProcessTest
{
    private static final int JOURNAL = 21;
    private static final long RECORDS = 2_000_000;
    private static final int READERS = 3;
    private static final long CAPACITY = 64 * 1024;

    @Test
    void shouldDeliverEveryRecordOnceInOrderToEveryReaderProcess() throws Exception
    {
        try (ShmTempDir dir = new ShmTempDir("kekbit-journal-mp"))
        {
            final List<JournalTestProcess.Child> readers = new ArrayList<>();
            try
            {
                for (int i = 0; i < READERS; i++)
                {
                    readers.add(JournalTestProcess.start(
                        "read", dir.path.toString(), Integer.toString(JOURNAL), Long.toString(RECORDS)));
                }
                final CRC32C crc = new CRC32C();
                final byte[] buffer = new byte[64];
                long segments;
                try (JournalWriter writer = Journal.writer(dir.path, JournalTestProcess.config(JOURNAL, CAPACITY)))
                {
                    for (long seq = 0; seq < RECORDS; seq++)
                    {
                        final int length = JournalTestProcess.encode(seq, buffer);
                        assertThat(writer.write(buffer, 0, length)).isPositive();
                        crc.update(ByteBuffer.wrap(buffer, 0, length));
                    }
                    segments = writer.segment() + 1;
                }
                assertThat(segments).isGreaterThan(1000);
                for (final JournalTestProcess.Child reader : readers)
                {
                    assertThat(reader.readLine()).isEqualTo("OK " + RECORDS + " " + crc.getValue());
                    assertThat(reader.process.waitFor(1, TimeUnit.MINUTES)).isTrue();
                    assertThat(reader.process.exitValue()).isZero();
                }
            }
            finally
            {
                for (final JournalTestProcess.Child reader : readers)
                {
                    reader.close();
                }
            }
        }
    }
}
