package io.kekbit.core.shm;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.HEADER_LENGTH;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.MIN_CAPACITY;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.SIGNATURE;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.SIGNATURE_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.VERSION_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.WRITER_ID_OFFSET;
import static io.kekbit.core.layout.RecordDescriptor.HEARTBEAT;
import static io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD;
import static io.kekbit.core.layout.RecordDescriptor.WATERMARK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.AdditionalMatchers.aryEq;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.kekbit.core.Header;
import io.kekbit.core.TickUnit;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * Store order of a new channel's initialization ({@link ShmChannels#initialize}, called by
 * {@link ShmChannels#createWriter} once the file is mapped) on a mocked {@link MappedMemory} (the publication order of docs/format.md section 6):
 * the pages are pre-faulted with plain stores, the initial heartbeat is stored (WATERMARK in the next slot, then the
 * zero length word), then the header body, then the version and, last, the signature with release stores. The
 * real-file tests ({@code WriterTest}, {@code CreateRaceTest}, {@code CrashSafetyTest}) cover creation end to end.
 */
class ShmChannelsStoreOrderTest
{
    private static final Path PATH = Path.of("store-order-test.kekbit");
    private static final Header HEADER = Header.of(3, 11, MIN_CAPACITY, 500, 2000, TickUnit.MICROS);
    private static final long FILE_LENGTH = ChannelHeaderDescriptor.fileLength(HEADER.capacity());

    private final MockMappedMemory mock = new MockMappedMemory(FILE_LENGTH);
    private final MappedMemory memory = mock.memory();

    @Test
    void shouldStoreTheInitialHeartbeatThenTheHeaderThenTheSignature()
    {
        final ShmWriter writer = ShmChannels.initialize(PATH, HEADER, memory, FILE_LENGTH);

        final InOrder inOrder = inOrder(memory);
        for (long offset = 0; offset < FILE_LENGTH - LENGTH_WORD; offset += ShmChannels.PAGE)
        {
            inOrder.verify(memory).putLong(offset, 0L);
        }
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + LENGTH_WORD, WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET, HEARTBEAT);
        inOrder.verify(memory).putBytes(eq((long)WRITER_ID_OFFSET), aryEq(HEADER.toBytes()), eq(WRITER_ID_OFFSET),
            eq(HEADER_LENGTH - WRITER_ID_OFFSET));
        inOrder.verify(memory).putLongRelease(VERSION_OFFSET, HEADER.version());
        inOrder.verify(memory).putLongRelease(SIGNATURE_OFFSET, SIGNATURE);
        verifyNoMoreInteractions(memory);
        assertThat(writer.writeOffset()).isEqualTo(LENGTH_WORD);
        assertThat(writer.header()).isSameAs(HEADER);
    }

    @Test
    void shouldHaveTheWholeHeaderAndTheInitialHeartbeatInPlaceWhenTheSignatureIsReleased()
    {
        ShmChannels.initialize(PATH, HEADER, memory, FILE_LENGTH);

        final ByteBuffer beforeSignature = mock.before(SIGNATURE_OFFSET, SIGNATURE);
        final byte[] expected = HEADER.toBytes();
        assertThat(beforeSignature.getLong(SIGNATURE_OFFSET)).as("no signature yet").isZero();
        assertThat(beforeSignature.getLong(DATA_OFFSET + LENGTH_WORD)).as("WATERMARK after the initial heartbeat")
            .isEqualTo(WATERMARK);
        assertThat(MockMappedMemory.slice(beforeSignature, VERSION_OFFSET, HEADER_LENGTH - VERSION_OFFSET))
            .as("version and every later header field stored before the signature")
            .containsExactly(Arrays.copyOfRange(expected, VERSION_OFFSET, HEADER_LENGTH));
        assertThat(MockMappedMemory.slice(mock.bytes(), 0, HEADER_LENGTH)).containsExactly(expected);
        assertThat(Header.read(mock.bytes(), 0, PATH).toBytes()).containsExactly(expected);
    }

    @Test
    void shouldHaveTheWatermarkInPlaceWhenTheInitialHeartbeatIsReleased()
    {
        ShmChannels.initialize(PATH, HEADER, memory, FILE_LENGTH);

        final ByteBuffer beforeHeartbeat = mock.before(DATA_OFFSET, HEARTBEAT);
        assertThat(beforeHeartbeat.getLong(SIGNATURE_OFFSET)).as("signature not yet stored").isZero();
        assertThat(beforeHeartbeat.getLong(DATA_OFFSET + LENGTH_WORD)).isEqualTo(WATERMARK);
        assertThat(mock.bytes().getLong(DATA_OFFSET)).isEqualTo(HEARTBEAT);
    }
}
