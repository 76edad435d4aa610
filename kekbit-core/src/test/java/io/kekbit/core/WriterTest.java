package io.kekbit.core;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.layout.StorageDescriptor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link Writer} behaviour of the shared-memory writer: space rules (docs/format.md section 7), claims, encoders, close.
 */
class WriterTest
{
    private static final long CHANNEL = 42;

    @TempDir
    Path root;

    private Writer writer;
    private Reader reader;
    private final List<byte[]> seen = new ArrayList<>();
    private final List<Long> positions = new ArrayList<>();
    private final RecordHandler collect = (buffer, offset, length, position) ->
    {
        seen.add(ReadAll.bytes(buffer, offset, length));
        positions.add(position);
    };

    @BeforeEach
    void open()
    {
        writer = Kekbit.shmWriter(root, Header.of(1, CHANNEL, 16384, 1000, 99_999_999_999L, TickUnit.NANOS));
        reader = Kekbit.shmReader(root, CHANNEL);
    }

    @AfterEach
    void close()
    {
        reader.close();
        writer.close();
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldStartAfterTheInitialHeartbeat()
    {
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(writer.available()).isEqualTo(16376);
        assertThat(writer.recordCount()).isZero();
        assertThat(writer.isClosed()).isFalse();
        assertThat(writer.header().channelId()).isEqualTo(CHANNEL);
        assertThat(reader.read(collect, 10)).as("heartbeat consumed, not delivered").isEqualTo(8);
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldFillTheChannelAsTheFormatExampleSays()
    {
        final byte[] payload = new byte[100];
        for (int i = 0; i < 146; i++)
        {
            assertThat(writer.write(payload)).isEqualTo(112);
        }
        assertThat(writer.writeOffset()).isEqualTo(16360);
        assertThat(writer.available()).isEqualTo(24);
        for (int i = 0; i < 4; i++)
        {
            assertThat(writer.write(payload)).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        }
        assertThat(writer.heartbeat()).isEqualTo(8);
        assertThat(writer.heartbeat()).isEqualTo(8);
        assertThat(writer.heartbeat()).isEqualTo(Writer.CHANNEL_FULL);
        assertThat(writer.write(new byte[1])).isEqualTo(Writer.CHANNEL_FULL);
        assertThat(writer.tryClaim(1, new Claim())).isEqualTo(Writer.CHANNEL_FULL);
        assertThat(writer.recordCount()).isEqualTo(146);
        assertThat(reader.read(collect, 1000)).isEqualTo(16376);
        assertThat(seen).hasSize(146);
        assertThat(reader.read(collect, 1000)).isEqualTo(Reader.CHANNEL_FULL);
    }

    @Test
    void shouldRefuseAnEmptyRecord()
    {
        assertThat(writer.write(new byte[0])).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        assertThat(writer.write(ByteBuffer.allocate(0))).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        assertThat(writer.write(bytes("abc"), 1, 0)).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        assertThat(writer.tryClaim(0, new Claim())).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        assertThat(writer.write(0, buffer -> 0)).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(writer.write(bytes("x"))).as("still usable").isEqualTo(16);
    }

    @ParameterizedTest(name = "payload {0} bytes -> {1}")
    @CsvSource({"1, 16", "8, 16", "9, 24", "16, 24", "100, 112", "119, 128", "120, 128", "121, -2", "1000, -2"})
    void shouldAcceptPayloadsUpToTheMaxMessageLength(final int length, final long expected)
    {
        assertThat(writer.header().maxMessageLength()).isEqualTo(120);
        assertThat(writer.write(new byte[length])).isEqualTo(expected);
        assertThat(writer.write(ByteBuffer.allocateDirect(length))).isEqualTo(expected);
        final Claim claim = new Claim();
        final long claimed = writer.tryClaim(length, claim);
        if (expected > 0)
        {
            assertThat(claimed).isEqualTo(8 + 2 * expected);
            assertThat(claim.commit()).isEqualTo(expected);
        }
        else
        {
            assertThat(claimed).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
            assertThat(claim.isClaimed()).isFalse();
        }
        assertThat(writer.writeOffset()).isEqualTo(8 + 3 * Math.max(0, expected));
    }

    @Test
    void shouldWriteArraysBuffersAndEncodersAlike()
    {
        final byte[] text = bytes("0123456789");
        assertThat(writer.write(text, 2, 5)).isEqualTo(16);
        final ByteBuffer heap = ByteBuffer.wrap(text).position(3).limit(9);
        assertThat(writer.write(heap)).isEqualTo(16);
        assertThat(heap.position()).isEqualTo(3);
        assertThat(heap.limit()).isEqualTo(9);
        final ByteBuffer direct = ByteBuffer.allocateDirect(20).put(text).flip().position(1);
        assertThat(writer.write(direct)).isEqualTo(24);
        assertThat(direct.position()).isEqualTo(1);
        assertThat(writer.write(10, buffer ->
        {
            assertThat(buffer.capacity()).isEqualTo(10);
            buffer.putBytes(0, bytes("enc"));
            return 3;
        })).isEqualTo(16);
        assertThat(writer.recordCount()).isEqualTo(4);
        reader.read(collect, 10);
        assertThat(seen).extracting(b -> new String(b, StandardCharsets.UTF_8))
            .containsExactly("23456", "345678", "123456789", "enc");
        assertThat(positions).containsExactly(8L, 24L, 40L, 64L);
    }

    /**
     * {@code tryClaim} takes a fast path unless the write offset is close to the end of the channel, the length is
     * not valid, a claim is open or the writer is sealed. Seeded random lengths (some not valid), written once through
     * claims and once as arrays into two channels with the same header, must give the same results and the same data
     * area, up to the end of the channel and after a seal.
     */
    @Test
    void shouldClaimAsArraysAreWrittenUpToTheEndOfTheChannel() throws Exception
    {
        for (int seed = 0; seed < 60; seed++)
        {
            final Random random = new Random(seed);
            final long capacity = 16384 + 8L * random.nextInt(4096);
            final long maxLengthHint = 1 + random.nextInt(200);
            final Path claimsRoot = root.resolve("claims-" + seed);
            final Path arraysRoot = root.resolve("arrays-" + seed);
            try (Writer claims = Kekbit.shmWriter(claimsRoot, Header.of(1, 7, capacity, maxLengthHint, 1000,
                    TickUnit.MILLIS));
                Writer arrays = Kekbit.shmWriter(arraysRoot, Header.of(1, 7, capacity, maxLengthHint, 1000,
                    TickUnit.MILLIS)))
            {
                final int maxLength = (int)claims.header().maxMessageLength();
                final Claim claim = new Claim();
                int refusals = 0;
                while (refusals < 8)
                {
                    final int length = random.nextInt(20) == 0 ? maxLength + random.nextInt(3) :
                        random.nextInt(maxLength + 1);
                    final byte[] record = new byte[length];
                    random.nextBytes(record);
                    final long written = arrays.write(record);
                    final long claimed = claims.tryClaim(length, claim);
                    if (claimed >= 0)
                    {
                        assertThat(claimed).as("seed %d", seed).isEqualTo(arrays.writeOffset() - written);
                        claim.buffer().putBytes(0, record);
                        assertThat(claim.commit()).as("seed %d, commit of %d bytes", seed, length)
                            .isEqualTo(written);
                    }
                    else
                    {
                        assertThat(claimed).as("seed %d, claim of %d bytes", seed, length).isEqualTo(written);
                        assertThat(claim.isClaimed()).isFalse();
                        refusals += length >= 1 && length <= maxLength ? 1 : 0;
                    }
                    assertThat(claims.writeOffset()).as("seed %d", seed).isEqualTo(arrays.writeOffset());
                }
                claims.seal();
                arrays.seal();
                assertThat(claims.tryClaim(1, claim)).isEqualTo(Writer.CLOSED);
                final byte[] fromClaims = Files.readAllBytes(Kekbit.storagePath(claimsRoot, 7));
                final byte[] fromArrays = Files.readAllBytes(Kekbit.storagePath(arraysRoot, 7));
                assertThat(Arrays.copyOfRange(fromClaims, DATA_OFFSET, fromClaims.length))
                    .as("seed %d, data area", seed)
                    .isEqualTo(Arrays.copyOfRange(fromArrays, DATA_OFFSET, fromArrays.length));
            }
        }
    }

    @Test
    void shouldRejectAnOutOfBoundsArrayRange()
    {
        assertThatThrownBy(() -> writer.write(new byte[4], 2, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> writer.write(new byte[4], -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(writer.writeOffset()).isEqualTo(8);
    }

    @Test
    void shouldPublishAClaimOnlyOnCommit()
    {
        final Claim claim = new Claim();
        assertThat(writer.tryClaim(5, claim)).isEqualTo(8);
        assertThat(claim.isClaimed()).isTrue();
        assertThat(claim.length()).isEqualTo(5);
        claim.buffer().putBytes(0, bytes("hello"));
        assertThat(reader.read(collect, 10)).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isZero();
        assertThat(seen).as("nothing visible before commit").isEmpty();
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(claim.commit()).isEqualTo(16);
        assertThat(claim.isClaimed()).isFalse();
        assertThat(writer.writeOffset()).isEqualTo(24);
        assertThat(reader.read(collect, 10)).isEqualTo(16);
        assertThat(seen).extracting(String::new).containsExactly("hello");
        assertThat(positions).containsExactly(8L);
    }

    @Test
    void shouldLeaveNothingAfterAnAbort()
    {
        final Claim claim = new Claim();
        assertThat(writer.tryClaim(50, claim)).isEqualTo(8);
        for (int i = 0; i < 50; i++)
        {
            claim.buffer().putByte(i, (byte)'z');
        }
        claim.abort();
        assertThat(claim.isClaimed()).isFalse();
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(writer.recordCount()).isZero();
        assertThat(reader.read(collect, 10)).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isZero();
        assertThat(seen).isEmpty();
        assertThat(writer.tryClaim(2, claim)).as("the claim object is reusable").isEqualTo(8);
        claim.buffer().putBytes(0, bytes("ok"));
        assertThat(claim.commit()).isEqualTo(16);
        reader.read(collect, 10);
        assertThat(seen).extracting(String::new).containsExactly("ok");
    }

    @Test
    void shouldCommitAShorterLength()
    {
        final Claim claim = new Claim();
        writer.tryClaim(50, claim);
        claim.buffer().putBytes(0, bytes("short"));
        assertThat(claim.commit(5)).isEqualTo(16);
        assertThat(writer.writeOffset()).isEqualTo(24);
        reader.read(collect, 10);
        assertThat(seen).extracting(String::new).containsExactly("short");
        assertThat(writer.write(bytes("next"))).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 51})
    void shouldAbortAClaimCommittedWithABadLength(final int length)
    {
        final Claim claim = new Claim();
        writer.tryClaim(50, claim);
        assertThatIllegalArgumentException().isThrownBy(() -> claim.commit(length))
            .withMessage("commit length out of range 1..50: actualLength=" + length);
        assertThat(claim.isClaimed()).isFalse();
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(writer.write(bytes("after"))).isEqualTo(16);
        reader.read(collect, 10);
        assertThat(seen).extracting(String::new).containsExactly("after");
    }

    @Test
    void shouldRefuseOtherWritesWhileAClaimIsOpen()
    {
        final Claim claim = new Claim();
        writer.tryClaim(8, claim);
        assertThatIllegalStateException().isThrownBy(() -> writer.write(bytes("x")))
            .withMessageContaining("a claim is still open");
        assertThatIllegalStateException().isThrownBy(() -> writer.tryClaim(8, new Claim()));
        assertThatIllegalStateException().isThrownBy(() -> writer.heartbeat());
        claim.commit();
        assertThatIllegalStateException().isThrownBy(claim::commit)
            .withMessage("claim already committed or aborted");
        assertThatIllegalStateException().isThrownBy(claim::abort);
        assertThat(writer.write(bytes("x"))).isEqualTo(16);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 11, Integer.MIN_VALUE})
    void shouldReportAnEncoderReturningABadLength(final int returned)
    {
        assertThat(writer.write(10, buffer ->
        {
            buffer.putBytes(0, bytes("garbage"));
            return returned;
        })).isEqualTo(Writer.ENCODING_ERROR);
        assertThat(WriteError.fromCode(Writer.ENCODING_ERROR)).isEqualTo(WriteError.ENCODING_ERROR);
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(writer.recordCount()).isZero();
        assertThat(reader.read(collect, 10)).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isZero();
        assertThat(seen).isEmpty();
        assertThat(writer.write(bytes("fine"))).isEqualTo(16);
        reader.read(collect, 10);
        assertThat(seen).extracting(String::new).containsExactly("fine");
    }

    @Test
    void shouldPublishNothingWhenTheEncoderThrows()
    {
        final IllegalStateException failure = new IllegalStateException("boom");
        assertThatThrownBy(() -> writer.write(10, buffer ->
        {
            buffer.putBytes(0, bytes("partial"));
            throw failure;
        })).isSameAs(failure);
        assertThat(writer.writeOffset()).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isZero();
        assertThat(seen).isEmpty();
        assertThat(writer.write(bytes("fine"))).as("writer still usable").isEqualTo(16);
    }

    @Test
    void shouldRefuseAnEncoderLargerThanTheMaxMessageLength()
    {
        assertThat(writer.write(121, buffer -> 1)).isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        assertThat(writer.write(120, buffer -> 1)).isEqualTo(16);
    }

    @Test
    void shouldRefuseEverythingOnceClosed()
    {
        writer.write(bytes("last"));
        writer.close();
        assertThat(writer.isClosed()).isTrue();
        assertThat(writer.write(bytes("x"))).isEqualTo(Writer.CLOSED);
        assertThat(writer.write(ByteBuffer.wrap(bytes("x")))).isEqualTo(Writer.CLOSED);
        assertThat(writer.write(4, b -> 1)).isEqualTo(Writer.CLOSED);
        assertThat(writer.tryClaim(4, new Claim())).isEqualTo(Writer.CLOSED);
        assertThat(writer.heartbeat()).isEqualTo(Writer.CLOSED);
        assertThat(WriteError.fromCode(writer.heartbeat())).isEqualTo(WriteError.CLOSED);
        writer.flush();
        writer.close();
        assertThat(writer.writeOffset()).isEqualTo(24);
        assertThat(reader.read(collect, 10)).isEqualTo(24);
        assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
        assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
        assertThat(reader.position()).isEqualTo(24);
        try (Reader late = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(late.read(collect, 10)).isEqualTo(24);
            assertThat(late.read(collect, 10)).isEqualTo(Reader.CLOSED);
        }
        assertThat(seen).extracting(String::new).containsExactly("last", "last");
    }

    @Test
    void shouldEndTheChannelForReadersWhenSealedAndKeepTheMappingUntilClose() throws Exception
    {
        writer.write(bytes("last"));
        writer.seal();
        writer.seal();
        assertThat(writer.isSealed()).isTrue();
        assertThat(writer.isClosed()).as("sealed, not yet closed").isFalse();
        assertThat(writer.write(bytes("x"))).isEqualTo(Writer.CLOSED);
        assertThat(writer.tryClaim(4, new Claim())).isEqualTo(Writer.CLOSED);
        assertThat(writer.heartbeat()).isEqualTo(Writer.CLOSED);
        assertThat(reader.read(collect, 10)).isEqualTo(24);
        assertThat(reader.read(collect, 10)).as("CLOSE visible before close()").isEqualTo(Reader.CLOSED);
        writer.flush();
        writer.close();
        assertThat(writer.isClosed()).isTrue();
        assertThat(writer.isSealed()).isTrue();
        assertThat(writer.writeOffset()).isEqualTo(24);
        final byte[] file = Files.readAllBytes(StorageDescriptor.channelPath(root, CHANNEL));
        final ByteBuffer data = ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getLong(1024 + 24)).as("CLOSE marker stored once, at the write offset")
            .isEqualTo(io.kekbit.core.layout.RecordDescriptor.CLOSE);
        assertThat(seen).extracting(String::new).containsExactly("last");
    }

    @Test
    void shouldRefuseACommitAfterSeal()
    {
        final Claim claim = new Claim();
        assertThat(writer.tryClaim(4, claim)).isEqualTo(8);
        writer.seal();
        assertThat(claim.commit()).isEqualTo(Writer.CLOSED);
        assertThat(reader.read(collect, 10)).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldReportClosedWhenAClaimIsCommittedAfterClose()
    {
        final Claim claim = new Claim();
        assertThat(writer.tryClaim(4, claim)).isEqualTo(8);
        writer.close();
        assertThat(claim.commit()).isEqualTo(Writer.CLOSED);
        assertThat(claim.isClaimed()).isFalse();
        assertThat(reader.read(collect, 10)).isEqualTo(8);
        assertThat(reader.read(collect, 10)).isEqualTo(Reader.CLOSED);
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldCountRecordsButNotHeartbeats()
    {
        writer.write(bytes("a"));
        writer.heartbeat();
        writer.write(bytes("b"));
        assertThat(writer.recordCount()).isEqualTo(2);
        assertThat(writer.writeOffset()).isEqualTo(8 + 16 + 8 + 16);
        assertThat(writer.available()).isEqualTo(16384 - 48);
        writer.flush();
        assertThat(reader.read(collect, 10)).isEqualTo(48);
        assertThat(positions).containsExactly(8L, 32L);
    }

    @Test
    void shouldRefuseASecondCreate()
    {
        final Header header = Header.of(1, CHANNEL, 16384, 1000, 0, TickUnit.NANOS);
        assertThatThrownBy(() -> Kekbit.shmWriter(root, header))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
            .hasMessageContaining(Kekbit.storagePath(root, CHANNEL).toString());
        writer.close();
        assertThatThrownBy(() -> Kekbit.shmWriter(root, header))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS));
    }

    @Test
    void shouldRefuseToCreateWhileALockFileExists() throws Exception
    {
        final Path lock = StorageDescriptor.lockPath(root, 7);
        Files.createDirectories(lock.getParent());
        Files.createFile(lock);
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 7, 0, 0, 0, TickUnit.NANOS)))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
            .hasMessageContaining("lock file " + lock);
        assertThat(lock).exists();
        assertThat(Kekbit.storagePath(root, 7)).doesNotExist();
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "POSIX file modes")
    void shouldCreateTheFileOwnerOnlyWithTheWholeDataArea() throws Exception
    {
        final Path file = Kekbit.storagePath(root, CHANNEL);
        assertThat(Files.size(file)).isEqualTo(1024 + 16384 + 32);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
        assertThat(StorageDescriptor.lockPath(root, CHANNEL)).doesNotExist();
    }

    @Test
    void shouldNameWriteErrors()
    {
        assertThat(WriteError.fromCode(16)).isNull();
        assertThat(WriteError.fromCode(0)).isNull();
        assertThat(WriteError.fromCode(-5)).isNull();
        assertThat(WriteError.fromCode(-1)).isEqualTo(WriteError.CHANNEL_FULL);
        assertThat(WriteError.fromCode(-2)).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
        assertThat(WriteError.errorString(-2)).isEqualTo("NO_SPACE_FOR_RECORD");
        assertThat(WriteError.errorString(16)).isEqualTo("OK(16)");
        assertThat(Writer.CHANNEL_FULL).isEqualTo(WriteError.CHANNEL_FULL.code());
    }
}
