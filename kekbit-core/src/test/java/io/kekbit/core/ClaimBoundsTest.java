package io.kekbit.core;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD;
import static io.kekbit.core.layout.RecordDescriptor.recordSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A claim or an encoder can store only inside its own record's payload (issue 18, section 1): every index from the
 * start of the file to well past the record is tried with every store, each one outside the payload throws
 * {@link IndexOutOfBoundsException}, and the file is then byte-identical outside the payload. Committing afterwards
 * publishes exactly the payload, and a fresh reader opens the channel and reads every record.
 */
class ClaimBoundsTest
{
    private static final long CHANNEL = 18;
    private static final long CAPACITY = 65536;
    /** Not a multiple of 8, so that the padding between the payload and the next slot is probed as well. */
    private static final int LENGTH = 13;

    @TempDir
    Path root;

    private Writer writer;
    private Path file;
    private final List<byte[]> earlier = new ArrayList<>();

    @BeforeEach
    void open()
    {
        writer = Kekbit.shmWriter(root, Header.of(1, CHANNEL, CAPACITY, 1000, 99_999_999_999L, TickUnit.NANOS));
        file = Kekbit.storagePath(root, CHANNEL);
        for (int i = 0; i < 3; i++)
        {
            writeEarlier(("record " + i).getBytes(StandardCharsets.US_ASCII));
        }
    }

    @AfterEach
    void close()
    {
        writer.close();
    }

    @ParameterizedTest(name = "near the end of the channel: {0}")
    @ValueSource(booleans = {false, true})
    void shouldKeepEveryClaimStoreInsideThePayload(final boolean nearTheEnd)
    {
        if (nearTheEnd)
        {
            fillUpToTheLastFewRecords();
        }
        final Claim claim = new Claim();
        final long position = writer.tryClaim(LENGTH, claim);
        assertThat(position).isEqualTo(writer.writeOffset());
        final byte[] before = fileBytes();

        final int stored = probe(claim.buffer(), position);

        assertThat(stored).as("stores inside the payload succeed").isEqualTo(expectedInsideStores());
        assertUnchangedOutsidePayload(before, position);
        final byte[] payload = "thirteen-byte".getBytes(StandardCharsets.US_ASCII);
        claim.buffer().putBytes(0, payload);
        assertThat(claim.commit()).isEqualTo(recordSize(LENGTH));
        earlier.add(payload);
        assertEveryRecordReadable();
    }

    @Test
    void shouldKeepEveryEncoderStoreInsideThePayload()
    {
        final long position = writer.writeOffset();
        final byte[] before = fileBytes();
        final byte[] payload = "encoded:13 B.".getBytes(StandardCharsets.US_ASCII);
        final int[] stored = new int[1];

        final long size = writer.write(LENGTH, buffer ->
        {
            assertThat(buffer.capacity()).isEqualTo(LENGTH);
            stored[0] = probe(buffer, position);
            assertUnchangedOutsidePayload(before, position);
            buffer.putBytes(0, payload);
            return LENGTH;
        });

        assertThat(size).isEqualTo(recordSize(LENGTH));
        assertThat(stored[0]).isEqualTo(expectedInsideStores());
        earlier.add(payload);
        assertEveryRecordReadable();
    }

    @Test
    void shouldBoundClaimsOfASynchronizedWriter()
    {
        final Writer shared = Kekbit.synchronizedWriter(writer);
        final Claim claim = new Claim();
        final long position = shared.tryClaim(LENGTH, claim);
        final byte[] before = fileBytes();

        assertThat(probe(claim.buffer(), position)).isEqualTo(expectedInsideStores());

        assertUnchangedOutsidePayload(before, position);
        claim.abort();
        assertThat(shared.write("after".getBytes(StandardCharsets.US_ASCII))).as("lock released").isPositive();
        earlier.add("after".getBytes(StandardCharsets.US_ASCII));
        assertEveryRecordReadable();
    }

