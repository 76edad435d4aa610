package io.kekbit.cli;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.idle.IdleStrategy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kekbit tail ROOT CHANNEL_ID}: prints records as they arrive until the channel is closed, full, corrupt, the
 * writer times out, or the process is interrupted. Waits for a channel that does not exist yet. Not thread-safe (one
 * instance per invocation); interrupting the thread that runs it stops it.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
        "Follows a channel: prints its records as they arrive (same line formats as dump) until the channel is " +
        "closed, full or corrupt, the writer times out, or Ctrl-C; then prints END<TAB>STATUS (not after Ctrl-C).",
        "Waits for a channel that does not exist yet; the root folder must exist."
    })
final class TailCommand implements Callable<Integer>
{
    private static final long OPEN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int BATCH = 64;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Root folder of the channels.")
    private Path root;

    @Parameters(index = "1", paramLabel = "CHANNEL_ID", converter = Values.IdConverter.class,
        description = "Channel id, decimal or 0x hex.")
    private long channelId;

    @Option(names = "--from", paramLabel = "POSITION|end", defaultValue = "0",
        description = "Start at this data position, or at the current end with 'end' (default: 0).")
    private String from;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "Payload format: text, hex or json (default: ${DEFAULT-VALUE}).")
    private PayloadFormat format;

    @Option(names = "--wait", paramLabel = "DURATION", converter = Values.DurationConverter.class,
        description = "Give up (exit code 1) if the channel does not appear within DURATION (default: wait forever).")
    private Duration wait;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records, then print END<TAB>MAX.")
    private Long max;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "backoff",
        description = "Idle strategy between empty polls: backoff, sleep, sleep-<n>ms, yield or busy-spin " +
        "(default: ${DEFAULT-VALUE}).")
    private String idle;

    @Override
    public Integer call()
    {
        final long start = parseFrom();
        if (max != null && max < 1)
        {
            throw new ParameterException(spec.commandLine(),
                "Invalid value for option '--max': " + max + " (expected at least 1)");
        }
        final IdleStrategy idleStrategy;
        try
        {
            idleStrategy = IdleStrategy.of(idle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--idle': " + ex.getMessage());
        }
        Channels.checkRoot(root);
        final Path path = Kekbit.storagePath(root, channelId);
        final PrintWriter out = spec.commandLine().getOut();
        final RecordPrinter printer = new RecordPrinter(out, format);
        try (Reader reader = awaitReader(path))
        {
            if (reader == null)
            {
                return ExitCodes.OK;
            }
            String status = start < 0 ? skipToEnd(reader) : null;
            if (start >= 0)
            {
                Channels.moveTo(reader, start, path);
            }
            final long limit = max == null ? Long.MAX_VALUE : max;
            while (status == null)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    out.flush();
                    return ExitCodes.OK;
                }
                final long remaining = limit - printer.records();
                if (remaining <= 0)
                {
                    status = "MAX";
                    break;
                }
                final long result = reader.read(printer, (int)Math.min(BATCH, remaining));
                if (result < 0)
                {
                    status = ReadError.fromCode(result).name();
                }
                else if (result > 0)
                {
                    if (printer.flushAndCheck())
                    {
                        return ExitCodes.OK;
                    }
                    idleStrategy.reset();
                }
                else
                {
                    idleStrategy.idle();
                }
            }
            printer.end(status);
            if (ReadError.FAILED.name().equals(status))
            {
                throw new CliException(ExitCodes.ERROR, Channels.corruptMessage(path, reader));
            }
        }
        return ExitCodes.OK;
    }

    private long parseFrom()
    {
        if ("end".equals(from.trim().toLowerCase(Locale.ROOT)))
        {
            return -1;
        }
        try
        {
            final long position = Long.parseLong(from.trim());
            if (position >= 0)
            {
                return position;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new ParameterException(spec.commandLine(),
            "Invalid value for option '--from': '" + from + "' (expected a position >= 0 or 'end')");
    }

    /**
     * Opens the reader, retrying while the channel does not exist or is being created.
     *
     * @return the reader, or null when interrupted.
     */
    private Reader awaitReader(final Path path)
    {
        final long deadline = wait == null ? Long.MAX_VALUE : System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true)
        {
            try
            {
                return Kekbit.shmReader(root, channelId);
            }
            catch (final ChannelException ex)
            {
                if (ex.reason() != ChannelError.STORAGE_NOT_FOUND && ex.reason() != ChannelError.STORAGE_NOT_READY)
                {
                    throw Channels.toCliException(ex, channelId);
                }
                if (System.nanoTime() - deadline >= 0)
                {
                    throw new CliException(ExitCodes.ERROR, "channel " + Values.idText(channelId) +
                        " did not appear within " + wait + ": no file " + path);
                }
                if (!told)
                {
                    told = true;
                    final PrintWriter err = spec.commandLine().getErr();
                    err.println(spec.qualifiedName() + ": waiting for channel " + Values.idText(channelId) +
                        " at " + path);
                    err.flush();
                }
            }
            LockSupport.parkNanos(OPEN_RETRY_NANOS);
            if (Thread.currentThread().isInterrupted())
            {
                return null;
            }
        }
    }

    /**
     * Consumes every record written so far without printing it.
     *
     * @return the terminal status if the channel is already exhausted, or null.
     */
    private static String skipToEnd(final Reader reader)
    {
        while (true)
        {
            final long result = reader.read((buffer, offset, length, position) -> { }, Integer.MAX_VALUE);
            if (result < 0)
            {
                return ReadError.fromCode(result).name();
            }
            if (result == 0)
            {
                return null;
            }
        }
    }
}
