package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Header} rounding (docs/format.md section 3.1), validation order and messages (section 3.2), byte layout
 * (section 3), and {@link TickUnit}.
 */
class HeaderTest
{
    @TempDir
    Path dir;

    @ParameterizedTest(name = "capacity hint {0}, max length hint {1} -> {2}, {3}")
    @CsvSource({
        "0, 0, 16384, 8",
        "1, 1000, 16384, 120",
        "16384, 1000, 16384, 120",
        "16384, 112, 16384, 120",
        "16384, 111, 16384, 120",
        "16384, 100, 16384, 112",
        "16384, 1, 16384, 16",
        "16385, 1000, 16392, 120",
        "16391, 1000, 16392, 120",
        "17000, 1000, 17000, 128",
        "65536, 1000, 65536, 504",
        "65536, 300, 65536, 312",
        "65530, 10000, 65536, 504",
        "1048576, 1000, 1048576, 1008",
        "1048576, 100000, 1048576, 8184"
    })
    void shouldRoundHintsAsTheCrateDoes(
        final long capacityHint, final long maxHint, final long capacity, final long maxMessageLength)
    {
        final Header header = Header.of(1, 2, capacityHint, maxHint, 5, TickUnit.MILLIS);
        assertThat(header.capacity()).isEqualTo(capacity);
        assertThat(header.maxMessageLength()).isEqualTo(maxMessageLength);
        assertThat(header.maxMessageLength() % 8).isZero();
        assertThat(header.maxMessageLength()).isLessThanOrEqualTo(ChannelHeaderDescriptor.maxMessageLengthCeiling(capacity));
        assertThat(header.version()).isEqualTo(1L << 48);
        assertThat(header.writerId()).isEqualTo(1);
        assertThat(header.channelId()).isEqualTo(2);
        assertThat(header.timeout()).isEqualTo(5);
        assertThat(header.tickUnit()).isEqualTo(TickUnit.MILLIS);
        assertThat(header.length()).isEqualTo(128);
    }