    @Test
    void shouldRefuseEveryAccessOnceTheClaimIsCompleted()
    {
        final Claim claim = new Claim();
        assertThat(claim.buffer().capacity()).as("nothing claimed yet").isZero();
        assertThatThrownBy(() -> claim.buffer().putByte(0, (byte)1)).isInstanceOf(IndexOutOfBoundsException.class);

        writer.tryClaim(8, claim);
        final RecordBuffer kept = claim.buffer();
        kept.putLong(0, 0x1122334455667788L);
        assertThat(kept.getLong(0)).isEqualTo(0x1122334455667788L);
        claim.commit();
        earlier.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1122334455667788L).array());
        assertThat(kept.capacity()).isZero();
        assertThatThrownBy(() -> kept.putLong(0, 0)).as("a published record cannot be changed")
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> kept.putByte(0, (byte)0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> kept.getLong(0)).isInstanceOf(IndexOutOfBoundsException.class);

        writer.tryClaim(8, claim);
        claim.abort();
        assertThatThrownBy(() -> kept.putLong(0, 0)).as("an aborted claim cannot be written")
            .isInstanceOf(IndexOutOfBoundsException.class);

        final AtomicReference<RecordBuffer> leaked = new AtomicReference<>();
        writer.write(8, buffer ->
        {
            leaked.set(buffer);
            buffer.putLong(0, 7);
            return 8;
        });
        earlier.add(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(7).array());
        assertThatThrownBy(() -> leaked.get().putLong(0, 0)).as("an encoder's buffer after the call")
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertEveryRecordReadable();
    }

    @Test
    void shouldStoreLittleEndianValuesAtPayloadRelativeIndexes()
    {
        final Claim claim = new Claim();
        writer.tryClaim(31, claim);
        final RecordBuffer buffer = claim.buffer();
        buffer.putByte(0, (byte)1);
        buffer.putShort(1, (short)0x0302);
        buffer.putInt(3, 0x07060504);
        buffer.putLong(7, 0x0f0e0d0c0b0a0908L);
        buffer.putDouble(15, Double.longBitsToDouble(0x1716151413121110L));
        buffer.putBytes(23, new byte[] {0, 0x18, 0x19, 0});
        buffer.putBytes(23, new byte[] {0x18}, 0, 1);
        buffer.putBytes(24, ByteBuffer.wrap(new byte[] {0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f}), 0, 7);
        assertThat(buffer.getShort(1)).isEqualTo((short)0x0302);
        assertThat(buffer.getInt(3)).isEqualTo(0x07060504);
        assertThat(buffer.getDouble(15)).isEqualTo(Double.longBitsToDouble(0x1716151413121110L));
        final byte[] out = new byte[31];
        buffer.getBytes(0, out, 0, 31);
        final byte[] expected = new byte[31];
        for (int i = 0; i < 31; i++)
        {
            expected[i] = (byte)(i + 1);
        }
        assertThat(out).isEqualTo(expected);
        claim.commit();
        earlier.add(expected);
        assertEveryRecordReadable();
    }

    @Test
    void shouldKeepTheWritersSideOutOfThePublicApi()
    {
        assertThat(Arrays.stream(Claim.class.getMethods()).map(Method::getName))
            .doesNotContain("wrap", "offset")
            .contains("buffer", "length", "commit", "abort", "isClaimed");
        assertThat(Claim.class.getClasses()).as("public nested types of Claim").isEmpty();
        assertThat(RecordBuffer.class.getConstructors()).as("public constructors of RecordBuffer").isEmpty();
        assertThat(Arrays.stream(RecordBuffer.class.getMethods()).map(Method::getName))
            .doesNotContain("wrap", "reset", "window", "base");
        assertThat(Modifier.isFinal(RecordBuffer.class.getModifiers())).isTrue();
    }

    /**
     * Tries every store (and load) at every index from the start of the file to 64 bytes past the payload; those
     * wholly inside the payload must succeed, all others must throw {@link IndexOutOfBoundsException}.
     *
     * @return the number of stores that succeeded.
     */
    private static int probe(final RecordBuffer buffer, final long position)
    {
        final int capacity = buffer.capacity();
        final int fileStart = -Math.toIntExact(DATA_OFFSET + position + LENGTH_WORD);
        int stored = 0;
        for (int index = fileStart - 8; index < capacity + 64; index++)
        {
            final int at = index;
            stored += attempt(at, 1, capacity, () -> buffer.putByte(at, (byte)0x5A));
            stored += attempt(at, 2, capacity, () -> buffer.putShort(at, (short)-1));
            stored += attempt(at, 4, capacity, () -> buffer.putInt(at, -1));
            stored += attempt(at, 8, capacity, () -> buffer.putLong(at, -1L));
            stored += attempt(at, 8, capacity, () -> buffer.putDouble(at, -1.0));
            stored += attempt(at, 3, capacity, () -> buffer.putBytes(at, new byte[] {1, 2, 3}));
            stored += attempt(at, 3, capacity, () -> buffer.putBytes(at, new byte[] {9, 1, 2, 3}, 1, 3));
            stored += attempt(at, 3, capacity, () -> buffer.putBytes(at, ByteBuffer.wrap(new byte[] {4, 5, 6}), 0, 3));
            attempt(at, 8, capacity, () -> buffer.getLong(at));
            attempt(at, 2, capacity, () -> buffer.getBytes(at, new byte[2], 0, 2));
        }
        for (final int extreme : new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE - 7})
        {
            attempt(extreme, 8, capacity, () -> buffer.putLong(extreme, -1L));
            attempt(extreme, 1, capacity, () -> buffer.putByte(extreme, (byte)1));
        }
        assertThatThrownBy(() -> buffer.putBytes(1, new byte[4], 0, Integer.MAX_VALUE))
            .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> buffer.putBytes(0, new byte[4], 0, capacity + 1))
            .isInstanceOf(IndexOutOfBoundsException.class);
        return stored;
    }

    private static int attempt(final int index, final int size, final int capacity, final Runnable access)
    {
        final boolean inside = index >= 0 && (long)index + size <= capacity;
        if (inside)
        {
            access.run();
            return 1;
        }
        assertThatThrownBy(access::run).as("access of %d bytes at index %d, capacity %d", size, index, capacity)
            .isInstanceOf(IndexOutOfBoundsException.class);
        return 0;
    }

    /** Stores {@link #probe} makes inside a payload of {@link #LENGTH} bytes. */
    private static int expectedInsideStores()
    {
        return (LENGTH - 1 + 1) + (LENGTH - 2 + 1) + (LENGTH - 4 + 1) + 2 * (LENGTH - 8 + 1) + 3 * (LENGTH - 3 + 1);
    }

    private void assertUnchangedOutsidePayload(final byte[] before, final long position)
    {
        final byte[] after = fileBytes();
        assertThat(after).hasSameSizeAs(before);
        final int payloadStart = Math.toIntExact(DATA_OFFSET + position + LENGTH_WORD);
        assertThat(Arrays.copyOfRange(after, 0, payloadStart)).as("header, earlier records and the length word")
            .isEqualTo(Arrays.copyOfRange(before, 0, payloadStart));
        assertThat(Arrays.copyOfRange(after, payloadStart + LENGTH, after.length)).as("padding and every slot after")
            .isEqualTo(Arrays.copyOfRange(before, payloadStart + LENGTH, before.length));
    }

    private void assertEveryRecordReadable()
    {
        try (Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            final List<byte[]> seen = new ArrayList<>();
            while (reader.read((buffer, offset, length, p) -> seen.add(ReadAll.bytes(buffer, offset, length)), 100) > 0)
            {
                assertThat(seen.size()).isLessThanOrEqualTo(earlier.size());
            }
            assertThat(seen).containsExactlyElementsOf(earlier);
            assertThat(reader.exhausted()).as("no failure while reading").isNull();
        }
    }

    private void fillUpToTheLastFewRecords()
    {
        final long maxLength = writer.header().maxMessageLength();
        final byte[] filler = new byte[100];
        while (writer.writeOffset() <= CAPACITY - LENGTH_WORD - recordSize(maxLength))
        {
            Arrays.fill(filler, (byte)earlier.size());
            writeEarlier(filler.clone());
        }
        assertThat(writer.available()).as("room left for the claim").isGreaterThan(recordSize(LENGTH) + LENGTH_WORD);
    }

    private void writeEarlier(final byte[] record)
    {
        assertThat(writer.write(record)).isPositive();
        earlier.add(record);
    }

    private byte[] fileBytes()
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
