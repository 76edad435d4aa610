package io.kekbit.core.process;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.ChannelError;
import io.kekbit.core.Claim;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.MappedMemories;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A channel of 3 GiB capacity in {@code /dev/shm}: on the FFM path (Java 22+) it is written and read across the
 * 1 GiB windows and the 2 GiB boundary, up to the end of its capacity; on the {@code MappedByteBuffer} path (a child
 * JVM with {@code -Dkekbit.memory=buffer}, and in-process on Java 17-21) creating it fails with INVALID_CAPACITY
 * naming the 2 GiB limit. A channel of 1.25 GiB is written and read across its 1 GiB window on either path. The
 * records are written through {@code write(byte[])} and {@code tryClaim}/{@code commit} at random (seeded), so that
 * both follow the writer from window to window. The channels are deleted afterwards; the tests fail early if
 * {@code /dev/shm} lacks room.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "needs /dev/shm (Linux tmpfs) with room for a 3 GiB channel")
class LargeChannelTest
{
    private static final long CAPACITY = 3L << 30;
    private static final long CHANNEL_ID = 3;
    private static final int BIG = 16 << 20;
    private static final long[] BOUNDARIES = {1L << 30, 2L << 30, 3L << 30};
    private static final long WINDOW_CAPACITY = 5L << 28;

    private Path root;

