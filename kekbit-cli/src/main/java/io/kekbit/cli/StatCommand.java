package io.kekbit.cli;

import io.kekbit.core.Kekbit;
import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.journal.Journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kekbit stat ROOT [CHANNEL_ID]}: a table (or JSON) of the channels under a root, and one row per rolling
 * journal (its segments are not listed as separate channels). Not thread-safe (one instance per invocation).
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = {
        "Summarizes the channels under ROOT (or one channel): channel id, writer id, capacity, write position, " +
        "used %%, record count, writer state, and the durable reader positions stored beside each channel with " +
        "their lag in bytes and records.",
        "States: OPEN, CLOSED, FULL, ABANDONED, CORRUPT, NOT_READY (lock file present), INVALID (not a valid " +
        "channel file). ABANDONED means a reader standing at the end saw no write, not even a heartbeat, for " +
        "longer than the channel's timeout; stat watches channels whose timeout is at most --watch, and reports " +
        "the others as OPEN.",
        "Rolling journals (folders with a journal.lock or journal.<name>.position file) get one row each in a " +
        "second table instead of one row per segment: segment count and range, records, bytes, whether a writer " +
        "holds the journal lock, state (OK, GAP or CORRUPT), and durable readers with their lag; " +
        "'kekbit journal ROOT JOURNAL_ID' lists the segments.",
        "Exit code 1 when the root or the channel is missing, a channel is INVALID or CORRUPT, a journal is " +
        "GAP or CORRUPT, or a journal's durable reader position is unusable."
    })
final class StatCommand implements Callable<Integer>
{
    private static final long WATCH_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Root folder of the channels.")
    private Path root;

    @Parameters(index = "1", paramLabel = "CHANNEL_ID", arity = "0..1", converter = Values.IdConverter.class,
        description = "Only this channel, decimal or 0x hex.")
    private Long channelId;

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    private boolean json;

    @Option(names = "--watch", paramLabel = "DURATION", defaultValue = "2s",
        converter = Values.DurationConverter.class,
        description = "Longest time to watch open channels for ABANDONED (default: ${DEFAULT-VALUE}); only " +
        "channels whose timeout is at most this are watched, and stat returns as soon as each is decided.")
    private Duration watch;

    private final List<Integer> journalIds = new ArrayList<>();

    @Override
    public Integer call()
    {
        Channels.checkRoot(root);
        final List<Long> ids = channelIds();
        final List<ChannelStat> stats = new ArrayList<>(ids.size());
        final List<JournalStat> journals = new ArrayList<>(journalIds.size());
        try
        {
            for (final int journalId : journalIds)
            {
                journals.add(JournalStat.of(root, journalId));
            }
            for (final long id : ids)
            {
                stats.add(ChannelStat.open(root, id));
            }
            watch(stats);
            for (final ChannelStat stat : stats)
            {
                if (stat.header != null)
                {
                    stat.measureLag();
                }
            }
            final PrintWriter out = spec.commandLine().getOut();
            if (json)
            {
                printJson(out, stats, journals);
            }
            else
            {
                printTable(out, stats, journals);
            }
            out.flush();
        }
        finally
        {
            for (final ChannelStat stat : stats)
            {
                stat.close();
            }
        }
        final PrintWriter err = spec.commandLine().getErr();
        int exitCode = ExitCodes.OK;
        for (final ChannelStat stat : stats)
        {
            if (stat.state == ChannelStat.State.INVALID || stat.state == ChannelStat.State.CORRUPT)
            {
                err.println(spec.qualifiedName() + ": " + stat.error);
                exitCode = ExitCodes.ERROR;
            }
        }
        for (final JournalStat journal : journals)
        {
            for (final String error : journal.errors)
            {
                err.println(spec.qualifiedName() + ": " + error);
            }
            if (journal.failed())
            {
                exitCode = ExitCodes.ERROR;
            }
        }
        err.flush();
        return exitCode;
    }