    @Test
    void shouldConvertADurationTimeoutToTicks()
    {
        assertThat(Header.of(1, 2, 0, 0, Duration.ofMillis(1500), TickUnit.MILLIS).timeout()).isEqualTo(1500);
        assertThat(Header.of(1, 2, 0, 0, Duration.ofMillis(1500), TickUnit.SECS).timeout()).isEqualTo(1);
        assertThat(Header.of(1, 2, 0, 0, Duration.ofMillis(1500), TickUnit.MICROS).timeoutDuration())
            .isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void shouldStampTheCreationTimeInTheTickUnit()
    {
        final long before = System.currentTimeMillis();
        final Header header = Header.of(1, 2, 0, 0, 0, TickUnit.MILLIS);
        final long after = System.currentTimeMillis();
        assertThat(header.creationTime()).isBetween(before, after);
    }

    @Test
    void shouldRejectNegativeHints()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> Header.of(1, 2, -1, 0, 0, TickUnit.MILLIS))
            .withMessage("capacity hint must not be negative: capacityHint=-1");
        assertThatIllegalArgumentException().isThrownBy(() -> Header.of(1, 2, 0, -8, 0, TickUnit.MILLIS))
            .withMessage("max message length hint must not be negative: maxMessageLengthHint=-8");
        assertThatIllegalArgumentException().isThrownBy(() -> Header.of(1, 2, 0, 0, -1, TickUnit.MILLIS))
            .withMessage("timeout must not be negative: timeout=-1");
    }

    @Test
    void shouldRejectACapacityBeyondTheFormat()
    {
        assertThat(Header.of(1, 2, 0xFFFF_FFF8L, 0, 0, TickUnit.MILLIS).capacity()).isEqualTo(0xFFFF_FFF8L);
        assertThatThrownBy(() -> Header.of(1, 2, 0xFFFF_FFF9L, 0, 0, TickUnit.MILLIS))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.INVALID_CAPACITY))
            .hasMessageContaining("expected at most 4294967288").hasMessageContaining("actual 4294967296");
    }

    @Test
    void shouldWriteTheLayoutOfTheFormat()
    {
        final Header header = Header.of(1850, 42, 16384, 1000, 99_999_999_999L, TickUnit.NANOS);
        final byte[] bytes = header.toBytes();
        assertThat(bytes).hasSize(128);
        assertThat(Arrays.copyOfRange(bytes, 0, 8)).isEqualTo("*KEKBIT*".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getLong(8)).isEqualTo(0x0001_0000_0000_0000L);
        assertThat(b.getLong(16)).isEqualTo(1850);
        assertThat(b.getLong(24)).isEqualTo(42);
        assertThat(b.getInt(32)).isEqualTo(16384);
        assertThat(b.getInt(36)).isEqualTo(120);
        assertThat(b.getLong(40)).isEqualTo(99_999_999_999L);
        assertThat(b.getLong(48)).isEqualTo(header.creationTime());
        assertThat(bytes[56]).isEqualTo((byte)9);
        assertThat(Arrays.copyOfRange(bytes, 57, 128)).containsOnly(0);
        assertThat(Header.read(ByteBuffer.wrap(bytes), 0, null)).isEqualTo(header);
    }

    @Test
    void shouldWriteTheGoldenHeaderBytesExceptTheCreationTime() throws Exception
    {
        final GoldenCase golden = GoldenCase.named("closed-text");
        final byte[] theirs = Arrays.copyOf(Files.readAllBytes(golden.channelFile()), 128);
        final Header read = Header.read(golden.channelFile());
        assertThat(read.toBytes()).isEqualTo(theirs);
        final byte[] ours = Header.of(1850, 42, 16384, 1000, 99_999_999_999L, TickUnit.NANOS).toBytes();
        Arrays.fill(ours, 48, 56, (byte)0);
        Arrays.fill(theirs, 48, 56, (byte)0);
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void shouldWriteIntoABufferAtAnOffset()
    {
        final Header header = Header.of(3, 4, 65536, 300, 7, TickUnit.SECS);
        final ByteBuffer buffer = ByteBuffer.allocate(200);
        Arrays.fill(buffer.array(), (byte)0x55);
        header.write(buffer, 50);
        assertThat(buffer.position()).isZero();
        assertThat(buffer.get(49)).isEqualTo((byte)0x55);
        assertThat(buffer.get(178)).isEqualTo((byte)0x55);
        assertThat(Header.read(buffer, 50, null)).isEqualTo(header);
    }

    private Header readMutated(final Consumer<ByteBuffer> mutation) throws Exception
    {
        final ByteBuffer b = ByteBuffer.wrap(Header.of(1, 42, 16384, 1000, 100, TickUnit.NANOS).toBytes())
            .order(ByteOrder.LITTLE_ENDIAN);
        mutation.accept(b);
        final Path file = dir.resolve("h.kekbit");
        Files.write(file, b.array());
        return Header.read(file);
    }

    private void assertRejected(final Consumer<ByteBuffer> mutation, final ChannelError reason, final String message)
    {
        final Path file = dir.resolve("h.kekbit");
        assertThatThrownBy(() -> readMutated(mutation))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
            {
                assertThat(ex.reason()).isEqualTo(reason);
                assertThat(ex.path()).isEqualTo(file);
            })
            .hasMessage(reason + ": " + file + ": " + message);
    }

    @Test
    void shouldRejectAWrongSignatureFirst()
    {
        assertRejected(b ->
        {
            b.put(0, (byte)'k');
            b.putLong(8, -1L);
            b.putInt(32, 0);
            b.put(56, (byte)5);
        }, ChannelError.INVALID_SIGNATURE,
            "signature: expected 0x2a5449424b454b2a (*KEKBIT*), actual 0x2a5449424b454b6b");
    }

    @ParameterizedTest(name = "version 0x{0}")
    @ValueSource(strings = {"0", "1", "ffffffff", "0000ffff00000000", "0001000000000000"})
    void shouldAcceptVersionsUpTo100(final String hex) throws Exception
    {
        final long version = Long.parseUnsignedLong(hex, 16);
        assertThat(readMutated(b -> b.putLong(8, version)).version()).isEqualTo(version);
    }

    @ParameterizedTest(name = "version {1}")
    @CsvSource({
        "0001000000000001, 1.0.1",
        "0001000100000000, 1.1.0",
        "0002000000000000, 2.0.0",
        "ffffffffffffffff, 65535.65535.4294967295"
    })
    void shouldRejectVersionsAbove100(final String hex, final String text)
    {
        final long version = Long.parseUnsignedLong(hex, 16);
        assertRejected(b ->
        {
            b.putLong(8, version);
            b.putInt(32, 0);
        }, ChannelError.INCOMPATIBLE_VERSION, "version: expected at most 1.0.0, actual " + text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 16376, 10240})
    void shouldRejectACapacityBelow16KiBBeforeTheMaxLength(final int capacity)
    {
        assertRejected(b ->
        {
            b.putInt(32, capacity);
            b.putInt(36, 12345);
            b.put(56, (byte)5);
        }, ChannelError.INVALID_CAPACITY, "capacity: expected at least 16384, actual " + capacity);
    }

    @Test
    void shouldAcceptAnUnalignedCapacityAsTheCrateDoes() throws Exception
    {
        final Header header = readMutated(b -> b.putInt(32, 16388));
        assertThat(header.capacity()).isEqualTo(16388);
        assertThat(header.maxMessageLength()).isEqualTo(120);
    }

    @Test
    void shouldReadTheCapacityAsUnsigned() throws Exception
    {
        final Header header = readMutated(b -> b.putInt(32, 0xFFFF_FFF8));
        assertThat(header.capacity()).isEqualTo(0xFFFF_FFF8L);
    }

    @ParameterizedTest
    @ValueSource(ints = {121, 128, 1000, -8})
    void shouldRejectATooLargeMaxLengthBeforeTheTickUnit(final int maxMessageLength)
    {
        assertRejected(b ->
        {
            b.putInt(36, maxMessageLength);
            b.put(56, (byte)5);
        }, ChannelError.INVALID_MAX_MESSAGE_LENGTH, "max message length: expected at most 120 for capacity 16384, " +
            "actual " + Integer.toUnsignedString(maxMessageLength));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 100, 119})
    void shouldRejectAnUnalignedMaxLength(final int maxMessageLength)
    {
        assertRejected(b -> b.putInt(36, maxMessageLength), ChannelError.INVALID_MAX_MESSAGE_LENGTH,
            "max message length: expected a multiple of 8, actual " + maxMessageLength);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 112, 120})
    void shouldAcceptAlignedMaxLengthsUpToTheCeiling(final int maxMessageLength) throws Exception
    {
        assertThat(readMutated(b -> b.putInt(36, maxMessageLength)).maxMessageLength()).isEqualTo(maxMessageLength);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5, 7, 8, 10, 12, 255})
    void shouldReportAnUnknownTickUnitInsteadOfPanicking(final int id)
    {
        assertRejected(b -> b.put(56, (byte)id), ChannelError.INVALID_TICK_UNIT,
            "tick unit id: expected one of 9 (nanos), 6 (micros), 3 (millis), 0 (secs), actual " + id);
    }

    @ParameterizedTest
    @CsvSource({"9, NANOS", "6, MICROS", "3, MILLIS", "0, SECS"})
    void shouldReadEachTickUnit(final int id, final TickUnit unit) throws Exception
    {
        assertThat(readMutated(b -> b.put(56, (byte)id)).tickUnit()).isEqualTo(unit);
    }

    @Test
    void shouldIgnoreBytesAfterTheTickUnit() throws Exception
    {
        assertThat(readMutated(b -> b.put(57, (byte)1).put(127, (byte)2)).channelId()).isEqualTo(42);
    }

    @Test
    void shouldReportAMissingOrShortFile() throws Exception
    {
        final Path missing = dir.resolve("missing.kekbit");
        assertThatThrownBy(() -> Header.read(missing))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_NOT_FOUND))
            .hasMessageContaining(missing.toString());
        final Path shortFile = dir.resolve("short.kekbit");
        Files.write(shortFile, Arrays.copyOf(Header.of(1, 2, 0, 0, 0, TickUnit.SECS).toBytes(), 127));
        assertThatThrownBy(() -> Header.read(shortFile))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.ACCESS_ERROR))
            .hasMessage("ACCESS_ERROR: " + shortFile + ": file too short for a header: expected at least 128 bytes, " +
                "actual 127");
    }

    @Test
    void shouldHaveValueEquality()
    {
        final Header a = Header.read(ByteBuffer.wrap(Header.of(1, 2, 0, 0, 0, TickUnit.SECS).toBytes()), 0, null);
        final Header b = Header.read(ByteBuffer.wrap(a.toBytes()), 0, null);
        assertThat(b).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.toString()).contains("channelId=0x2", "capacity=16384", "version=1.0.0");
    }

    @ParameterizedTest
    @CsvSource({"NANOS, 9", "MICROS, 6", "MILLIS, 3", "SECS, 0"})
    void shouldMapTickUnitIds(final TickUnit unit, final int id)
    {
        assertThat(unit.id()).isEqualTo(id);
        assertThat(TickUnit.fromId(id)).isEqualTo(unit);
        assertThat(TickUnit.fromIdOrNull(id)).isEqualTo(unit);
    }

    @Test
    void shouldRejectAnUnknownTickUnitId()
    {
        assertThat(TickUnit.fromIdOrNull(5)).isNull();
        assertThatThrownBy(() -> TickUnit.fromId(5))
            .isInstanceOfSatisfying(ChannelException.class,
                ex -> assertThat(ex.reason()).isEqualTo(ChannelError.INVALID_TICK_UNIT))
            .hasMessage("INVALID_TICK_UNIT: tick unit id: expected one of 9 (nanos), 6 (micros), 3 (millis), " +
                "0 (secs), actual 5");
    }

    @ParameterizedTest
    @CsvSource({
        "NANOS, 1500000000", "MICROS, 1500000", "MILLIS, 1500", "SECS, 1"
    })
    void shouldConvertDurationsRoundingDown(final TickUnit unit, final long ticks)
    {
        assertThat(unit.convert(Duration.ofMillis(1500))).isEqualTo(ticks);
        assertThat(unit.convert(Duration.ofNanos(999))).isEqualTo(unit == TickUnit.NANOS ? 999 : 0);
        assertThat(unit.convert(Duration.ZERO)).isZero();
        assertThat(unit.convert(Duration.ofSeconds(Long.MAX_VALUE))).as("saturated").isEqualTo(Long.MAX_VALUE);
        assertThat(unit.toDuration(ticks)).isEqualTo(unit == TickUnit.SECS ? Duration.ofSeconds(1) : Duration.ofMillis(1500));
    }

    @Test
    void shouldConvertTicksReadAsUnsigned()
    {
        assertThat(TickUnit.NANOS.toDuration(-1L)).isEqualTo(Duration.ofSeconds(18_446_744_073L, 709_551_615));
        assertThat(TickUnit.MILLIS.toDuration(-1L)).isEqualTo(Duration.ofSeconds(18_446_744_073_709_551L, 615_000_000));
        assertThat(TickUnit.SECS.toDuration(Long.MAX_VALUE)).isEqualTo(Duration.ofSeconds(Long.MAX_VALUE));
        assertThat(TickUnit.SECS.toDuration(-1L)).as("saturated, never negative")
            .isEqualTo(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
    }

    @ParameterizedTest
    @CsvSource({"NANOS, 1000000", "MICROS, 1000", "MILLIS, 1", "SECS, 0"})
    void shouldTellTheUnixTimeInTheUnit(final TickUnit unit, final long ticksPerMilli)
    {
        final long before = System.currentTimeMillis();
        final long now = unit.now();
        final long after = System.currentTimeMillis();
        if (unit == TickUnit.SECS)
        {
            assertThat(now).isBetween(before / 1000, after / 1000);
        }
        else if (unit == TickUnit.MILLIS)
        {
            assertThat(now).isBetween(before, after);
        }
        else
        {
            // derived from System.nanoTime(), anchored to the wall clock once: allow for clock adjustments
            assertThat(now / ticksPerMilli).isBetween(before - 5_000, after + 5_000);
        }
    }
}
