package io.kekbit.cli;

import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.journal.JournalReader;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code kekbit dump ROOT CHANNEL_ID [--journal]}: prints the records written so far, then {@code END<TAB>STATUS}.
 * Not thread-safe (one instance per invocation).
 * <p>
 * It reads one record per call and stops at the first error (CLOSED, CHANNEL_FULL, TIMEOUT, FAILED) or at the
 * second consecutive read that returns 0 bytes (WATERMARK: no more records yet), the rule the golden files were made
 * with. The second empty read lets a channel whose timeout is 0 report TIMEOUT.
 * <p>
 * With {@code --journal} a {@link JournalReader} reads across the segments in order. A journal has no CLOSE end:
 * the dump ends with WATERMARK when the reader waits, either at the end of the newest segment's records or at the
 * start of the next segment, which does not exist yet. A deleted segment with later segments present (a gap) or a
 * corrupt segment ends it with FAILED.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the records of a channel, one line each: POSITION<TAB>LENGTH<TAB>PAYLOAD, then END<TAB>STATUS " +
        "where STATUS is CLOSED, CHANNEL_FULL, TIMEOUT, FAILED, WATERMARK (no more records yet) or MAX " +
        "(--max reached). Heartbeats are not printed.",
        "With --journal, reads a rolling journal across its segments; POSITION is SEGMENT:OFFSET, and the dump " +
        "ends with WATERMARK after the newest segment's records, or FAILED at a deleted (gap) or corrupt segment.",
        "With --envelope, each record's envelope headers are printed as a JSON object before its body: " +
        "POSITION<TAB>LENGTH<TAB>envelope {HEADERS}<TAB>BODY.",
        "Exit code 0 unless the channel cannot be opened or is corrupt (FAILED)."
    })
final class DumpCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Mixin
    private ChannelTarget target;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "0",
        description = "Start at this data position: 0, a record's position, or the write position (default: 0). " +
        "With --journal: SEGMENT:OFFSET (or the 64-bit journal position); the default is the oldest segment.")
    private String from;

    @Option(names = "--max", paramLabel = "N", description = "Print at most N records, then END<TAB>MAX.")
    private Long max;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "Payload format: text, hex or json (default: ${DEFAULT-VALUE}).")
    private PayloadFormat format;

    @Override
    public Integer call()
    {
        if (max != null && max < 1)
        {
            throw new ParameterException(spec.commandLine(),
                "Invalid value for option '--max': " + max + " (expected at least 1)");
        }
        if (target.isJournal())
        {
            return dumpJournal();
        }
        final long start = parseChannelPosition(spec, from);
        final Path root = target.root();
        final long channelId = target.channelId();
        final Path path = Kekbit.storagePath(root, channelId);
        final RecordPrinter printer =
            new RecordPrinter(spec.commandLine().getOut(), format, false, target.isEnvelope());
        try (Reader reader = Channels.openReader(root, channelId))
        {
            Channels.moveTo(reader, start, path);
            final String status = dump(reader, printer, max == null ? Long.MAX_VALUE : max);
            if ("OUTPUT_CLOSED".equals(status))
            {
                return ExitCodes.OK;
            }
            printer.end(status);
            if (ReadError.FAILED.name().equals(status))
            {
                throw new CliException(ExitCodes.ERROR, Channels.corruptMessage(path, reader));
            }
        }
        return ExitCodes.OK;
    }

    private Integer dumpJournal()
    {
        final int journalId = target.journalId();
        final Long start = "0".equals(from.trim()) ? null : parseJournalPosition(spec, from);
        final Path root = target.root();
        Journals.checkFolder(root, journalId);
        final RecordPrinter printer =
            new RecordPrinter(spec.commandLine().getOut(), format, true, target.isEnvelope());
        try (JournalReader reader = Journals.openReader(root, journalId))
        {
            if (start != null)
            {
                final String gap = Journals.moveTo(reader, start, root, journalId);
                if (gap != null)
                {
                    printer.end(ReadError.FAILED.name());
                    throw new CliException(ExitCodes.ERROR, gap);
                }
            }
            final String status = dump(reader, printer, max == null ? Long.MAX_VALUE : max);
            if ("OUTPUT_CLOSED".equals(status))
            {
                return ExitCodes.OK;
            }
            printer.end(status);
            if (ReadError.FAILED.name().equals(status))
            {
                throw new CliException(ExitCodes.ERROR, Journals.failureMessage(reader, root, journalId));
            }
        }
        return ExitCodes.OK;
    }

    /**
     * Parses a channel's {@code --from}: a data position.
     *
     * @param spec the command, for the error.
     * @param text the option value.
     * @return the position (negative values are reported by the move).
     */
    static long parseChannelPosition(final CommandSpec spec, final String text)
    {
        try
        {
            return Long.parseLong(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--from': '" + text +
                "' is not a data position (expected a number such as 184)");
        }
    }

    /**
     * Parses a journal's {@code --from}: {@code SEGMENT:OFFSET} or the 64-bit position.
     *
     * @param spec the command, for the error.
     * @param text the option value.
     * @return the journal position.
     */
    static long parseJournalPosition(final CommandSpec spec, final String text)
    {
        try
        {
            return Values.parseJournalPosition(text);
        }
        catch (final TypeConversionException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--from': " + ex.getMessage());
        }
    }

    private static String dump(final Reader reader, final RecordPrinter printer, final long max)
    {
        int emptyReads = 0;
        while (printer.records() < max)
        {
            if (printer.outputClosed())
            {
                return "OUTPUT_CLOSED";
            }
            final long result = reader.read(printer, 1);
            if (result < 0)
            {
                return ReadError.fromCode(result).name();
            }
            if (result == 0)
            {
                if (++emptyReads == 2)
                {
                    return "WATERMARK";
                }
            }
            else
            {
                emptyReads = 0;
            }
        }
        return "MAX";
    }
}