    private List<Long> channelIds()
    {
        final List<Long> ids = new ArrayList<>();
        if (channelId != null)
        {
            final Path path = Kekbit.storagePath(root, channelId);
            if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
            {
                throw new CliException(ExitCodes.ERROR,
                    "unknown channel " + Values.idText(channelId) + ": no file " + path);
            }
            ids.add(channelId);
            return ids;
        }
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, Files::isDirectory))
        {
            for (final Path folder : folders)
            {
                final Long journal = journalFolder(folder);
                if (journal != null)
                {
                    journalIds.add((int)(journal >>> 32));
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder,
                    "*" + StorageDescriptor.CHANNEL_EXTENSION))
                {
                    for (final Path file : files)
                    {
                        final Long id = StorageDescriptor.parseChannelId(
                            folder.getFileName().toString(), file.getFileName().toString());
                        if (id != null)
                        {
                            ids.add(id);
                        }
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new CliException(ExitCodes.ERROR, "could not list " + root + ": " + ex);
        }
        ids.sort(Long::compareUnsigned);
        journalIds.sort(Integer::compareUnsigned);
        return ids;
    }

    /**
     * Whether a folder holds a rolling journal: a journal writer's lock file or a journal durable position is in it.
     *
     * @return the channel id of the journal's segment 0, or null when the folder is not a journal's.
     */
    private static Long journalFolder(final Path folder) throws IOException
    {
        final Long segmentZero = StorageDescriptor.parseChannelId(folder.getFileName().toString(),
            "0000_0000" + StorageDescriptor.CHANNEL_EXTENSION);
        if (segmentZero == null)
        {
            return null;
        }
        if (Files.exists(folder.resolve(Journal.WRITER_LOCK_FILE)))
        {
            return segmentZero;
        }
        try (DirectoryStream<Path> positions = Files.newDirectoryStream(folder,
            Journal.POSITION_PREFIX + "*" + StorageDescriptor.POSITION_EXTENSION))
        {
            return positions.iterator().hasNext() ? segmentZero : null;
        }
    }

    private void watch(final List<ChannelStat> stats)
    {
        final long window = watch.toNanos();
        final long deadline = System.nanoTime() + window;
        while (true)
        {
            boolean pending = false;
            for (final ChannelStat stat : stats)
            {
                if (!stat.watch(window))
                {
                    pending = true;
                }
            }
            if (!pending || System.nanoTime() - deadline >= 0 || Thread.currentThread().isInterrupted())
            {
                return;
            }
            LockSupport.parkNanos(WATCH_PAUSE_NANOS);
        }
    }

    private static void printTable(
        final PrintWriter out, final List<ChannelStat> stats, final List<JournalStat> journals)
    {
        if (!stats.isEmpty() || journals.isEmpty())
        {
            printChannels(out, stats);
        }
        if (journals.isEmpty())
        {
            return;
        }
        final String row = "%-10s  %8s  %10s  %10s  %10s  %12s  %-7s  %s%n";
        out.printf(row, "JOURNAL", "SEGMENTS", "FIRST", "LAST", "RECORDS", "BYTES", "WRITER", "STATE");
        for (final JournalStat journal : journals)
        {
            final boolean none = journal.segments.isEmpty();
            out.printf(row, String.format("0x%08x", journal.journalId), journal.segments.size(),
                none ? "-" : journal.first(), none ? "-" : journal.last(), journal.records, journal.bytes,
                journal.writer.state, journal.state);
            for (final JournalStat.ReaderInfo reader : journal.readers)
            {
                out.println("  reader " + JournalStat.readerText(reader));
            }
        }
    }

    private static void printChannels(final PrintWriter out, final List<ChannelStat> stats)
    {
        final String row = "%-18s  %-20s  %10s  %10s  %6s  %9s  %s%n";
        out.printf(row, "CHANNEL", "WRITER", "CAPACITY", "WRITE_POS", "USED", "RECORDS", "STATE");
        for (final ChannelStat stat : stats)
        {
            if (stat.header == null)
            {
                out.printf(row, Values.hexId(stat.channelId), "-", "-", "-", "-", "-", stat.state);
                continue;
            }
            out.printf(row, Values.hexId(stat.channelId), Long.toUnsignedString(stat.header.writerId()),
                stat.header.capacity(), stat.writePosition, String.format(Locale.ROOT, "%.1f%%", stat.usedPercent()),
                stat.records, stat.state);
            for (final ChannelStat.DurableReader reader : stat.readers)
            {
                if (reader.error != null)
                {
                    out.printf("  reader %s: %s%n", reader.name, reader.error);
                }
                else
                {
                    out.printf("  reader %s: position %d, lag %d bytes, %d record%s%n", reader.name,
                        reader.position, reader.lagBytes, reader.lagRecords, reader.lagRecords == 1 ? "" : "s");
                }
            }
        }
        if (stats.isEmpty())
        {
            out.println("(no channels)");
        }
    }

    private static void printJson(
        final PrintWriter out, final List<ChannelStat> stats, final List<JournalStat> journals)
    {
        final StringBuilder sb = new StringBuilder(256);
        sb.append("{\"channels\":[");
        for (int i = 0; i < stats.size(); i++)
        {
            final ChannelStat stat = stats.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"channel_id\":").append(Long.toUnsignedString(stat.channelId))
                .append(",\"channel_id_hex\":\"").append(Values.hexId(stat.channelId)).append("\",\"path\":");
            PayloadFormat.appendJsonString(sb, stat.path.toString());
            sb.append(",\"state\":\"").append(stat.state).append('"');
            if (stat.header != null)
            {
                sb.append(",\"writer_id\":").append(Long.toUnsignedString(stat.header.writerId()))
                    .append(",\"capacity\":").append(stat.header.capacity())
                    .append(",\"max_message_length\":").append(stat.header.maxMessageLength())
                    .append(",\"timeout_ms\":").append(timeoutMillis(stat))
                    .append(",\"write_position\":").append(stat.writePosition)
                    .append(",\"used_percent\":").append(String.format(Locale.ROOT, "%.1f", stat.usedPercent()))
                    .append(",\"records\":").append(stat.records);
            }
            if (stat.error != null)
            {
                sb.append(",\"error\":");
                PayloadFormat.appendJsonString(sb, stat.error);
            }
            sb.append(",\"readers\":[");
            for (int j = 0; j < stat.readers.size(); j++)
            {
                final ChannelStat.DurableReader reader = stat.readers.get(j);
                sb.append(j == 0 ? "" : ",").append("{\"name\":");
                PayloadFormat.appendJsonString(sb, reader.name);
                if (reader.error != null)
                {
                    sb.append(",\"error\":");
                    PayloadFormat.appendJsonString(sb, reader.error);
                    if (reader.position >= 0)
                    {
                        sb.append(",\"position\":").append(reader.position);
                    }
                }
                else
                {
                    sb.append(",\"position\":").append(reader.position)
                        .append(",\"lag_bytes\":").append(reader.lagBytes)
                        .append(",\"lag_records\":").append(reader.lagRecords);
                }
                sb.append('}');
            }
            sb.append("]}");
        }
        sb.append("],\"journals\":[");
        for (int i = 0; i < journals.size(); i++)
        {
            sb.append(i == 0 ? "" : ",");
            journals.get(i).appendJson(sb);
        }
        sb.append("]}");
        out.println(sb);
    }

    private static String timeoutMillis(final ChannelStat stat)
    {
        try
        {
            return Long.toString(stat.header.timeoutDuration().toMillis());
        }
        catch (final ArithmeticException ex)
        {
            return "null";
        }
    }
}
