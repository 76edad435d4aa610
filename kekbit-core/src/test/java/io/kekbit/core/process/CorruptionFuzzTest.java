package io.kekbit.core.process;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.TickUnit;
import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized robustness test: golden channel files (system property {@code kekbit.golden.dir}, required) and files
 * made by our writer are copied, then bytes are mutated (header and data area), the file is truncated at random
 * lengths, or both; then a reader opens the copy and reads it to exhaustion in a bounded loop, and moves to random
 * positions. Acceptable: a {@link ChannelException} at open, or records followed by a {@link ReadError} or a
 * WATERMARK. Any other exception, a hang, a crash, or a delivered byte past the end of the file fails, with the seed
 * in the message. Seed: {@code kekbit.fuzz.seed}; iterations: {@code kekbit.fuzz.iterations} (default 5000).
 */
class CorruptionFuzzTest
{
    private static final long CHANNEL_ID = 0x2A;
    private static final long[] SPECIAL_WORDS = {
        RecordDescriptor.WATERMARK, RecordDescriptor.CLOSE, RecordDescriptor.HEARTBEAT, 1, 7, 8, Long.MAX_VALUE,
        Long.MIN_VALUE, 0xFFFF_FFFFL, 0x1_0000_0000L, -8, 0x1111_1111L, 0xFFFF_FFFF_1111_1110L};

    @TempDir
    Path temp;

    @Test
    void zeroLengthFileIsAChannelError() throws IOException
    {
        final Path root = temp.resolve("zero");
        final Path path = Kekbit.storagePath(root, CHANNEL_ID);
        Files.createDirectories(path.getParent());
        Files.write(path, new byte[0]);
        assertThatThrownBy(() -> Kekbit.shmReader(root, CHANNEL_ID))
            .isInstanceOf(ChannelException.class)
            .hasMessageContaining(path.toString());
        assertThatThrownBy(() -> Kekbit.resumeShmWriter(root, CHANNEL_ID))
            .isInstanceOf(ChannelException.class)
            .hasMessageContaining(path.toString());
    }

    @Test
    void mutatedAndTruncatedChannelsFailCleanly() throws IOException
    {
        final long seed = ProcessTests.seed("kekbit.fuzz.seed");
        final int iterations = ProcessTests.intProperty("kekbit.fuzz.iterations", 5000);
        final List<Source> sources = new ArrayList<>(goldenSources());
        sources.addAll(ownSources(temp.resolve("own")));
        final Path root = temp.resolve("fuzz");
        final Path path = Kekbit.storagePath(root, CHANNEL_ID);
        Files.createDirectories(path.getParent());
        final Random random = new Random(seed);
        final Map<String, Integer> outcomes = new TreeMap<>();
        final AtomicReference<String> current = new AtomicReference<>("setup");
        final String replay = "seed=" + seed + " (replay with -Dkekbit.fuzz.seed=" + seed + ")";
        assertTimeoutPreemptively(Duration.ofMinutes(5), () ->
        {
            for (int i = 0; i < iterations; i++)
            {
                final Source source = sources.get(random.nextInt(sources.size()));
                final StringBuilder mutation = new StringBuilder();
                final byte[] bytes = mutate(source.bytes, random, mutation);
                final String context = replay + ", iteration=" + i + ", source=" + source.name + ", mutation=" +
                    mutation;
                current.set(context);
                Files.write(path, bytes);
                try
                {
                    outcomes.merge(exercise(root, path, bytes.length, random), 1, Integer::sum);
                }
                catch (final AssertionError | RuntimeException ex)
                {
                    throw new AssertionError("[" + context + "] " + ex, ex);
                }
                finally
                {
                    Files.deleteIfExists(path);
                }
            }
        }, () -> "hang? [" + current.get() + "]");
        System.out.println("CorruptionFuzzTest: " + replay + ", iterations=" + iterations + ", sources=" +
            sources.size() + ", outcomes=" + outcomes);
        assertThat(outcomes.keySet()).as("the fuzzer reaches both open failures and reads [%s]", replay)
            .anyMatch(key -> key.startsWith("open:"))
            .anyMatch(key -> key.startsWith("read:"));
    }

