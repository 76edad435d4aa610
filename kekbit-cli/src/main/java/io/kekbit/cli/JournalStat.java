package io.kekbit.cli;

import io.kekbit.core.ChannelException;
import io.kekbit.core.DurablePosition;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Readers;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code journal} and {@code stat} know about one rolling journal: its segments (each walked like a channel by
 * {@link ChannelStat}), whether a writer holds its lock, and its registered durable readers with their lag. Not
 * thread-safe.
 * <p>
 * Segment states are the channel states of {@link ChannelStat}, except that an open segment holding no record
 * (created ahead of time, or just started) is EMPTY; ABANDONED is not judged, the writer lock says whether a writer
 * is alive. Byte totals and lag count the write positions (records and heartbeats) of the segments that are not
 * EMPTY. The journal's state is CORRUPT when a segment is CORRUPT or INVALID, GAP when segment numbers between
 * the oldest and the newest are missing, and OK otherwise.
 */
final class JournalStat
{
    /** One segment file. */
    static final class SegmentInfo
    {
        final long number;
        final Path path;
        final String state;
        final long capacity;
        final long writePosition;
        final long records;
        final double usedPercent;
        final String error;

        SegmentInfo(final long number, final ChannelStat stat)
        {
            this.number = number;
            this.path = stat.path;
            final boolean empty = stat.state == ChannelStat.State.OPEN && stat.records == 0;
            this.state = empty ? "EMPTY" : stat.state.name();
            this.capacity = stat.header != null ? stat.header.capacity() : -1;
            this.writePosition = stat.header != null ? stat.writePosition : -1;
            this.records = stat.header != null ? stat.records : -1;
            this.usedPercent = stat.usedPercent();
            this.error = stat.error;
        }

        boolean hasHeader()
        {
            return capacity >= 0;
        }

        /**
         * Whether the segment counts in byte totals and lag: it has a header and is not EMPTY (an EMPTY segment's
         * only data is its initial heartbeat, and no reader enters it before the segment ahead of it is closed).
         */
        boolean holdsData()
        {
            return hasHeader() && !"EMPTY".equals(state);
        }
    }

    /** A registered durable reader: a {@code journal.<name>.position} file. */
    static final class ReaderInfo
    {
        final String name;
        long position = -1;
        long lagBytes = -1;
        long lagRecords = -1;
        String error;

        ReaderInfo(final String name)
        {
            this.name = name;
        }
    }

    final int journalId;
    final Path folder;
    final WriterLock writer;
    final List<SegmentInfo> segments = new ArrayList<>();
    final List<ReaderInfo> readers = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    String state = "OK";
    long records;
    long bytes;

    private JournalStat(final int journalId, final Path folder, final WriterLock writer)
    {
        this.journalId = journalId;
        this.folder = folder;
        this.writer = writer;
    }

    /**
     * Walks every segment of a journal and measures its durable readers.
     *
     * @param root      root folder.
     * @param journalId journal id.
     * @return the statistics.
     * @throws CliException when the folder cannot be listed.
     */
    static JournalStat of(final Path root, final int journalId)
    {
        final Path folder = Journal.folder(root, journalId);
        final JournalStat stat = new JournalStat(
            journalId, folder, WriterLock.probe(folder.resolve(Journal.WRITER_LOCK_FILE)));
        for (final long number : segmentFiles(folder))
        {
            final ChannelStat channel = ChannelStat.open(root, Journal.channelId(journalId, number));
            try
            {
                stat.add(new SegmentInfo(number, channel));
            }
            finally
            {
                channel.close();
            }
        }
        stat.findGaps();
        stat.measureReaders(root);
        return stat;
    }

    private void add(final SegmentInfo segment)
    {
        segments.add(segment);
        if (segment.holdsData())
        {
            records += segment.records;
            bytes += segment.writePosition;
        }
        if (segment.error != null && ("CORRUPT".equals(segment.state) || "INVALID".equals(segment.state)))
        {
            state = "CORRUPT";
            errors.add(segment.error);
        }
    }

    private void findGaps()
    {
        for (int i = 1; i < segments.size(); i++)
        {
            final long before = segments.get(i - 1).number;
            final long after = segments.get(i).number;
            if (after > before + 1)
            {
                if ("OK".equals(state))
                {
                    state = "GAP";
                }
                errors.add("gap in journal " + Values.journalIdText(journalId) + ": segment" +
                    (after == before + 2 ? " " + (before + 1) + " is" : "s " + (before + 1) + ".." + (after - 1) +
                    " are") + " missing between " + before + " and " + after + " in " + folder);
            }
        }
    }

