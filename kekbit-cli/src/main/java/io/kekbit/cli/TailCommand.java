package io.kekbit.cli;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.ControlledRecordHandler;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.ReaderRunner;
import io.kekbit.core.Readers;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalReader;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code kekbit tail ROOT CHANNEL_ID [--journal]}: prints records as they arrive until the channel is closed, full,
 * corrupt, the writer times out, or the process is interrupted. Waits for a channel that does not exist yet. Not
 * thread-safe (one instance per invocation); interrupting the thread that runs it stops it.
 * <p>
 * With {@code --journal} it follows a rolling journal across rolls, waiting for each next segment; a journal never
 * ends with CLOSED, so it stops only at a gap or corrupt segment (FAILED), a writer timeout, {@code --max}, or an
 * interrupt. It waits for a journal that has no segment yet.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
        "Follows a channel: prints its records as they arrive (same line formats as dump) until the channel is " +
        "closed, full or corrupt, the writer times out, or Ctrl-C; then prints END<TAB>STATUS (not after Ctrl-C).",
        "Waits for a channel that does not exist yet; the root folder must exist.",
        "With --journal, follows a rolling journal across its segments (POSITION is SEGMENT:OFFSET), waiting for new " +
        "segments; it ends only at a gap or corrupt segment (FAILED), a writer timeout, --max or Ctrl-C."
    })
final class TailCommand implements Callable<Integer>
{
    private static final long OPEN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final int BATCH = 64;

    @Spec
    private CommandSpec spec;

    @Mixin
    private ChannelTarget target;

