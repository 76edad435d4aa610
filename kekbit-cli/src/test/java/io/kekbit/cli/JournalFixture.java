package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Writer;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalConfig;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalReader;
import io.kekbit.journal.JournalWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Journals with 16 KiB segments for the CLI tests, and the records a {@link JournalReader} sees in them.
 */
final class JournalFixture
{
    /** Segment capacity used by the tests: the smallest channel. */
    static final long SEGMENT = 16 << 10;

    private JournalFixture()
    {
    }

    static JournalConfig config(final int journalId)
    {
        return JournalConfig.builder(journalId).segmentCapacity(SEGMENT).writerId(5).build();
    }

    static JournalWriter writer(final Path root, final int journalId)
    {
        return Journal.writer(root, config(journalId));
    }

    /**
     * The payload of record {@code i}: {@code rec-00042}, 9 bytes, so each record takes 24 bytes.
     */
    static String payload(final int i)
    {
        return String.format("rec-%05d", i);
    }

    static void write(final Writer writer, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            assertThat(writer.write(payload(i).getBytes(StandardCharsets.UTF_8))).isPositive();
        }
    }

    /**
     * Writes records {@code 0..count-1} and closes the writer.
     */
    static void writeClosed(final Path root, final int journalId, final int count)
    {
        try (JournalWriter writer = writer(root, journalId))
        {
            write(writer, 0, count);
        }
    }

    /** A record as a journal reader delivers it. */
    static final class Record
    {
        final long position;
        final String payload;

        Record(final long position, final String payload)
        {
            this.position = position;
            this.payload = payload;
        }

        String textLine()
        {
            return JournalPosition.segment(position) + ":" + JournalPosition.offset(position) + "\t" +
                payload.length() + "\t" + payload;
        }
    }

    /**
     * Reads every record from the oldest segment with the journal API, to compare the CLI's output with.
     */
    static List<Record> records(final Path root, final int journalId)
    {
        final List<Record> records = new ArrayList<>();
        try (JournalReader reader = Journal.reader(root, journalId))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                records.add(new Record(position, new String(bytes, StandardCharsets.UTF_8)));
            }, 100) > 0)
            {
                // Read to the current end.
            }
        }
        return records;
    }

    static List<String> textLines(final List<Record> records)
    {
        final List<String> lines = new ArrayList<>();
        for (final Record record : records)
        {
            lines.add(record.textLine());
        }
        return lines;
    }
}