    /**
     * Segment numbers with a channel file in the folder (including those still being created), oldest first.
     */
    private static List<Long> segmentFiles(final Path folder)
    {
        final List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + StorageDescriptor.CHANNEL_EXTENSION))
        {
            for (final Path file : files)
            {
                final Long id = StorageDescriptor.parseChannelId(
                    folder.getFileName().toString(), file.getFileName().toString());
                if (id != null)
                {
                    numbers.add(id & 0xFFFF_FFFFL);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new CliException(ExitCodes.ERROR, "could not list journal folder " + folder + ": " + ex);
        }
        numbers.sort(Long::compare);
        return numbers;
    }

    private void measureReaders(final Path root)
    {
        final String suffix = StorageDescriptor.POSITION_EXTENSION;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, Journal.POSITION_PREFIX + "*" + suffix))
        {
            for (final Path file : files)
            {
                final String fileName = file.getFileName().toString();
                final String name = fileName.substring(Journal.POSITION_PREFIX.length(),
                    fileName.length() - suffix.length());
                if (name.matches("[A-Za-z0-9_-]{1,64}"))
                {
                    readers.add(new ReaderInfo(name));
                }
            }
        }
        catch (final IOException ex)
        {
            errors.add("could not list durable positions in " + folder + ": " + ex);
            return;
        }
        readers.sort((a, b) -> a.name.compareTo(b.name));
        for (final ReaderInfo reader : readers)
        {
            measure(root, reader);
            if (reader.error != null)
            {
                errors.add("durable reader " + reader.name + " of journal " + Values.journalIdText(journalId) + ": " +
                    reader.error);
            }
        }
    }

    private void measure(final Path root, final ReaderInfo info)
    {
        try
        {
            info.position = DurablePosition.peek(Journal.positionPath(root, journalId, info.name));
        }
        catch (final KekbitException ex)
        {
            info.error = ex.getMessage();
            return;
        }
        final long segment = JournalPosition.segment(info.position);
        final String at = "position " + Values.journalPositionText(info.position);
        if (Journals.isGap(root, journalId, segment))
        {
            info.error = at + " is in deleted segment " + segment + ": the reader will report a gap";
            return;
        }
        final Counter counter = new Counter();
        try (JournalReader reader = Journal.reader(root, journalId))
        {
            final long moved = reader.moveTo(info.position);
            if (moved < 0)
            {
                info.error = at + " is " + InvalidPosition.fromCode(moved) + " in this journal";
                return;
            }
            Readers.drain(reader, counter);
        }
        catch (final ChannelException ex)
        {
            info.error = at + ": " + Channels.describe(ex);
            return;
        }
        info.lagRecords = counter.records;
        long lag = 0;
        for (final SegmentInfo s : segments)
        {
            if (s.number >= segment && s.holdsData())
            {
                lag += s.number == segment ? Math.max(0, s.writePosition - JournalPosition.offset(info.position)) :
                    s.writePosition;
            }
        }
        info.lagBytes = lag;
    }

    /**
     * Whether the journal has a corrupt or invalid segment, a gap, or a durable reader whose position is unusable
     * (in a deleted segment, not a record boundary, or unreadable).
     *
     * @return true when {@code stat} and {@code journal} should exit with 1.
     */
    boolean failed()
    {
        return !errors.isEmpty();
    }

    /**
     * The oldest segment number, or -1.
     *
     * @return the number.
     */
    long first()
    {
        return segments.isEmpty() ? -1 : segments.get(0).number;
    }

    /**
     * The newest segment number, or -1.
     *
     * @return the number.
     */
    long last()
    {
        return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).number;
    }

    /**
     * The line describing a durable reader, without the leading label.
     *
     * @param reader the reader.
     * @return for example {@code audit: position 1:48, lag 4120 bytes, 130 records}.
     */
    static String readerText(final ReaderInfo reader)
    {
        if (reader.error != null)
        {
            return reader.name + ": " + reader.error;
        }
        return reader.name + ": position " + Values.journalPositionText(reader.position) + ", lag " +
            reader.lagBytes + " bytes, " + reader.lagRecords + " record" + (reader.lagRecords == 1 ? "" : "s");
    }

    /**
     * Appends this journal as one JSON object.
     *
     * @param sb where to append.
     */
    void appendJson(final StringBuilder sb)
    {
        sb.append("{\"journal_id\":").append(Integer.toUnsignedString(journalId))
            .append(",\"journal_id_hex\":\"").append(String.format("0x%08x", journalId)).append("\",\"folder\":");
        PayloadFormat.appendJsonString(sb, folder.toString());
        sb.append(",\"state\":\"").append(state).append("\",\"writer\":{\"state\":\"").append(writer.state)
            .append('"');
        if (writer.pid > 0)
        {
            sb.append(",\"pid\":").append(writer.pid);
        }
        sb.append("},\"records\":").append(records).append(",\"bytes\":").append(bytes).append(",\"segments\":[");
        for (int i = 0; i < segments.size(); i++)
        {
            final SegmentInfo s = segments.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"segment\":").append(s.number).append(",\"path\":");
            PayloadFormat.appendJsonString(sb, s.path.toString());
            sb.append(",\"state\":\"").append(s.state).append('"');
            if (s.hasHeader())
            {
                sb.append(",\"capacity\":").append(s.capacity).append(",\"write_position\":").append(s.writePosition)
                    .append(",\"used_percent\":").append(String.format(Locale.ROOT, "%.1f", s.usedPercent))
                    .append(",\"records\":").append(s.records);
            }
            if (s.error != null)
            {
                sb.append(",\"error\":");
                PayloadFormat.appendJsonString(sb, s.error);
            }
            sb.append('}');
        }
        sb.append("],\"readers\":[");
        for (int i = 0; i < readers.size(); i++)
        {
            final ReaderInfo r = readers.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"name\":");
            PayloadFormat.appendJsonString(sb, r.name);
            if (r.position >= 0)
            {
                sb.append(",\"position\":").append(r.position)
                    .append(",\"segment\":").append(JournalPosition.segment(r.position))
                    .append(",\"offset\":").append(JournalPosition.offset(r.position));
            }
            if (r.error != null)
            {
                sb.append(",\"error\":");
                PayloadFormat.appendJsonString(sb, r.error);
            }
            else
            {
                sb.append(",\"lag_bytes\":").append(r.lagBytes).append(",\"lag_records\":").append(r.lagRecords);
            }
            sb.append('}');
        }
        sb.append("]}");
    }

    /** Counts records. */
    private static final class Counter implements RecordHandler
    {
        private long records;

        @Override
        public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            records++;
        }
    }
}