    @BeforeEach
    void createRoot() throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        assertThat(shm).as("/dev/shm is needed for the large channel test").isDirectory();
        root = Files.createTempDirectory(shm, "kekbit-large-");
    }

    @AfterEach
    void deleteRoot() throws IOException
    {
        ProcessTests.deleteTree(root);
    }

    @Test
    void bufferMappingRefusesCapacityBeyondTwoGibInAChildJvm()
    {
        final ChildJvm child = ChildJvm.start("buffer-large", ChildJvm.command(ChildJvm.currentJava(),
            List.of("-Dkekbit.memory=buffer"), CreateOnceChild.class, root.toString(), Long.toString(CHANNEL_ID),
            Long.toString(CAPACITY), Integer.toString(BIG)));
        try
        {
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isEqualTo(2);
            assertThat(child.stdout())
                .as(child.describe())
                .startsWith("FAILED INVALID_CAPACITY ")
                .contains("at most " + Integer.MAX_VALUE + " bytes")
                .contains("buffer");
            assertThat(Kekbit.storagePath(root, CHANNEL_ID)).doesNotExist();
        }
        finally
        {
            child.close();
        }
    }

    @Test
    void threeGibChannelIsWrittenAndReadAcrossWindowsOnFfmOrRefusedOnBuffers() throws IOException
    {
        final Header header = Header.of(1, CHANNEL_ID, CAPACITY, BIG, 60_000, TickUnit.MILLIS);
        if (!"ffm".equals(MappedMemories.IMPLEMENTATION))
        {
            assertThatThrownBy(() -> Kekbit.shmWriter(root, header))
                .isInstanceOfSatisfying(ChannelException.class, ex ->
                    assertThat(ex.reason()).isEqualTo(ChannelError.INVALID_CAPACITY))
                .hasMessageContaining("at most " + Integer.MAX_VALUE + " bytes");
            assertThat(Kekbit.storagePath(root, CHANNEL_ID)).doesNotExist();
            return;
        }
        final long fileLength = ChannelHeaderDescriptor.fileLength(CAPACITY);
        final long usable = Files.getFileStore(root).getUsableSpace();
        assertThat(usable)
            .as("/dev/shm needs %d bytes free for a 3 GiB channel (plus 256 MiB reserve), has %d", fileLength, usable)
            .isGreaterThan(fileLength + (256L << 20));
        assertThat(header.maxMessageLength()).isGreaterThanOrEqualTo(BIG);

        final List<Integer> lengths = new ArrayList<>();
        final long start = System.nanoTime();
        try (Writer writer = Kekbit.shmWriter(root, header))
        {
            writeAcrossBoundaries(writer, lengths, BOUNDARIES);
        }
        final long written = System.nanoTime();
        final List<Long> positions = new ArrayList<>();
        final int[] straddles = readAndVerify(CHANNEL_ID, CAPACITY, lengths, BOUNDARIES, positions);
        try (Reader reader = Kekbit.shmReader(root, CHANNEL_ID))
        {
            // moveTo across the 2 GiB boundary scans every record from 0.
            final long beyond = positions.stream().filter(p -> p > (2L << 30)).findFirst().orElseThrow();
            assertThat(reader.moveTo(beyond)).isEqualTo(beyond);
            final long[] seen = {-1};
            assertThat(reader.read((buffer, offset, length, position) -> seen[0] = position, 1)).isPositive();
            assertThat(seen[0]).isEqualTo(beyond);
        }
        assertThat(straddles).as("records whose payload crosses file offsets 1, 2 and 3 GiB").containsOnly(1);
        System.out.printf("LargeChannelTest: %d records, %d bytes; create+write %.1f s, read+verify %.1f s%n",
            lengths.size(), CAPACITY, (written - start) / 1e9, (System.nanoTime() - written) / 1e9);
    }

    @Test
    void channelLargerThanOneWindowIsWrittenAndReadAcrossItOnEitherPath() throws IOException
    {
        final long channelId = CHANNEL_ID + 1;
        final Header header = Header.of(1, channelId, WINDOW_CAPACITY, BIG, 60_000, TickUnit.MILLIS);
        final long usable = Files.getFileStore(root).getUsableSpace();
        assertThat(usable)
            .as("/dev/shm needs %d bytes free for a 1.25 GiB channel (plus 256 MiB reserve), has %d",
                ChannelHeaderDescriptor.fileLength(WINDOW_CAPACITY), usable)
            .isGreaterThan(ChannelHeaderDescriptor.fileLength(WINDOW_CAPACITY) + (256L << 20));
        final long[] boundaries = {1L << 30};
        final List<Integer> lengths = new ArrayList<>();
        try (Writer writer = Kekbit.shmWriter(root, header))
        {
            writeAcrossBoundaries(writer, lengths, boundaries);
        }
        final int[] straddles = readAndVerify(channelId, WINDOW_CAPACITY, lengths, boundaries, new ArrayList<>());
        assertThat(straddles).as("records whose payload crosses file offset 1 GiB (%s)", MappedMemories.IMPLEMENTATION)
            .containsExactly(1);
    }

    /**
     * Reads the whole channel, checks every record against what was written (length, sequence, checksum), and counts
     * the records whose payload crosses each boundary.
     */
    private int[] readAndVerify(final long channelId, final long capacity, final List<Integer> lengths,
        final long[] boundaries, final List<Long> positions)
    {
        final int[] straddles = new int[boundaries.length];
        final long[] state = new long[1];
        final String[] problem = {null};
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            final CRC32 crc = new CRC32();
            int calls = 0;
            while (reader.read((buffer, offset, length, position) ->
            {
                final int index = (int)state[0]++;
                positions.add(position);
                if (problem[0] != null)
                {
                    return;
                }
                final int expectedLength = index < lengths.size() ? lengths.get(index) : -1;
                problem[0] = verify(crc, buffer, offset, length, index, expectedLength);
                final long payloadStart = DATA_OFFSET + position + RecordDescriptor.LENGTH_WORD;
                for (int b = 0; b < boundaries.length; b++)
                {
                    if (payloadStart < boundaries[b] && payloadStart + length > boundaries[b])
                    {
                        straddles[b]++;
                    }
                }
            }, 64) >= 0)
            {
                assertThat(++calls).isLessThan(10_000_000);
            }
            assertThat(problem[0]).isNull();
            assertThat(reader.exhausted()).isIn(ReadError.CLOSED, ReadError.CHANNEL_FULL);
            assertThat(state[0]).as("records read").isEqualTo(lengths.size());
            assertThat(reader.position()).isGreaterThan(capacity - 4096);
        }
        return straddles;
    }

    /**
     * Big records up to just before each boundary, then small records, then one record that crosses the boundary,
     * then small records past it; after the last boundary, small records until the channel is full.
     */
    private static void writeAcrossBoundaries(final Writer writer, final List<Integer> lengths, final long[] boundaries)
    {
        final Random random = new Random(7);
        final ByteBuffer big = ByteBuffer.allocate(BIG).order(ByteOrder.LITTLE_ENDIAN);
        random.nextBytes(big.array());
        final int bigLength = (int)Math.min(BIG, writer.header().maxMessageLength());
        for (final long boundary : boundaries)
        {
            while (DATA_OFFSET + writer.writeOffset() + RecordDescriptor.recordSize(bigLength) < boundary - (1 << 20))
            {
                assertThat(write(writer, big, bigLength, lengths)).as("record %d written", lengths.size()).isTrue();
            }
            while (DATA_OFFSET + writer.writeOffset() < boundary - 8192)
            {
                write(writer, big, 100 + random.nextInt(4900), lengths);
            }
            write(writer, big, 16384, lengths);
            while (DATA_OFFSET + writer.writeOffset() < boundary + (1 << 20) && write(writer, big, 100 +
                random.nextInt(4900), lengths))
            {
                // past the boundary, or until the channel is full
            }
        }
        int length = 4096;
        while (length >= 8)
        {
            if (!write(writer, big, length, lengths))
            {
                length /= 2;
            }
        }
        assertThat(writer.write(new byte[1])).isNegative();
    }

    private static boolean write(
        final Writer writer, final ByteBuffer big, final int length, final List<Integer> lengths)
    {
        final int seq = lengths.size();
        big.putInt(0, seq);
        final CRC32 crc = new CRC32();
        crc.update(big.array(), 0, length - 4);
        big.putInt(length - 4, (int)crc.getValue());
        final long result;
        if (new Random(seq).nextBoolean())
        {
            result = writer.write(big.array(), 0, length);
        }
        else
        {
            final Claim claim = new Claim();
            final long claimed = writer.tryClaim(length, claim);
            if (claimed >= 0)
            {
                claim.buffer().putBytes(0, big.array(), 0, length);
            }
            result = claimed < 0 ? claimed : claim.commit();
        }
        if (result < 0)
        {
            return false;
        }
        lengths.add(length);
        return true;
    }

    private static String verify(final CRC32 crc, final ByteBuffer buffer, final int offset, final int length,
        final int index, final int expectedLength)
    {
        if (length != expectedLength)
        {
            return "record " + index + ": length " + length + ", expected " + expectedLength;
        }
        final ByteBuffer view = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (view.getInt(offset) != index)
        {
            return "record " + index + ": sequence " + view.getInt(offset);
        }
        crc.reset();
        crc.update(view.limit(offset + length - 4).position(offset));
        if ((int)crc.getValue() != buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(offset + length - 4))
        {
            return "record " + index + ": checksum mismatch";
        }
        return null;
    }
}
