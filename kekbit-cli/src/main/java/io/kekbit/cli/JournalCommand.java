package io.kekbit.cli;

import io.kekbit.journal.Journal;
import io.kekbit.journal.RetentionPolicy;
import io.kekbit.journal.RetentionResult;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kekbit journal ROOT JOURNAL_ID}: the segments of a rolling journal, whether a writer holds it, and its
 * durable readers with their lag; optionally applies a retention policy once first. Not thread-safe (one instance
 * per invocation).
 */
@Command(
    name = "journal",
    mixinStandardHelpOptions = true,
    description = {
        "Describes a rolling journal: each segment (number, state, records, write position, capacity, used %%, " +
        "file), whether a writer holds the journal lock (and its pid), and each registered durable reader " +
        "(journal.<name>.position) with its position (SEGMENT:OFFSET) and lag in bytes and records.",
        "Segment states: CLOSED, FULL, OPEN (being written, or its writer died), EMPTY (no record yet: created " +
        "ahead), CORRUPT, NOT_READY (being created), INVALID. Journal state: OK, GAP (missing segments between " +
        "the oldest and the newest) or CORRUPT.",
        "--apply-retention deletes old segments once, before the listing, as Journal.applyRetention does: never the " +
        "newest segment or one that is not closed, and never one a durable reader still needs unless " +
        "--delete-unread.",
        "Exit code 1 when the root or the journal folder is missing, the journal state is GAP or CORRUPT, or a " +
        "durable reader's position is unusable (for example in a deleted segment)."
    })
