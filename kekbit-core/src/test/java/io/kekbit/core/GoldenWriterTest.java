package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our writer, replaying each golden case's writer inputs and log, produces the crate's bytes (docs/format.md sections 5 and 6), except
 * the creation time; and where it deliberately differs (a record ending exactly at the capacity), both readers agree
 * on what it wrote.
 */
class GoldenWriterTest
{
    private static final int CREATION_TIME_OFFSET = 48;
    private static final int CREATION_TIME_END = 56;

    @TempDir
    Path root;

    static Stream<GoldenCase> cases()
    {
        return GoldenCase.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void shouldWriteTheGoldenBytes(final GoldenCase golden) throws Exception
    {
        final List<String> args = golden.strings("writer_args");
        final long channelId = golden.channelId();
        assertThat(parseChannelId(args.get(0))).isEqualTo(channelId);
        final Header header = Header.of(
            Long.parseLong(args.get(1)),
            channelId,
            Long.parseLong(args.get(2)),
            Long.parseLong(args.get(3)),
            Long.parseLong(args.get(4)),
            GoldenCase.tickUnit(args.get(5)));
        assertThat(header.capacity()).isEqualTo(golden.longField("capacity"));
        assertThat(header.maxMessageLength()).isEqualTo(golden.longField("max_msg_len"));

        final List<byte[]> inputs = golden.writerInputs();
        final Writer writer = Kekbit.shmWriter(root, header);
        try
        {
            assertThat(writer.writeOffset()).isEqualTo(8);
            for (final String line : golden.strings("writer_log"))
            {
                replay(writer, inputs, line);
            }
            assertThat(writer.writeOffset()).isEqualTo(golden.longField("write_offset"));
            assertThat(writer.isClosed()).isEqualTo(golden.json().get("writer_closed").asBoolean());

            final byte[] ours = Files.readAllBytes(Kekbit.storagePath(root, channelId));
            final byte[] theirs = Files.readAllBytes(golden.channelFile());
            assertThat(ours.length).isEqualTo(ChannelHeaderDescriptor.fileLength(header.capacity()));
            assertThat(ours.length).as("data area, then final marker slot and reserve")
                .isEqualTo(1024 + header.capacity() + 32);
            assertThat(theirs.length + 864L).as("the crate's file ends 864 bytes before its data area does")
                .isEqualTo(1024 + header.capacity());
            assertThat(Arrays.mismatch(ours, 0, CREATION_TIME_OFFSET, theirs, 0, CREATION_TIME_OFFSET))
                .as("first differing header byte").isEqualTo(-1);
            final int mismatch = Arrays.mismatch(
                ours, CREATION_TIME_END, theirs.length, theirs, CREATION_TIME_END, theirs.length);
            assertThat(mismatch).as("first differing byte from file offset %d (data position %d)",
                CREATION_TIME_END + mismatch, CREATION_TIME_END + mismatch - 1024).isEqualTo(-1);
        }
        finally
        {
            writer.close();
        }
    }

    private static void replay(final Writer writer, final List<byte[]> inputs, final String line)
    {
        final String[] parts = line.split("\t");
        switch (parts[0])
        {
            case "CREATED":
            case "EXIT_WITHOUT_CLOSE":
                break;
            case "REC":
            {
                final byte[] payload = inputs.get(Integer.parseInt(parts[1]));
                assertThat(payload.length).isEqualTo(Integer.parseInt(value(parts[2], "len=")));
                assertThat(writer.writeOffset()).as(line).isEqualTo(Long.parseLong(value(parts[3], "at=")));
                final long result = writer.write(payload);
                if (parts[4].startsWith("ok="))
                {
                    assertThat(result).as(line).isEqualTo(Long.parseLong(value(parts[4], "ok=")));
                }
                else
                {
                    assertThat(parts[4]).isEqualTo("err=NoSpaceForRecord");
                    assertThat(WriteError.fromCode(result)).as(line).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
                }
                break;
            }
            case "HB":
                assertThat(writer.writeOffset()).as(line).isEqualTo(Long.parseLong(value(parts[1], "at=")));
                assertThat(writer.heartbeat()).as(line).isEqualTo(Long.parseLong(value(parts[2], "ok=")));
                break;
            case "WRITE_OFFSET":
                assertThat(writer.writeOffset()).as(line).isEqualTo(Long.parseLong(parts[1]));
                break;
            case "CLOSED":
                writer.close();
                break;
            default:
                throw new AssertionError("unknown writer log line: " + line);
        }
    }

    private static long parseChannelId(final String arg)
    {
        final String lower = arg.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("0x") ? Long.parseUnsignedLong(lower.substring(2), 16) : Long.parseUnsignedLong(lower);
    }

    private static String value(final String part, final String prefix)
    {
        assertThat(part).startsWith(prefix);
        return part.substring(prefix.length());
    }

    /** docs/format.md section 7: 146 x 100 bytes leave write offset 16360 with 24 bytes available. */
    private Writer fillTo16360()
    {
        final Writer writer = Kekbit.shmWriter(root, Header.of(1, 42, 16384, 1000, 99_999_999_999L, TickUnit.NANOS));
        final byte[] payload = new byte[100];
        for (int i = 0; i < 146; i++)
        {
            Arrays.fill(payload, (byte)i);
            assertThat(writer.write(payload)).isEqualTo(112);
        }
        assertThat(writer.writeOffset()).isEqualTo(16360);
        assertThat(writer.available()).isEqualTo(24);
        return writer;
    }

    @ParameterizedTest(name = "payload {0} bytes at 16360")
    @ValueSource(ints = {1, 7, 8, 9, 15, 16})
    void shouldRefuseARecordEndingExactlyAtCapacityAndAgreeWithTheCrateReader(final int length) throws Exception
    {
        final Path file = Kekbit.storagePath(root, 42);
        try (Writer writer = fillTo16360())
        {
            final long result = writer.write(new byte[length]);
            if (length <= 8)
            {
                assertThat(result).as("a 16-byte record ends at 16376, before the last slot").isEqualTo(16);
                assertThat(writer.writeOffset()).isEqualTo(16376);
                assertThat(writer.write(new byte[1])).isEqualTo(Writer.CHANNEL_FULL);
                assertThat(writer.heartbeat()).isEqualTo(Writer.CHANNEL_FULL);
            }
            else
            {
                assertThat(result).as("the crate accepts it (the record would end at 16384); we refuse")
                    .isEqualTo(Writer.NO_SPACE_FOR_RECORD);
                assertThat(writer.writeOffset()).isEqualTo(16360);
            }
            assertReadersAgree(file, length <= 8 ? 147 : 146, length <= 8 ? 16376 : 16360,
                length <= 8 ? "ChannelFull" : "WATERMARK");
        }
        assertReadersAgree(file, length <= 8 ? 147 : 146, length <= 8 ? 16376 : 16360,
            length <= 8 ? "ChannelFull" : "Closed");
    }

    @Test
    void shouldWriteTwoHeartbeatsAfterTheLastFullRecord() throws Exception
    {
        final Path file = Kekbit.storagePath(root, 42);
        try (Writer writer = fillTo16360())
        {
            assertThat(writer.write(new byte[100])).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
            assertThat(writer.heartbeat()).isEqualTo(8);
            assertThat(writer.heartbeat()).isEqualTo(8);
            assertThat(writer.heartbeat()).isEqualTo(Writer.CHANNEL_FULL);
            assertThat(writer.writeOffset()).isEqualTo(16376);
            assertThat(writer.available()).isEqualTo(8);
        }
        assertReadersAgree(file, 146, 16376, "ChannelFull");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 20261126, 0x5eed})
    void shouldWriteFilesTheCrateReaderReadsAsWeDo(final long seed) throws Exception
    {
        final java.util.Random random = new java.util.Random(seed);
        for (int run = 0; run < 20; run++)
        {
            final long channelId = run + 1;
            final Header header = Header.of(1, channelId, 16384 + 8 * random.nextInt(300), random.nextInt(200),
                99_999_999_999L, TickUnit.NANOS);
            final boolean close = random.nextBoolean();
            final Writer writer = Kekbit.shmWriter(root, header);
            try
            {
                final int maxLength = (int)header.maxMessageLength();
                long result = 0;
                while (result != Writer.CHANNEL_FULL && (close || random.nextInt(400) != 0))
                {
                    final int choice = random.nextInt(20);
                    final byte[] payload = new byte[1 + random.nextInt(maxLength + 8)];
                    random.nextBytes(payload);
                    result = choice == 0 ? writer.heartbeat() : writer.write(payload);
                    final long r = result;
                    assertThat(r == Writer.NO_SPACE_FOR_RECORD || r == Writer.CHANNEL_FULL ||
                        r > 0 && r % 8 == 0 && r <= maxLength + 8).as("seed %d run %d: result %d", seed, run, r).isTrue();
                }
            }
            finally
            {
                if (close)
                {
                    writer.close();
                }
            }
            final Path file = Kekbit.storagePath(root, channelId);
            final CrateReaderModel.Outcome model = CrateReaderModel.read(Files.readAllBytes(file));
            try (Reader reader = Kekbit.shmReader(root, channelId))
            {
                assertThat(ReadAll.oneByOne(reader)).as("seed %d run %d", seed, run).isEqualTo(model);
            }
            assertThat(model.terminal()).as("seed %d run %d", seed, run).isIn("Closed", "ChannelFull", "WATERMARK");
            assertThat(model.position()).as("seed %d run %d: ends where the writer stopped", seed, run)
                .isEqualTo(writer.writeOffset());
            assertThat(model.records()).as("seed %d run %d", seed, run).hasSize((int)writer.recordCount());
            if (!close)
            {
                writer.close();
            }
        }
    }

    private static void assertReadersAgree(
        final Path file, final int records, final long position, final String terminal) throws Exception
    {
        final Path root = file.getParent().getParent();
        final CrateReaderModel.Outcome model = CrateReaderModel.read(Files.readAllBytes(file));
        try (Reader reader = Kekbit.shmReader(root, 42))
        {
            final CrateReaderModel.Outcome ours = ReadAll.oneByOne(reader);
            assertThat(ours).isEqualTo(model);
        }
        assertThat(model.records()).hasSize(records);
        assertThat(model.position()).isEqualTo(position);
        assertThat(model.terminal()).isEqualTo(terminal);
        assertThat(model.records().get(145)).isEqualTo(new GoldenCase.Rec(16248, 100, "91".repeat(100)));
    }
}
