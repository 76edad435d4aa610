package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import tools.jackson.databind.JsonNode;

class DumpCommandTest
{
    static final List<String> GOLDEN_CASES = Golden.CASES;

    @TempDir
    Path root;

    @Test
    void shouldDumpTheGoldenClosedTextAsText()
    {
        final Cli cli = Cli.run("dump", Golden.root("closed-text").toString(), "42");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.outLines()).containsExactly(
            "8\t5\tThere", "24\t3\tare", "40\t2\t10", "56\t5\tkinds", "72\t2\tof", "88\t7\tpeople:",
            "104\t5\tthose", "120\t3\twho", "136\t4\tknow", "152\t6\tbinary", "168\t3\tand", "184\t5\tthose",
            "200\t3\twho", "216\t5\tdon't", "END\tCLOSED");
    }

    /**
     * Every golden case: the records (position, length, hex payload) and the terminal status the Rust reader
     * reported, with the status names mapped (Closed to CLOSED, ChannelFull to CHANNEL_FULL).
     */
    @ParameterizedTest
    @FieldSource("GOLDEN_CASES")
    void shouldDumpEveryGoldenCaseAsTheRustReaderReadIt(final String name)
    {
        final JsonNode expected = Golden.expected(name);
        final List<String> lines = new ArrayList<>();
        final long fileSize = expected.get("file_size").asLong();
        long cut = -1;
        for (final JsonNode record : expected.get("records"))
        {
            final long position = record.get("position").asLong();
            if (1024 + position + 8 + record.get("length").asInt() > fileSize)
            {
                // The crate's file ends 864 bytes before its data area: we never hand out bytes we cannot see.
                cut = position;
                break;
            }
            lines.add(position + "\t" + record.get("length").asInt() + "\t" + record.get("hex").asString());
        }
        final String status = expected.get("terminal_status").asString();
        lines.add("END\t" + (cut >= 0 ? "FAILED" : status.equals("WATERMARK") ? status :
            status.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)));
        final Cli cli = Cli.run("dump", Golden.root(name).toString(), Golden.channelId(name), "--format", "hex");
        assertThat(cli.outLines()).containsExactlyElementsOf(lines);
        if (cut >= 0)
        {
            assertThat(cli.exitCode()).as(cli.toString()).isEqualTo(1);
            assertThat(cli.err()).as(cli.toString()).contains("the record at position " + cut)
                .contains("past the end of the file (stored length " + fileSize + " bytes)")
                .contains("store 864 bytes less than their data area");
        }
        else
        {
            assertThat(cli.exitCode()).as(cli.toString()).isZero();
        }
    }

    @Test
    void shouldDumpAnOpenChannelUpToTheWatermarkAsJson()
    {
        final Cli cli = Cli.run("dump", Golden.root("open-writer").toString(), "0x2a", "--format", "json");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).containsExactly(
            "{\"position\":8,\"length\":5,\"hex\":\"616c706861\",\"text\":\"alpha\"}",
            "{\"position\":24,\"length\":4,\"hex\":\"62657461\",\"text\":\"beta\"}",
            "{\"position\":40,\"length\":5,\"hex\":\"67616d6d61\",\"text\":\"gamma\"}",
            "{\"position\":56,\"length\":5,\"hex\":\"64656c7461\",\"text\":\"delta\"}",
            "{\"position\":72,\"length\":7,\"hex\":\"657073696c6f6e\",\"text\":\"epsilon\"}",
            "{\"end\":\"WATERMARK\"}");
    }

    @Test
    void shouldSkipHeartbeats()
    {
        final Cli cli = Cli.run("dump", Golden.root("heartbeats").toString(), "42", "--max", "3");
        assertThat(cli.outLines()).containsExactly("8\t5\tThere", "24\t3\tare", "40\t2\t10", "END\tMAX");
    }

    @Test
    void shouldStartFromAPositionAndStopAfterMaxRecords()
    {
        final Cli cli = Cli.run("dump", Golden.root("closed-text").toString(), "42", "--from", "184", "--max", "2");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.outLines()).containsExactly("184\t5\tthose", "200\t3\twho", "END\tMAX");
        final Cli atEnd = Cli.run("dump", Golden.root("closed-text").toString(), "42", "--from", "232");
        assertThat(atEnd.outLines()).containsExactly("END\tCLOSED");
    }

    @Test
    void shouldEscapeBinaryPayloadsInText()
    {
        final Cli cli = Cli.run("dump", Golden.root("binary-max").toString(), "42", "--from", "592");
        assertThat(cli.outLines()).containsExactly(
            "592\t1\t\\x00", "608\t1\t\\xff", "624\t7\t\\x01\\x02\\x03\\x04\\x05\\x06\\x07",
            "640\t8\t\\x10\\x11\\x12\\x13\\x14\\x15\\x16\\x17", "656\t9\t !\"#$%&'(",
            "680\t8\t\\xff\\xff\\xff\\xff\\xff\\xff\\xff\\xff", "696\t8\t\\x11\\x11\\x11\\x11\\xff\\xff\\xff\\xff",
            "712\t1\t\\n", "END\tCLOSED");
    }

    @Test
    void shouldReportTimeoutForAChannelWithZeroTimeout()
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 5, 0, 100, 0, TickUnit.MILLIS)))
        {
            writer.write("only".getBytes(StandardCharsets.UTF_8));
            final Cli cli = Cli.run("dump", root.toString(), "5");
            assertThat(cli.exitCode()).isZero();
            assertThat(cli.outLines()).containsExactly("8\t4\tonly", "END\tTIMEOUT");
        }
    }

    @Test
    void shouldReportWatermarkForAnOpenChannelWrittenByKekbitCore()
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 6, 0, 100, Duration.ofMinutes(1), TickUnit.NANOS)))
        {
            writer.write("a".getBytes(StandardCharsets.UTF_8));
            writer.heartbeat();
            writer.write("b".getBytes(StandardCharsets.UTF_8));
            final Cli cli = Cli.run("dump", root.toString(), "6");
            assertThat(cli.outLines()).containsExactly("8\t1\ta", "32\t1\tb", "END\tWATERMARK");
        }
    }

    @Test
    void shouldReportACorruptChannelWithFailedAndExitCode1() throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 7, 0, 100, Duration.ofMinutes(1), TickUnit.NANOS)))
        {
            writer.write("good".getBytes(StandardCharsets.UTF_8));
            writer.write("bad".getBytes(StandardCharsets.UTF_8));
        }
        final Path file = Kekbit.storagePath(root, 7);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(ChannelHeaderDescriptor.DATA_OFFSET + 24);
            raf.write(new byte[] {(byte)0xc8, 0, 0, 0, 0, 0, 0, 0});
        }
        final Cli cli = Cli.run("dump", root.toString(), "7");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.outLines()).containsExactly("8\t4\tgood", "END\tFAILED");
        assertThat(cli.errLines()).containsExactly("kekbit dump: corrupt channel " + file +
            ": invalid length word 0x00000000000000c8 at position 24 (max message length 112)");
    }

    @Test
    void shouldStopReadingWhenTheOutputIsClosed()
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 8, 1 << 20, 100, 0, TickUnit.MILLIS)))
        {
            for (int i = 0; i < 5000; i++)
            {
                writer.write(new byte[] {'r'});
            }
        }
        final java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        final java.io.Writer closedPipe = new java.io.Writer()
        {
            @Override
            public void write(final char[] chars, final int offset, final int length) throws IOException
            {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush() throws IOException
            {
                throw new IOException("Broken pipe");
            }

            @Override
            public void close()
            {
            }
        };
        final java.io.StringWriter err = new java.io.StringWriter();
        final int exitCode = KekbitCli.commandLine(java.io.InputStream.nullInputStream(),
            new java.io.PrintWriter(closedPipe), new java.io.PrintWriter(err)).execute("dump", root.toString(), "8");
        assertThat(exitCode).isZero();
        assertThat(err.toString()).isEmpty();
        assertThat(writes.get()).isPositive().isLessThan(2000);
    }

    @Test
    void shouldReportAMissingRoot()
    {
        final Path missing = root.resolve("nope");
        final Cli cli = Cli.run("dump", missing.toString(), "42");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.errLines()).containsExactly("kekbit dump: root folder not found: " + missing);
    }

    @Test
    void shouldReportAnUnknownChannel()
    {
        final Cli cli = Cli.run("dump", Golden.root("closed-text").toString(), "0x2b");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).containsExactly("kekbit dump: unknown channel 43 (0x000000000000002b): no file " +
            Golden.root("closed-text").resolve("0000_0000/0000_002b.kekbit"));
    }

    @Test
    void shouldReportAFileWithABadSignature() throws IOException
    {
        final Path file = Kekbit.storagePath(root, 42);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[20_000]);
        final Cli cli = Cli.run("dump", root.toString(), "42");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).containsExactly("kekbit dump: not a kekbit channel: INVALID_SIGNATURE: " + file +
            ": signature: expected 0x2a5449424b454b2a (*KEKBIT*), actual 0x0000000000000000");
    }

    @Test
    void shouldReportAChannelThatIsBeingCreated() throws IOException
    {
        final Path file = Kekbit.storagePath(root, 42);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[20_000]);
        Files.write(file.resolveSibling("0000_002a.lock"), new byte[0]);
        final Cli cli = Cli.run("dump", root.toString(), "42");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).singleElement().asString()
            .startsWith("kekbit dump: STORAGE_NOT_READY: " + file + ": lock file ");
    }

    @Test
    void shouldRejectAPositionInsideARecordOrBeyondTheData()
    {
        final String goldenRoot = Golden.root("closed-text").toString();
        final Path file = Golden.file("closed-text");
        final Cli inside = Cli.run("dump", goldenRoot, "42", "--from", "16");
        assertThat(inside.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(inside.out()).isEmpty();
        assertThat(inside.errLines()).containsExactly("kekbit dump: invalid --from 16: UNALIGNED in " + file +
            " (not a multiple of 8, or inside a record); valid positions are 0, a record's position, or the write " +
            "position");
        final Cli beyond = Cli.run("dump", goldenRoot, "42", "--from", "240");
        assertThat(beyond.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(beyond.errLines()).containsExactly("kekbit dump: invalid --from 240: UNAVAILABLE in " + file +
            " (negative, or beyond the written data); valid positions are 0, a record's position, or the write " +
            "position");
    }

    @Test
    void shouldRejectBadOptionValues()
    {
        final String goldenRoot = Golden.root("closed-text").toString();
        final Cli format = Cli.run("dump", goldenRoot, "42", "--format", "yaml");
        assertThat(format.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.errLines()).containsExactly(
            "kekbit dump: Invalid value for option '--format': expected one of [TEXT, HEX, JSON] " +
                "(case-insensitive) but was 'yaml'",
            "Try 'kekbit dump --help' for more information.");
        final Cli id = Cli.run("dump", goldenRoot, "forty-two");
        assertThat(id.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(id.errLines()).containsExactly(
            "kekbit dump: Invalid value for positional parameter at index 1 (CHANNEL_ID): 'forty-two' is not an id " +
                "(expected decimal digits or 0x and hex digits, for example 42 or 0x2a)",
            "Try 'kekbit dump --help' for more information.");
        final Cli max = Cli.run("dump", goldenRoot, "42", "--max", "0");
        assertThat(max.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(max.errLines()).first().isEqualTo(
            "kekbit dump: Invalid value for option '--max': 0 (expected at least 1)");
        final Cli from = Cli.run("dump", goldenRoot, "42", "--from", "x");
        assertThat(from.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(from.errLines()).first().asString().startsWith("kekbit dump: Invalid value for option '--from'");
        final Cli missing = Cli.run("dump", goldenRoot);
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.errLines()).first().isEqualTo(
            "kekbit dump: Missing required parameter: 'CHANNEL_ID'");
    }

    @Test
    void shouldPrintHelp()
    {
        final Cli cli = Cli.run("dump", "--help");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.out()).startsWith("Usage: kekbit dump [-hV] [--envelope] [--journal] [--format=FORMAT]" +
            System.lineSeparator() + "                   [--from=POSITION] [--max=N] ROOT CHANNEL_ID");
    }
}