    /**
     * Opens and reads one mutated file.
     *
     * @return a label of the outcome, for the summary.
     */
    private static String exercise(final Path root, final Path path, final long fileSize, final Random random)
    {
        final Reader reader;
        try
        {
            reader = Kekbit.shmReader(root, CHANNEL_ID);
        }
        catch (final ChannelException ex)
        {
            assertThat(ex.reason()).isNotNull();
            assertThat(ex.getMessage()).contains(path.toString());
            return "open:" + ex.reason();
        }
        try (reader)
        {
            final Header header = reader.header();
            final long capacity = header.capacity();
            final long maxLength = header.maxMessageLength();
            final long[] last = {-1};
            final RecordHandler handler = (buffer, offset, length, position) ->
                checkRecord(buffer, offset, length, position, capacity, maxLength, fileSize, last);
            final String end = readToEnd(reader, handler, random, capacity);
            for (int moves = 0; moves < 3; moves++)
            {
                final long target = random.nextInt(4) == 0 ?
                    random.nextInt((int)Math.min(Integer.MAX_VALUE, capacity + 64)) :
                    RecordDescriptor.align(random.nextInt((int)Math.min(Integer.MAX_VALUE, capacity + 64)));
                final long moved = reader.moveTo(target);
                if (moved >= 0)
                {
                    assertThat(moved).isEqualTo(target);
                    assertThat(reader.position()).isEqualTo(target);
                    last[0] = target - 1;
                    readToEnd(reader, handler, random, capacity);
                }
                else
                {
                    assertThat(InvalidPosition.fromCode(moved)).as("moveTo(%d) result %d", target, moved).isNotNull();
                }
            }
            if (random.nextInt(8) == 0)
            {
                return "read:" + end + resume(root, path, random);
            }
            return "read:" + end;
        }
    }

    /**
     * Resumes a writer on the mutated file (a ChannelException is acceptable), writes a record, closes, and reads the
     * result again to its end.
     */
    private static String resume(final Path root, final Path path, final Random random)
    {
        try (Writer writer = Kekbit.resumeShmWriter(root, CHANNEL_ID))
        {
            final long result = writer.write(new byte[1 + random.nextInt(16)]);
            assertThat(result > 0 || WriteError.fromCode(result) != null).as("write result %d", result).isTrue();
        }
        catch (final ChannelException ex)
        {
            assertThat(ex.getMessage()).contains(path.toString());
            return ",resume:" + ex.reason();
        }
        try (Reader reader = Kekbit.shmReader(root, CHANNEL_ID))
        {
            final long capacity = reader.header().capacity();
            readToEnd(reader, (buffer, offset, length, position) -> buffer.get(offset + length - 1), random, capacity);
            return ",resumed:" + reader.exhausted();
        }
    }

    private static String readToEnd(final Reader reader, final RecordHandler handler, final Random random,
        final long capacity)
    {
        final long maxCalls = capacity / RecordDescriptor.ALIGNMENT + 16;
        for (long calls = 0; calls < maxCalls; calls++)
        {
            final long before = reader.position();
            final long result = reader.read(handler, 1 + random.nextInt(64));
            if (result < 0)
            {
                assertThat(ReadError.fromCode(result)).as("read result %d", result).isNotNull()
                    .isEqualTo(reader.exhausted());
                assertThat(reader.position()).isEqualTo(before);
                return reader.exhausted().name();
            }
            assertThat(reader.position()).as("position after read returning %d", result).isEqualTo(before + result);
            assertThat(reader.position()).isLessThan(capacity);
            if (result == 0)
            {
                assertThat(reader.exhausted()).as("0 bytes read means WATERMARK").isNull();
                return "WATERMARK";
            }
        }
        throw new AssertionError("reader did not reach an end within " + maxCalls + " calls: " + reader);
    }

