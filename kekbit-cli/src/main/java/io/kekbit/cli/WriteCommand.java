package io.kekbit.cli;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kekbit write ROOT CHANNEL_ID}: creates a channel and writes each standard-input line as one record. Not
 * thread-safe (one instance per invocation).
 */
@Command(
    name = "write",
    mixinStandardHelpOptions = true,
    description = {
        "Creates a channel and writes each line of standard input as one record (the bytes of the line without " +
        "its \\n or \\r\\n; hex-decoded with --hex), then closes the channel unless --no-close. Empty lines are " +
        "skipped: the format has no empty records.",
        "A line that does not fit (longer than the max message length, bad hex, no space left) stops the tool " +
        "with exit code 3 and a message naming the line; the records before it stay written."
    })
final class WriteCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "Root folder of the channels; created if missing.")
    private Path root;

    @Parameters(index = "1", paramLabel = "CHANNEL_ID", converter = Values.IdConverter.class,
        description = "Channel id, decimal or 0x hex.")
    private long channelId;

    @Option(names = "--writer-id", paramLabel = "N", defaultValue = "0", converter = Values.IdConverter.class,
        description = "Writer id stored in the header, decimal or 0x hex (default: ${DEFAULT-VALUE}).")
    private long writerId;

    @Option(names = "--capacity", paramLabel = "SIZE", defaultValue = "1MB", converter = Values.SizeConverter.class,
        description = "Capacity of the data area, at least 16KB, rounded up to a multiple of 8 " +
        "(default: ${DEFAULT-VALUE}).")
    private long capacity;

    @Option(names = "--max-message-length", paramLabel = "SIZE", converter = Values.SizeConverter.class,
        description = "Largest record payload wanted; the header stores align8(min(SIZE + 8, capacity / 128 - 8)) " +
        "as the Rust crate does (default: the largest the capacity allows).")
    private Long maxMessageLength;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
        converter = Values.DurationConverter.class,
        description = "Writer timeout: readers report TIMEOUT after this long without a write (default: " +
        "${DEFAULT-VALUE}); rounded down to whole tick units.")
    private Duration timeout;

    @Option(names = "--tick-unit", paramLabel = "UNIT", defaultValue = "millis",
        description = "Unit of the timeout and creation time: nanos, micros, millis or secs (default: " +
        "${DEFAULT-VALUE}).")
    private TickUnit tickUnit;

    @Option(names = "--hex", description = "Each line is the payload in hex (two digits per byte).")
    private boolean hex;

    @Option(names = "--no-close", description = "Leave the channel open (no CLOSE marker) when done.")
    private boolean noClose;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the summary line.")
    private boolean quiet;

    private static final int REFUSED_ODD_HEX = 1;
    private static final int REFUSED_TOO_LONG = 2;
    private static final int REFUSED_BAD_HEX = 3;
    private static final int REFUSED_WRITE = 4;

    /** What refused the last line: one of the {@code REFUSED_} kinds. */
    private int refusedKind;
    private long refusedLength;
    private long refusedValue;
    private byte refusedByte;

    @Override
    public Integer call()
    {
        final Header header = header();
        final long max = header.maxMessageLength();
        final Writer writer;
        try
        {
            writer = Kekbit.shmWriter(root, header);
        }
        catch (final ChannelException ex)
        {
            throw new CliException(ExitCodes.ERROR, ex.reason() == ChannelError.STORAGE_ALREADY_EXISTS ?
                "channel " + Values.idText(channelId) + " already exists: " + ex.getMessage() : Channels.describe(ex));
        }
        final Path path = Kekbit.storagePath(root, channelId);
        final KekbitCli parent = (KekbitCli)spec.parent().userObject();
        final LineReader lines = new LineReader(parent.stdin(), (int)(hex ? 2 * max : max));
        final byte[] payload = new byte[(int)Math.max(1, max)];
        long records = 0;
        boolean refused = false;
        try
        {
            while (lines.next())
            {
                if (!writeLine(writer, lines, payload, max))
                {
                    refused = true;
                    break;
                }
                if (lines.fullLength() > 0)
                {
                    records++;
                }
            }
            // The CLOSE marker goes in as soon as the input ends or a line is refused, before any error text is
            // built, so that a reader with a short timeout sees CLOSED rather than TIMEOUT.
            if (!noClose)
            {
                writer.seal();
            }
        }
        catch (final InternalError ex)
        {
            // On Java 17 the JDK may raise the fault of a page cut off by another process (truncate) after the write
            // that touched it returned, here rather than inside the writer, which reports it itself otherwise.
            throw new CliException(ExitCodes.ERROR, "channel file " + path + ": " + Channels.shrunk(path, ex));
        }
        finally
        {
            if (noClose)
            {
                writer.flush();
            }
            else
            {
                writer.close();
            }
        }
        final CliException failure = refused ? refusal(writer, lines.lineNumber()) : null;
        if (!quiet)
        {
            final PrintWriter out = spec.commandLine().getOut();
            out.println("wrote " + records + (records == 1 ? " record" : " records") + " to " + path +
                ", write position " + writer.writeOffset() + (noClose ? ", left open" : ", closed"));
            out.flush();
        }
        if (failure != null)
        {
            throw failure;
        }
        return ExitCodes.OK;
    }

    private Header header()
    {
        final long hint = maxMessageLength == null ? capacity : maxMessageLength;
        try
        {
            return Header.of(writerId, channelId, capacity, hint, timeout, tickUnit);
        }
        catch (final ChannelException | IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--capacity': " +
                capacity + " (" + ex.getMessage() + ")");
        }
    }

    /**
     * Writes one line. A refused line is only recorded here ({@link #refusedKind} and its numbers); its message is
     * built by {@link #refusal} after the channel is closed.
     *
     * @return true when written or skipped (empty), false when refused.
     */
    private boolean writeLine(final Writer writer, final LineReader lines, final byte[] payload, final long max)
    {
        if (lines.fullLength() == 0)
        {
            return true;
        }
        final long length = hex ? lines.fullLength() / 2 : lines.fullLength();
        refusedLength = length;
        if (hex && lines.fullLength() % 2 != 0)
        {
            refusedKind = REFUSED_ODD_HEX;
            refusedValue = lines.fullLength();
            return false;
        }
        if (length > max)
        {
            refusedKind = REFUSED_TOO_LONG;
            refusedValue = max;
            return false;
        }
        if (hex)
        {
            final int bad = decodeHex(lines.bytes(), lines.length(), payload);
            if (bad >= 0)
            {
                refusedKind = REFUSED_BAD_HEX;
                refusedValue = bad;
                refusedByte = lines.bytes()[bad];
                return false;
            }
        }
        else
        {
            System.arraycopy(lines.bytes(), 0, payload, 0, lines.length());
        }
        final long result = writer.write(payload, 0, (int)length);
        if (result >= 0)
        {
            return true;
        }
        refusedKind = REFUSED_WRITE;
        refusedValue = result;
        return false;
    }

    /**
     * The error for the refused line recorded by {@link #writeLine}.
     */
    private CliException refusal(final Writer writer, final long line)
    {
        switch (refusedKind)
        {
            case REFUSED_ODD_HEX:
                return rejected(line, "odd number of hex digits (" + refusedValue + ")");
            case REFUSED_TOO_LONG:
                return rejected(line, refusedLength + " bytes exceed the channel's max message length of " +
                    refusedValue + " bytes");
            case REFUSED_BAD_HEX:
                return rejected(line, String.format(Locale.ROOT, "invalid hex digit 0x%02x at column %d",
                    refusedByte & 0xFF, refusedValue + 1));
            default:
                final WriteError error = WriteError.fromCode(refusedValue);
                if (error == WriteError.CHANNEL_FULL)
                {
                    return rejected(line, "channel full (capacity " + writer.header().capacity() +
                        ", write position " + writer.writeOffset() + ")");
                }
                return rejected(line, "no space left for a " + refusedLength + "-byte record (" + error + ", " +
                    writer.available() + " bytes left at write position " + writer.writeOffset() + ")");
        }
    }

    private static CliException rejected(final long line, final String reason)
    {
        return new CliException(ExitCodes.INPUT_REJECTED, "line " + line + ": " + reason +
            "; lines before it were written");
    }

    /**
     * Decodes hex digits into {@code out}.
     *
     * @return -1 when every digit is valid, else the index of the first invalid one.
     */
    private static int decodeHex(final byte[] text, final int length, final byte[] out)
    {
        for (int i = 0; i < length; i += 2)
        {
            final int hi = Character.digit(text[i], 16);
            final int lo = Character.digit(text[i + 1], 16);
            if (hi < 0 || lo < 0)
            {
                return hi < 0 ? i : i + 1;
            }
            out[i / 2] = (byte)(hi << 4 | lo);
        }
        return -1;
    }
}
