package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteCommandTest
{
    @TempDir
    Path root;

    @Test
    void shouldWriteTheGoldenClosedTextChannelByteForByte() throws IOException
    {
        final StringBuilder words = new StringBuilder();
        for (final tools.jackson.databind.JsonNode word : Golden.expected("closed-text").get("writer_input_lines"))
        {
            words.append(word.asString()).append('\n');
        }
        final Cli cli = Cli.withInput(words.toString(), "write", root.toString(), "42", "--writer-id", "1850",
            "--capacity", "16KB", "--max-message-length", "1000", "--timeout", "99999999999ns", "--tick-unit", "nanos");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        final Path file = Kekbit.storagePath(root, 42);
        assertThat(cli.outLines()).containsExactly("wrote 14 records to " + file + ", write position 232, closed");
        final byte[] ours = Files.readAllBytes(file);
        final byte[] rust = Files.readAllBytes(Golden.file("closed-text"));
        final int creationTime = ChannelHeaderDescriptor.CREATION_TIME_OFFSET;
        assertThat(Arrays.copyOfRange(ours, 0, creationTime)).isEqualTo(Arrays.copyOfRange(rust, 0, creationTime));
        assertThat(Arrays.copyOfRange(ours, creationTime + 8, 1024 + 240))
            .isEqualTo(Arrays.copyOfRange(rust, creationTime + 8, 1024 + 240));
    }

    @Test
    void shouldWriteEachLineAsARecordSkippingEmptyLinesAndStrippingCrLf()
    {
        final Cli cli = Cli.withInput("alpha\r\n\nbeta\ngamma", "write", root.toString(), "0x10");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(records(16)).containsExactly("alpha", "beta", "gamma");
        assertThat(Cli.run("dump", root.toString(), "16").outLines())
            .containsExactly("8\t5\talpha", "24\t4\tbeta", "40\t5\tgamma", "END\tCLOSED");
    }

    @Test
    void shouldStoreTheHeaderOptions()
    {
        final Cli cli = Cli.withInput("x\n", "write", root.toString(), "7", "--writer-id", "0xff",
            "--capacity", "64KB", "--max-message-length", "100", "--timeout", "1500ms", "--tick-unit", "MICROS",
            "--quiet");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.out()).isEmpty();
        final Header header = Header.read(Kekbit.storagePath(root, 7));
        assertThat(header.writerId()).isEqualTo(255);
        assertThat(header.channelId()).isEqualTo(7);
        assertThat(header.capacity()).isEqualTo(65536);
        assertThat(header.maxMessageLength()).isEqualTo(112);
        assertThat(header.timeout()).isEqualTo(1_500_000);
        assertThat(header.tickUnit()).isEqualTo(TickUnit.MICROS);
    }

    @Test
    void shouldDefaultToTheLargestMaxMessageLength()
    {
        Cli.withInput("x\n", "write", root.toString(), "8", "--capacity", "1MB", "-q");
        assertThat(Header.read(Kekbit.storagePath(root, 8)).maxMessageLength()).isEqualTo(8184);
    }

    @Test
    void shouldReportATooLongLineWithItsNumberAndTheLimitAndKeepEarlierRecords()
    {
        final String input = "a\nb\n" + "x".repeat(121) + "\nc\n";
        final Cli cli = Cli.withInput(input, "write", root.toString(), "42", "--capacity", "16KB");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(cli.outLines()).containsExactly(
            "wrote 2 records to " + Kekbit.storagePath(root, 42) + ", write position 40, closed");
        assertThat(cli.errLines()).containsExactly(
            "kekbit write: line 3: 121 bytes exceed the channel's max message length of 120 bytes; lines before it " +
                "were written");
        assertThat(Cli.run("dump", root.toString(), "42").outLines())
            .containsExactly("8\t1\ta", "24\t1\tb", "END\tCLOSED");
    }

    @Test
    void shouldAcceptALineOfExactlyTheMaxMessageLength()
    {
        final Cli cli = Cli.withInput("y".repeat(120) + "\n", "write", root.toString(), "42", "--capacity", "16KB");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(records(42)).containsExactly("y".repeat(120));
    }

    @Test
    void shouldReportALineThatNoLongerFitsAndKeepEarlierRecords()
    {
        final String line = "z".repeat(120) + "\n";
        final Cli cli = Cli.withInput(line.repeat(130), "write", root.toString(), "42", "--capacity", "16KB");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(cli.errLines()).containsExactly("kekbit write: line 128: no space left for a 120-byte record " +
            "(NO_SPACE_FOR_RECORD, 120 bytes left at write position 16264); lines before it were written");
        assertThat(records(42)).hasSize(127);
    }

    @Test
    void shouldDecodeHexLines()
    {
        final Cli cli = Cli.withInput("00ff\n0A0b7F\n", "write", root.toString(), "42", "--hex");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(Cli.run("dump", root.toString(), "42", "--format", "hex").outLines())
            .containsExactly("8\t2\t00ff", "24\t3\t0a0b7f", "END\tCLOSED");
    }

    @Test
    void shouldReportBadHexWithTheLineNumber()
    {
        final Cli odd = Cli.withInput("00ff\nabc\n", "write", root.toString(), "1", "--hex");
        assertThat(odd.exitCode()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(odd.errLines()).containsExactly(
            "kekbit write: line 2: odd number of hex digits (3); lines before it were written");
        final Cli digit = Cli.withInput("00ff\n0g\n", "write", root.toString(), "2", "--hex");
        assertThat(digit.exitCode()).isEqualTo(ExitCodes.INPUT_REJECTED);
        assertThat(digit.errLines()).containsExactly(
            "kekbit write: line 2: invalid hex digit 0x67 at column 2; lines before it were written");
        final Cli tooLong = Cli.withInput("00".repeat(121) + "\n", "write", root.toString(), "3", "--hex",
            "--capacity", "16KB");
        assertThat(tooLong.errLines()).containsExactly("kekbit write: line 1: 121 bytes exceed the channel's max " +
            "message length of 120 bytes; lines before it were written");
        assertThat(records(1)).hasSize(1);
        assertThat(records(2)).hasSize(1);
        assertThat(records(3)).isEmpty();
    }

    @Test
    void shouldLeaveTheChannelOpenWithNoClose()
    {
        final Cli cli = Cli.withInput("one\ntwo\n", "write", root.toString(), "42", "--no-close");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).containsExactly(
            "wrote 2 records to " + Kekbit.storagePath(root, 42) + ", write position 40, left open");
        assertThat(Cli.run("dump", root.toString(), "42").outLines())
            .containsExactly("8\t3\tone", "24\t3\ttwo", "END\tWATERMARK");
    }

    @Test
    void shouldRefuseAnExistingChannel()
    {
        Cli.withInput("first\n", "write", root.toString(), "42");
        final Cli cli = Cli.withInput("second\n", "write", root.toString(), "42");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).containsExactly("kekbit write: channel 42 (0x000000000000002a) already exists: " +
            "STORAGE_ALREADY_EXISTS: " + Kekbit.storagePath(root, 42) + ": channel file already exists");
        assertThat(records(42)).containsExactly("first");
    }

    @Test
    void shouldRejectBadOptionValues()
    {
        assertThat(Cli.run("write", root.toString(), "1", "--capacity", "10GB").errLines()).containsExactly(
            "kekbit write: Invalid value for option '--capacity': 10737418240 (INVALID_CAPACITY: capacity: expected " +
                "at most 4294967288 (u32 in the header), actual 10737418240)",
            "Try 'kekbit write --help' for more information.");
        assertThat(Cli.run("write", root.toString(), "1", "--capacity", "lots").errLines()).first().isEqualTo(
            "kekbit write: Invalid value for option '--capacity': 'lots' is not a size (expected digits and an " +
                "optional unit: B, KB, MB or GB, for example 16KB or 64MB)");
        assertThat(Cli.run("write", root.toString(), "1", "--timeout", "5").errLines()).first().isEqualTo(
            "kekbit write: Invalid value for option '--timeout': '5' is not a duration (expected digits and a unit: " +
                "ns, us, ms, s, m, h or d, for example 30s or 500ms)");
        assertThat(Cli.run("write", root.toString(), "1", "--tick-unit", "hours").errLines()).first().isEqualTo(
            "kekbit write: Invalid value for option '--tick-unit': expected one of [NANOS, MICROS, MILLIS, SECS] " +
                "(case-insensitive) but was 'hours'");
        assertThat(Cli.run("write", root.toString(), "1", "--writer-id", "-1").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(Cli.run("write", root.toString(), "1", "--bogus").errLines()).first().isEqualTo(
            "kekbit write: Unknown option: '--bogus'");
        assertThat(Files.exists(Kekbit.storagePath(root, 1))).isFalse();
    }

    private List<String> records(final long channelId)
    {
        final List<String> records = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            long result;
            do
            {
                result = reader.read((buffer, offset, length, position) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.get(offset, bytes);
                    records.add(new String(bytes, StandardCharsets.UTF_8));
                }, 100);
            }
            while (result > 0);
            assertThat(reader.exhausted()).isIn(ReadError.CLOSED, null);
        }
        return records;
    }

    @Test
    void shouldPrintHelp()
    {
        final Cli cli = Cli.run("write", "--help");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).contains("--max-message-length=SIZE", "--tick-unit=UNIT", "--no-close", "--hex");
    }
}
