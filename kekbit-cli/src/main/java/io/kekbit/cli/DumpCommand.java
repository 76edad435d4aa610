package io.kekbit.cli;

import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kekbit dump ROOT CHANNEL_ID}: prints the records written so far, then {@code END<TAB>STATUS}. Not
 * thread-safe (one instance per invocation).
 * <p>
 * It reads one record per call and stops at the first error (CLOSED, CHANNEL_FULL, TIMEOUT, FAILED) or at the
 * second consecutive read that returns 0 bytes (WATERMARK: no more records yet), the rule the golden files were made
 * with. The second empty read lets a channel whose timeout is 0 report TIMEOUT.
 */
@Command(
    name = "dump",
    mixinStandardHelpOptions = true,
    description = {
        "Prints the records of a channel, one line each: POSITION<TAB>LENGTH<TAB>PAYLOAD, then END<TAB>STATUS " +
        "where STATUS is CLOSED, CHANNEL_FULL, TIMEOUT, FAILED, WATERMARK (no more records yet) or MAX " +
        "(--max reached). Heartbeats are not printed.",
        "Exit code 0 unless the channel cannot be opened or is corrupt (FAILED)."
    })
final class DumpCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Root folder of the channels.")
    private Path root;

    @Parameters(index = "1", paramLabel = "CHANNEL_ID", converter = Values.IdConverter.class,
        description = "Channel id, decimal or 0x hex.")
    private long channelId;

    @Option(names = "--from", paramLabel = "POSITION", defaultValue = "0",
        description = "Start at this data position: 0, a record's position, or the write position (default: 0).")
    private long from;

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
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--max': " + max + " (expected at least 1)");
        }
        final Path path = Kekbit.storagePath(root, channelId);
        final RecordPrinter printer = new RecordPrinter(spec.commandLine().getOut(), format);
        try (Reader reader = Channels.openReader(root, channelId))
        {
            Channels.moveTo(reader, from, path);
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