final class JournalCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Root folder of the channels and journals.")
    private Path root;

    @Parameters(index = "1", paramLabel = "JOURNAL_ID", converter = JournalIdConverter.class,
        description = "Journal id, 1..4294967295, decimal or 0x hex.")
    private int journalId;

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    private boolean json;

    @Option(names = "--apply-retention", description = "Apply a retention policy once, then describe the journal.")
    private boolean applyRetention;

    @Option(names = "--max-segments", paramLabel = "N",
        description = "With --apply-retention: keep at most N segments (the newest included).")
    private Integer maxSegments;

    @Option(names = "--max-bytes", paramLabel = "SIZE", converter = Values.SizeConverter.class,
        description = "With --apply-retention: keep at most SIZE bytes of segment files.")
    private Long maxBytes;

    @Option(names = "--max-age", paramLabel = "DURATION", converter = Values.DurationConverter.class,
        description = "With --apply-retention: delete segments closed longer than DURATION ago.")
    private Duration maxAge;

    @Option(names = "--delete-unread", description = "With --apply-retention: also delete segments that a durable " +
        "reader has not finished; that reader then reports a gap.")
    private boolean deleteUnread;

    @Override
    public Integer call()
    {
        final RetentionPolicy policy = policy();
        Journals.checkFolder(root, journalId);
        RetentionResult retention = null;
        if (policy != null)
        {
            retention = Journal.applyRetention(root, journalId, policy);
        }
        final JournalStat stat = JournalStat.of(root, journalId);
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final StringBuilder sb = new StringBuilder(256);
            if (retention != null)
            {
                sb.append("{\"retention\":");
                appendJson(sb, retention);
                sb.append(",\"journal\":");
                stat.appendJson(sb);
                sb.append('}');
            }
            else
            {
                stat.appendJson(sb);
            }
            out.println(sb);
        }
        else
        {
            if (retention != null)
            {
                out.println("retention  " + text(retention));
            }
            printTable(out, stat);
        }
        out.flush();
        final PrintWriter err = spec.commandLine().getErr();
        for (final String error : stat.errors)
        {
            err.println(spec.qualifiedName() + ": " + error);
        }
        err.flush();
        return stat.failed() ? ExitCodes.ERROR : ExitCodes.OK;
    }

    private RetentionPolicy policy()
    {
        final boolean limits = maxSegments != null || maxBytes != null || maxAge != null || deleteUnread;
        if (!applyRetention)
        {
            if (limits)
            {
                throw new ParameterException(spec.commandLine(), "--max-segments, --max-bytes, --max-age and " +
                    "--delete-unread need --apply-retention");
            }
            return null;
        }
        if (maxSegments == null && maxBytes == null && maxAge == null)
        {
            throw new ParameterException(spec.commandLine(),
                "--apply-retention needs at least one of --max-segments, --max-bytes or --max-age");
        }
        try
        {
            final RetentionPolicy.Builder builder = RetentionPolicy.builder().forceDelete(deleteUnread);
            if (maxSegments != null)
            {
                builder.maxSegments(maxSegments);
            }
            if (maxBytes != null)
            {
                builder.maxBytes(maxBytes);
            }
            if (maxAge != null)
            {
                builder.maxAge(maxAge);
            }
            return builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "invalid retention policy: " + ex.getMessage());
        }
    }

    private static String text(final RetentionResult result)
    {
        final StringBuilder sb = new StringBuilder("deleted ").append(result.deleted())
            .append(result.deleted() == 1 ? " segment" : " segments");
        if (result.forced() > 0)
        {
            sb.append(", ").append(result.forced()).append(" of them unread by a durable reader (--delete-unread)");
        }
        if (result.blockedSegment() >= 0)
        {
            sb.append("; kept segment ").append(result.blockedSegment()).append(" and later for durable reader ")
                .append(result.blockingReader()).append(" (--delete-unread deletes them anyway)");
        }
        return sb.toString();
    }

    private static void appendJson(final StringBuilder sb, final RetentionResult result)
    {
        sb.append("{\"deleted\":").append(result.deleted()).append(",\"forced\":").append(result.forced())
            .append(",\"blocked_segment\":").append(result.blockedSegment()).append(",\"blocking_reader\":");
        if (result.blockingReader() == null)
        {
            sb.append("null");
        }
        else
        {
            PayloadFormat.appendJsonString(sb, result.blockingReader());
        }
        sb.append('}');
    }

    private static void printTable(final PrintWriter out, final JournalStat stat)
    {
        out.println("journal    " + Values.journalIdText(stat.journalId) + " in " + stat.folder);
        out.println("writer     " + stat.writer.text());
        out.println("state      " + stat.state);
        if (stat.segments.isEmpty())
        {
            out.println("segments   none");
        }
        else
        {
            out.println("segments   " + stat.segments.size() + " (" + stat.first() + ".." + stat.last() + "), " +
                stat.records + " record" + (stat.records == 1 ? "" : "s") + ", " + stat.bytes + " bytes written");
            final String row = "%9s  %-9s  %9s  %10s  %10s  %6s  %s%n";
            out.printf(row, "SEGMENT", "STATE", "RECORDS", "WRITE_POS", "CAPACITY", "USED", "FILE");
            for (final JournalStat.SegmentInfo s : stat.segments)
            {
                final String file = s.path.getFileName().toString();
                if (s.hasHeader())
                {
                    out.printf(row, s.number, s.state, s.records, s.writePosition, s.capacity,
                        String.format(Locale.ROOT, "%.1f%%", s.usedPercent), file);
                }
                else
                {
                    out.printf(row, s.number, s.state, "-", "-", "-", "-", file);
                }
            }
        }
        for (final JournalStat.ReaderInfo reader : stat.readers)
        {
            out.println("reader     " + JournalStat.readerText(reader));
        }
    }

    /** Converts journal ids (unsigned 32-bit) for picocli. */
    static final class JournalIdConverter implements ITypeConverter<Integer>
    {
        @Override
        public Integer convert(final String value)
        {
            final long id = Values.parseId(value);
            if (!ChannelTarget.isJournalId(id))
            {
                throw new TypeConversionException("journal id " + Long.toUnsignedString(id) + " is out of range (" +
                    ChannelTarget.JOURNAL_ID_RANGE + ")");
            }
            return (int)id;
        }
    }
}