    @Option(names = "--from", paramLabel = "POSITION|end", defaultValue = "0",
        description = "Start at this data position, or at the current end with 'end' (default: 0). With --journal: " +
        "SEGMENT:OFFSET (or the 64-bit journal position) or 'end'; the default is the oldest segment.")
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
        final boolean fromEnd = "end".equals(from.trim().toLowerCase(Locale.ROOT));
        final long start = fromEnd ? -1 : target.isJournal() ? parseJournalFrom() : parseFrom();
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
        if (target.isJournal())
        {
            return tailJournal(target.journalId(), fromEnd, start, idleStrategy);
        }
        final Path root = target.root();
        final long channelId = target.channelId();
        Channels.checkRoot(root);
        final Path path = Kekbit.storagePath(root, channelId);
        final RecordPrinter printer =
            new RecordPrinter(spec.commandLine().getOut(), format, false, target.isEnvelope());
        try (Reader reader = awaitReader(path))
        {
            if (reader == null)
            {
                return ExitCodes.OK;
            }
            String status = fromEnd ? skipToEnd(reader) : null;
            if (!fromEnd)
            {
                Channels.moveTo(reader, start, path);
            }
            status = follow(reader, printer, idleStrategy, status);
            if (status == null)
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

    private Integer tailJournal(final int journalId, final boolean fromEnd, final long start, final IdleStrategy idle)
    {
        final Path root = target.root();
        Channels.checkRoot(root);
        if (!awaitJournal(root, journalId))
        {
            return ExitCodes.OK;
        }
        final RecordPrinter printer =
            new RecordPrinter(spec.commandLine().getOut(), format, true, target.isEnvelope());
        try (JournalReader reader = Journals.openReader(root, journalId))
        {
            String status = fromEnd ? skipToEnd(reader) : null;
            if (!fromEnd && start >= 0)
            {
                final String gap = Journals.moveTo(reader, start, root, journalId);
                if (gap != null)
                {
                    printer.end(ReadError.FAILED.name());
                    throw new CliException(ExitCodes.ERROR, gap);
                }
            }
            status = follow(reader, printer, idle, status);
            if (status == null)
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
     * Prints records as they arrive, in a {@link ReaderRunner} duty cycle.
     *
     * @param status the status already known (the reader was exhausted while skipping to the end), or null.
     * @return the terminal status, or null when interrupted or the output is closed (no END line).
     */
    private String follow(final Reader reader, final RecordPrinter printer, final IdleStrategy idleStrategy,
        final String status)
    {
        if (status != null)
        {
            return status;
        }
        final long limit = max == null ? Long.MAX_VALUE : max;
        final boolean[] outputClosed = new boolean[1];
        final ReaderRunner[] self = new ReaderRunner[1];
        final ControlledRecordHandler handler = (buffer, offset, length, position) ->
        {
            if (printer.records() >= limit)
            {
                self[0].requestStop();
                return ControlledRecordHandler.Action.ABORT;
            }
            printer.onRecord(buffer, offset, length, position);
            return ControlledRecordHandler.Action.CONTINUE;
        };
        final ReaderRunner runner = ReaderRunner.controlled(reader, handler, BATCH, idleStrategy).afterPoll(result ->
        {
            if (result > 0 && printer.flushAndCheck())
            {
                outputClosed[0] = true;
                self[0].requestStop();
            }
            else if (printer.records() >= limit)
            {
                self[0].requestStop();
            }
        });
        self[0] = runner;
        if (limit <= 0)
        {
            return "MAX";
        }
        runner.run();
        switch (runner.stopReason())
        {
            case EXHAUSTED:
                return reader.exhausted().name();
            case STOP_REQUESTED:
                return outputClosed[0] ? null : "MAX";
            default:
                printer.flushAndCheck();
                return null;
        }
    }

    private long parseJournalFrom()
    {
        return "0".equals(from.trim()) ? -1 : DumpCommand.parseJournalPosition(spec, from);
    }

    private long parseFrom()
    {
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
     * Waits until the journal has a segment, telling once on stderr.
     *
     * @return true when it has one, false when interrupted.
     * @throws CliException when {@code --wait} ran out.
     */
    private boolean awaitJournal(final Path root, final int journalId)
    {
        final long deadline = wait == null ? Long.MAX_VALUE : System.nanoTime() + wait.toNanos();
        final Path folder = Journal.folder(root, journalId);
        boolean told = false;
        while (Journal.segments(root, journalId).length == 0)
        {
            if (System.nanoTime() - deadline >= 0)
            {
                throw new CliException(ExitCodes.ERROR, "journal " + Values.journalIdText(journalId) +
                    " did not appear within " + wait + ": no segment in " + folder);
            }
            if (!told)
            {
                told = true;
                final PrintWriter err = spec.commandLine().getErr();
                err.println(spec.qualifiedName() + ": waiting for journal " + Values.journalIdText(journalId) +
                    " at " + folder);
                err.flush();
            }
            LockSupport.parkNanos(OPEN_RETRY_NANOS);
            if (Thread.currentThread().isInterrupted())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Opens the reader, waiting while the channel does not exist or is being created, telling once on stderr.
     *
     * @return the reader, or null when interrupted.
     */
    private Reader awaitReader(final Path path)
    {
        final boolean[] told = new boolean[1];
        final long start = System.nanoTime();
        try
        {
            return Kekbit.awaitShmReader(target.root(), target.channelId(), wait,
                new SleepingIdleStrategy(OPEN_RETRY_NANOS), () ->
                {
                    if (!told[0])
                    {
                        told[0] = true;
                        final PrintWriter err = spec.commandLine().getErr();
                        err.println(spec.qualifiedName() + ": waiting for channel " +
                            Values.idText(target.channelId()) + " at " + path);
                        err.flush();
                    }
                    return false;
                });
        }
        catch (final ChannelException ex)
        {
            final boolean expired = wait != null && System.nanoTime() - start >= wait.toNanos();
            if (!expired || ex.isStaleLock() ||
                ex.reason() != ChannelError.STORAGE_NOT_FOUND && ex.reason() != ChannelError.STORAGE_NOT_READY)
            {
                throw Channels.toCliException(ex, target.channelId());
            }
            if (ex.reason() == ChannelError.STORAGE_NOT_READY)
            {
                throw new CliException(ExitCodes.ERROR, "channel " + Values.idText(target.channelId()) +
                    " was not ready within " + wait + ": " + ex.getMessage());
            }
            throw new CliException(ExitCodes.ERROR, "channel " + Values.idText(target.channelId()) +
                " did not appear within " + wait + ": no file " + path);
        }
    }

    /**
     * Consumes every record written so far without printing it.
     *
     * @return the terminal status if the channel is already exhausted, or null.
     */
    private static String skipToEnd(final Reader reader)
    {
        Readers.skipToEnd(reader);
        return reader.exhausted() == null ? null : reader.exhausted().name();
    }
}
