package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeaderCommandTest
{
    @TempDir
    Path root;

    @Test
    void shouldPrintEveryFieldOfTheGoldenClosedTextHeader()
    {
        final Path file = Golden.file("closed-text");
        final Cli cli = Cli.run("header", file.toString());
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.outLines()).containsExactly(
            "file                " + file,
            "file_size           16544",
            "signature           0x2a5449424b454b2a (*KEKBIT*) ok",
            "version             1.0.0 (0x0001000000000000)",
            "writer_id           1850 (0x000000000000073a)",
            "channel_id          42 (0x000000000000002a)",
            "capacity            16384",
            "max_message_length  120",
            "timeout             99999999999 nanos (PT1M39.999999999S)",
            "creation_time       2026-11-26T12:53:11.455469786Z (1795697591455469786 nanos)",
            "tick_unit           nanos (id 9)",
            "file_length         ok: Rust kekbit 0.2.3 length (capacity + 160 = 16544); data positions " +
                "15520..16383 are past the end of the file and read as zero");
    }

    @Test
    void shouldPrintWideAndHexChannelIdsInDecimalAndHex()
    {
        final Cli wide = Cli.run("header", Golden.file("channel-id-wide").toString());
        assertThat(wide.outLines()).contains("channel_id          281483566841860 (0x0001000200030004)");
        assertThat(wide.outLines()).anyMatch(l -> l.matches("timeout             \\d+ secs \\(PT.*\\)"));
        assertThat(wide.outLines()).contains("tick_unit           secs (id 0)");
        final Cli hex = Cli.run("header", Golden.file("channel-id-hex").toString());
        assertThat(hex.outLines()).contains("channel_id          " + Long.toUnsignedString(0xAAAABBBBCCCCDDDDL) + " (0xaaaabbbbccccdddd)");
    }

    @Test
    void shouldReportACompleteFileWrittenByKekbitCore()
    {
        final Header header = Header.of(7, 0x1234, 32 * 1024, 100, 5000, TickUnit.MILLIS);
        try (Writer writer = Kekbit.shmWriter(root, header))
        {
            writer.write(new byte[] {1});
        }
        final Path file = Kekbit.storagePath(root, 0x1234);
        final Cli cli = Cli.run("header", file.toString());
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).containsSubsequence(
            "file_size           33824",
            "writer_id           7 (0x0000000000000007)",
            "channel_id          4660 (0x0000000000001234)",
            "capacity            32768",
            "max_message_length  112",
            "timeout             5000 millis (PT5S)",
            "creation_time       " + Instant.ofEpochMilli(header.creationTime()) + " (" + header.creationTime() +
                " millis)",
            "tick_unit           millis (id 3)",
            "file_length         ok: the whole data area is in the file (at least 33824 bytes)");
    }

    /**
     * A timeout of 2^64 - 1 seconds (the largest the format stores, beyond java.time.Duration) is shown as stored,
     * not as the largest Java duration; 2^64 - 1 milliseconds fits a duration and is shown as one.
     */
    @Test
    void shouldShowTheStoredTimeoutBeyondJavaDuration() throws IOException
    {
        final Path secs = withLargestTimeout(0x51, TickUnit.SECS);
        final Cli cli = Cli.run("header", secs.toString());
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).contains("timeout             18446744073709551615 secs (18446744073709551615 s, " +
            "beyond java.time.Duration; readers treat it as the longest duration)");
        final Path millis = withLargestTimeout(0x52, TickUnit.MILLIS);
        assertThat(Cli.run("header", millis.toString()).outLines())
            .contains("timeout             18446744073709551615 millis (PT5124095576030H25M51.615S)");
    }

    private Path withLargestTimeout(final long channelId, final TickUnit unit) throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(7, channelId, 16384, 100, 5000, unit)))
        {
            writer.write(new byte[] {1});
        }
        final Path file = Kekbit.storagePath(root, channelId);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(ChannelHeaderDescriptor.TIMEOUT_OFFSET);
            raf.write(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
        }
        return file;
    }

    @Test
    void shouldRejectAFileThatIsNotAKekbitChannel() throws IOException
    {
        final Path file = copyOfGolden();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.write("NOTKEKBI".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        final Cli cli = Cli.run("header", file.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).containsExactly("kekbit header: not a kekbit channel: INVALID_SIGNATURE: " + file +
            ": signature: expected 0x2a5449424b454b2a (*KEKBIT*), actual 0x49424b454b544f4e");
    }

    @Test
    void shouldReportATruncatedFile() throws IOException
    {
        final Path file = copyOfGolden();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(2000);
        }
        final Cli cli = Cli.run("header", file.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.outLines()).contains(
            "file_size           2000",
            "file_length         TOO SHORT: expected at least 16544 bytes (capacity + 160), actual 2000");
        assertThat(cli.errLines()).containsExactly("kekbit header: truncated channel file " + file +
            ": expected at least 16544 bytes for capacity 16384, actual 2000");
    }

    @Test
    void shouldReportAMissingFileOrAFolder()
    {
        final Path missing = root.resolve("nope.kekbit");
        final Cli cli = Cli.run("header", missing.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).containsExactly("kekbit header: no such file: " + missing);
        final Cli folder = Cli.run("header", root.toString());
        assertThat(folder.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(folder.errLines()).containsExactly("kekbit header: not a file: " + root);
    }

    @Test
    void shouldReportAFileTooShortForAHeader() throws IOException
    {
        final Path file = Files.write(root.resolve("short.kekbit"), new byte[10]);
        final Cli cli = Cli.run("header", file.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).containsExactly("kekbit header: ACCESS_ERROR: " + file +
            ": file too short for a header: expected at least 128 bytes, actual 10");
    }

    @Test
    void shouldPrintHelp()
    {
        final Cli cli = Cli.run("header", "--help");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.outLines().get(0)).isEqualTo("Usage: kekbit header [-hV] FILE");
    }

    private Path copyOfGolden() throws IOException
    {
        final Path file = Kekbit.storagePath(root, 42);
        Files.createDirectories(file.getParent());
        Files.copy(Golden.file("closed-text"), file);
        file.toFile().setWritable(true, true);
        return file;
    }
}