    private static void checkRecord(final ByteBuffer buffer, final int offset, final int length, final long position,
        final long capacity, final long maxLength, final long fileSize, final long[] last)
    {
        assertThat(position).as("record position").isGreaterThan(last[0]);
        last[0] = position;
        assertThat(RecordDescriptor.isAligned(position)).as("aligned position %d", position).isTrue();
        assertThat(length).isBetween(1, (int)maxLength);
        assertThat(position + RecordDescriptor.recordSize(length)).isLessThan(capacity);
        assertThat(offset).isNotNegative();
        assertThat(offset + length).isLessThanOrEqualTo(buffer.limit());
        assertThat(buffer.isReadOnly()).isTrue();
        final long inFile = fileSize - (DATA_OFFSET + position + RecordDescriptor.LENGTH_WORD);
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.get(offset + i);
            if (i >= inFile && b != 0)
            {
                throw new AssertionError("byte " + i + " of the record at " + position + " lies past the end of the " +
                    "file (" + fileSize + " bytes) and must read as 0, was " + b);
            }
        }
    }

    private static byte[] mutate(final byte[] original, final Random random, final StringBuilder mutation)
    {
        byte[] bytes = original.clone();
        final int kind = random.nextInt(10);
        if (kind < 8)
        {
            final int edits = 1 + random.nextInt(kind < 4 ? 8 : 3);
            for (int e = 0; e < edits; e++)
            {
                if (kind < 4)
                {
                    mutateByte(bytes, random, mutation);
                }
                else
                {
                    mutateWord(bytes, random, mutation);
                }
            }
        }
        if (kind >= 6)
        {
            bytes = truncate(bytes, random, mutation);
        }
        return bytes;
    }

    private static void mutateByte(final byte[] bytes, final Random random, final StringBuilder mutation)
    {
        final int region = random.nextInt(3);
        final int index;
        if (region == 0)
        {
            index = random.nextInt(ChannelHeaderDescriptor.HEADER_LENGTH);
        }
        else if (region == 1)
        {
            index = DATA_OFFSET + random.nextInt(Math.min(4096, bytes.length - DATA_OFFSET));
        }
        else
        {
            index = random.nextInt(bytes.length);
        }
        final byte value = (byte)random.nextInt(256);
        bytes[index] = value;
        mutation.append("byte[").append(index).append("]=").append(value).append(' ');
    }

    private static void mutateWord(final byte[] bytes, final Random random, final StringBuilder mutation)
    {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        final int choice = random.nextInt(6);
        if (choice == 0)
        {
            final int capacity = (int)(buffer.getInt(ChannelHeaderDescriptor.CAPACITY_OFFSET) +
                8L * (random.nextInt(2049) - 1024));
            final int value = random.nextInt(3) == 0 ? random.nextInt() : capacity;
            buffer.putInt(ChannelHeaderDescriptor.CAPACITY_OFFSET, value);
            mutation.append("capacity=").append(Integer.toUnsignedString(value)).append(' ');
            return;
        }
        if (choice == 1)
        {
            final int value = random.nextInt(3) == 0 ? random.nextInt() : 8 * random.nextInt(1024);
            buffer.putInt(ChannelHeaderDescriptor.MAX_MSG_LEN_OFFSET, value);
            mutation.append("maxMessageLength=").append(Integer.toUnsignedString(value)).append(' ');
            return;
        }
        final int slots = (bytes.length - DATA_OFFSET) / 8;
        final int slot = random.nextInt(2) == 0 ? random.nextInt(Math.min(slots, 64)) : random.nextInt(slots);
        final long maxLength = Integer.toUnsignedLong(buffer.getInt(ChannelHeaderDescriptor.MAX_MSG_LEN_OFFSET));
        final long value;
        switch (choice)
        {
            case 2:
                value = SPECIAL_WORDS[random.nextInt(SPECIAL_WORDS.length)];
                break;
            case 3:
                value = maxLength + random.nextInt(17) - 8;
                break;
            case 4:
                value = random.nextInt((int)Math.max(1, Math.min(2 * maxLength, 1 << 30)));
                break;
            default:
                value = random.nextLong();
                break;
        }
        buffer.putLong(DATA_OFFSET + 8 * slot, value);
        mutation.append("word@").append(8 * slot).append('=').append(Long.toUnsignedString(value)).append(' ');
    }

    private static byte[] truncate(final byte[] bytes, final Random random, final StringBuilder mutation)
    {
        final int length;
        switch (random.nextInt(6))
        {
            case 0:
                length = 0;
                break;
            case 1:
                length = random.nextInt(ChannelHeaderDescriptor.HEADER_LENGTH);
                break;
            case 2:
                length = random.nextInt(DATA_OFFSET + 1);
                break;
            case 3:
                length = Math.max(0, bytes.length - 1 - random.nextInt(1024));
                break;
            default:
                length = random.nextInt(bytes.length);
                break;
        }
        mutation.append("truncate=").append(length);
        return java.util.Arrays.copyOf(bytes, length);
    }

    private static List<Source> goldenSources() throws IOException
    {
        final String dir = System.getProperty("kekbit.golden.dir");
        assertThat(dir).as("system property kekbit.golden.dir (the golden channel files) must be set").isNotNull();
        final Path golden = Path.of(dir);
        assertThat(golden).as("golden dir %s must exist", golden).isDirectory();
        final List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(golden))
        {
            final Iterable<Path> channels = files.filter(p -> p.toString().endsWith(".kekbit")).sorted()::iterator;
            for (final Path file : channels)
            {
                sources.add(new Source("golden:" + golden.relativize(file), Files.readAllBytes(file)));
            }
        }
        assertThat(sources).as("golden channel files under %s", golden).hasSizeGreaterThanOrEqualTo(5);
        return sources;
    }

    private static List<Source> ownSources(final Path root) throws IOException
    {
        final List<Source> sources = new ArrayList<>();
        final Random random = new Random(42);
        // Closed channel with varied records and heartbeats.
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 1, 16384, 120, 1000, TickUnit.MILLIS)))
        {
            for (int i = 0; i < 60; i++)
            {
                writer.write(new byte[1 + random.nextInt(120)]);
                if (i % 7 == 0)
                {
                    writer.heartbeat();
                }
            }
        }
        sources.add(new Source("own:closed", Files.readAllBytes(Kekbit.storagePath(root, 1))));
        // Open channel (no CLOSE yet), snapshot taken while the writer is open.
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 2, 32768, 200, 1000, TickUnit.NANOS)))
        {
            for (int i = 0; i < 40; i++)
            {
                final byte[] payload = new byte[1 + random.nextInt(200)];
                random.nextBytes(payload);
                writer.write(payload);
            }
            sources.add(new Source("own:open", Files.readAllBytes(Kekbit.storagePath(root, 2))));
        }
        // Full channel.
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 3, 16384, 100, 1000, TickUnit.SECS)))
        {
            while (writer.write(new byte[1 + random.nextInt(100)]) > 0 || writer.write(new byte[1]) > 0)
            {
                // fill
            }
        }
        sources.add(new Source("own:full", Files.readAllBytes(Kekbit.storagePath(root, 3))));
        // Larger channel with max-size records.
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 4, 65536, 504, 1000, TickUnit.MICROS)))
        {
            for (int i = 0; i < 50; i++)
            {
                writer.write(new byte[(int)writer.header().maxMessageLength()]);
            }
        }
        sources.add(new Source("own:large", Files.readAllBytes(Kekbit.storagePath(root, 4))));
        return sources;
    }

    private static final class Source
    {
        final String name;
        final byte[] bytes;

        Source(final String name, final byte[] bytes)
        {
            this.name = name;
            this.bytes = bytes;
        }
    }
}
