package io.kekbit.cli;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.TickUnit;
import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kekbit header FILE}: prints every header field of a channel file and checks the file length. Not
 * thread-safe (one instance per invocation).
 */
@Command(
    name = "header",
    mixinStandardHelpOptions = true,
    description = {
        "Prints every header field of a channel file (signature, version, ids, capacity, max message length, " +
        "timeout, creation time, tick unit), the file size and whether the file is long enough for its capacity.",
        "Exit code 1 when the file is missing, not a kekbit channel, invalid, or too short."
    })
final class HeaderCommand implements Callable<Integer>
{
    private static final String FORMAT = "%-19s %s%n";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE",
        description = "A channel file, such as ROOT/0000_0000/0000_002a.kekbit.")
    private Path file;

    @Override
    public Integer call()
    {
        if (!Files.isRegularFile(file))
        {
            throw new CliException(ExitCodes.ERROR, (Files.exists(file) ? "not a file: " : "no such file: ") + file);
        }
        final Header header;
        try
        {
            header = Header.read(file);
        }
        catch (final ChannelException ex)
        {
            throw new CliException(ExitCodes.ERROR, Channels.describe(ex));
        }
        final long size;
        try
        {
            size = Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new CliException(ExitCodes.ERROR, "could not read the size of " + file + ": " + ex);
        }
        final PrintWriter out = spec.commandLine().getOut();
        final TickUnit unit = header.tickUnit();
        final String unitName = unit.name().toLowerCase(Locale.ROOT);
        out.printf(FORMAT, "file", file);
        out.printf(FORMAT, "file_size", size);
        out.printf(FORMAT, "signature",
            String.format("0x%016x (*KEKBIT*) ok", ChannelHeaderDescriptor.SIGNATURE));
        out.printf(FORMAT, "version", ChannelHeaderDescriptor.versionString(header.version()) +
            String.format(" (0x%016x)", header.version()));
        out.printf(FORMAT, "writer_id", Values.idText(header.writerId()));
        out.printf(FORMAT, "channel_id", Values.idText(header.channelId()));
        out.printf(FORMAT, "capacity", header.capacity());
        out.printf(FORMAT, "max_message_length", header.maxMessageLength());
        out.printf(FORMAT, "timeout", Long.toUnsignedString(header.timeout()) + " " + unitName + " (" +
            timeoutText(header) + ")");
        out.printf(FORMAT, "creation_time", creationInstant(header) + " (" +
            Long.toUnsignedString(header.creationTime()) + " " + unitName + ")");
        out.printf(FORMAT, "tick_unit", unitName + " (id " + unit.id() + ")");
        final long complete = ChannelHeaderDescriptor.fileLength(header.capacity());
        final long minimum = header.capacity() + ChannelHeaderDescriptor.HEADER_LENGTH +
            ChannelHeaderDescriptor.TRAILER_LENGTH;
        final boolean longEnough = size >= minimum;
        if (size >= complete)
        {
            out.printf(FORMAT, "file_length", "ok: the whole data area is in the file (at least " + complete +
                " bytes)");
        }
        else if (longEnough)
        {
            final long stored = size - ChannelHeaderDescriptor.DATA_OFFSET;
            out.printf(FORMAT, "file_length", "ok: Rust kekbit 0.2.3 length (capacity + 160 = " + minimum +
                "); data positions " + Math.max(0, stored) + ".." + (header.capacity() - 1) +
                " are past the end of the file and read as zero");
        }
        else
        {
            out.printf(FORMAT, "file_length", "TOO SHORT: expected at least " + minimum + " bytes (capacity + 160), " +
                "actual " + size);
        }
        out.flush();
        if (!longEnough)
        {
            throw new CliException(ExitCodes.ERROR, "truncated channel file " + file + ": expected at least " +
                minimum + " bytes for capacity " + header.capacity() + ", actual " + size);
        }
        return ExitCodes.OK;
    }

    /**
     * The stored timeout as a duration; one beyond {@link java.time.Duration}'s range (up to 2^64 - 1 seconds can be
     * stored) is given in seconds instead of as the largest duration, which is not the stored value.
     */
    static String timeoutText(final Header header)
    {
        final BigInteger nanos = new BigInteger(Long.toUnsignedString(header.timeout()))
            .multiply(BigInteger.valueOf(header.tickUnit().toDuration(1).toNanos()));
        final BigInteger[] seconds = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        if (seconds[0].bitLength() < Long.SIZE)
        {
            return header.timeoutDuration().toString();
        }
        return seconds[0] + (seconds[1].signum() == 0 ? "" : "." + String.format("%09d", seconds[1].longValue())) +
            " s, beyond java.time.Duration; readers treat it as the longest duration";
    }

    private static String creationInstant(final Header header)
    {
        try
        {
            return Instant.EPOCH.plus(header.tickUnit().toDuration(header.creationTime())).toString();
        }
        catch (final ArithmeticException | java.time.DateTimeException ex)
        {
            return "out of range";
        }
    }
}
