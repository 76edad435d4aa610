package io.kekbit.sample.orders.load;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

class LoadCheckTest
{
    private final CRC32C crc = new CRC32C();
    private final byte[] buffer = new byte[LoadRecord.MAX_LENGTH];
    private final LoadCheck check = new LoadCheck();

    @Test
    void shouldReadBackEveryLengthEncoded()
    {
        for (long sequence = 1; sequence <= 2 * (LoadRecord.MAX_LENGTH - LoadRecord.MIN_LENGTH + 1); sequence++)
        {
            final int length = LoadRecord.encode(sequence, buffer, crc);
            assertThat(length).isBetween(LoadRecord.MIN_LENGTH, LoadRecord.MAX_LENGTH);
            assertThat(LoadRecord.check(ByteBuffer.wrap(buffer, 0, length), crc)).isEqualTo(sequence);
        }
    }

    @Test
    void shouldCountAnInOrderStreamWithNoLossDuplicateOrCorruption()
    {
        for (long sequence = 1; sequence <= 1000; sequence++)
        {
            apply(sequence, sequence * 8);
        }
        assertThat(check.summary()).isEqualTo(new LoadSummary(1000, 1, 1000, 0, 0, 0, 8000));
    }

    @Test
    void shouldCountDuplicatesAndGaps()
    {
        apply(5, 8);
        apply(6, 16);
        apply(6, 24);
        apply(4, 32);
        apply(10, 40);
        assertThat(check.summary()).isEqualTo(new LoadSummary(5, 5, 10, 2, 3, 0, 40));
    }

    @Test
    void shouldCountAFlippedByteATruncatedRecordAndAWrongChecksumAsCorrupt()
    {
        final int length = LoadRecord.encode(77, buffer, crc);
        buffer[length - 1] ^= 1;
        check.apply(ByteBuffer.wrap(buffer, 0, length), 8);
        LoadRecord.encode(78, buffer, crc);
        check.apply(ByteBuffer.wrap(buffer, 0, LoadRecord.lengthOf(78) - 8), 16);
        final int crcLength = LoadRecord.encode(79, buffer, crc);
        buffer[LoadRecord.CRC_OFFSET] ^= 1;
        check.apply(ByteBuffer.wrap(buffer, 0, crcLength), 24);
        check.apply(ByteBuffer.allocate(LoadRecord.MIN_LENGTH - 1), 32);

        assertThat(check.summary()).isEqualTo(new LoadSummary(4, 0, 0, 0, 0, 4, 32));
    }

    @Test
    void shouldLeaveTheRecordPositionUnchanged()
    {
        final int length = LoadRecord.encode(3, buffer, crc);
        final ByteBuffer record = ByteBuffer.allocate(length + 10).position(10);
        record.put(buffer, 0, length).position(10);

        check.apply(record, 8);

        assertThat(record.position()).isEqualTo(10);
        assertThat(record.remaining()).isEqualTo(length);
        assertThat(check.summary().lastSequence()).isEqualTo(3);
    }

    private void apply(final long sequence, final long position)
    {
        final int length = LoadRecord.encode(sequence, buffer, crc);
        check.apply(ByteBuffer.wrap(buffer, 0, length), position);
    }
}
