package io.kekbit.core.shm;

import static io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET;
import static io.kekbit.core.layout.ChannelHeaderDescriptor.MIN_CAPACITY;
import static io.kekbit.core.layout.RecordDescriptor.CLOSE;
import static io.kekbit.core.layout.RecordDescriptor.HEARTBEAT;
import static io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD;
import static io.kekbit.core.layout.RecordDescriptor.WATERMARK;
import static io.kekbit.core.layout.RecordDescriptor.recordSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.only;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.RecordEncoder;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.MappedMemory;
import io.kekbit.core.layout.ChannelHeaderDescriptor;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.InOrder;

/**
 * Store order of {@link ShmWriter} on a mocked {@link MappedMemory} (the publication order of docs/format.md section 6, modelled on Agrona's
 * {@code OneToOneRingBufferTest.shouldWriteToEmptyBuffer}): the payload first, then WATERMARK in the next slot with a
 * release store, then the length word with a release store, and nothing after; CLOSE by a release store; refused
 * writes store nothing. Payloads copied through the window ({@code write(ByteBuffer)}, claims, encoders) are not calls
 * Mockito sees, so each test also checks the memory as it was just before each release store
 * ({@link MockMappedMemory#before}). The real-file tests
 * ({@code WriterTest}, {@code WriterReaderTest}, {@code ConcurrentReadWriteTest}) cover the same paths end to end.
 */
class ShmWriterStoreOrderTest
{
    private static final Path PATH = Path.of("store-order-test.kekbit");
    private static final Header HEADER = Header.of(1, 7, MIN_CAPACITY, 100, 1000, TickUnit.NANOS);
    private static final long CAPACITY = HEADER.capacity();
    /** Where a new channel's writer starts: after the initial heartbeat that {@code createWriter} stores. */
    private static final long START = LENGTH_WORD;

    private final MockMappedMemory mock = new MockMappedMemory(ChannelHeaderDescriptor.fileLength(CAPACITY));
    private final MappedMemory memory = mock.memory();
    private ShmWriter writer;

    @BeforeEach
    void createWriter()
    {
        writer = new ShmWriter(PATH, HEADER, memory, START);
    }

    @Test
    void shouldStorePayloadThenWatermarkThenLengthWhenWritingBytes()
    {
        final byte[] src = {9, 9, 9, 1, 2, 3, 4, 5};
        final byte[] payload = {1, 2, 3, 4, 5};

        assertThat(writer.write(src, 3, payload.length)).isEqualTo(recordSize(payload.length));

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putBytes(DATA_OFFSET + START + LENGTH_WORD, src, 3, payload.length);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START + recordSize(payload.length), WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, payload.length);
        verifyNoMoreInteractions(memory);
        assertPublished(START, payload);
        assertThat(writer.writeOffset()).isEqualTo(START + recordSize(payload.length));
        assertThat(writer.recordCount()).isOne();
    }

    @Test
    void shouldPublishTheNextRecordOverThePreviousWatermark()
    {
        final byte[] first = payload(5);
        final byte[] second = payload(12);
        final long secondPosition = START + recordSize(first.length);

        writer.write(first, 0, first.length);
        writer.write(second, 0, second.length);

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putBytes(DATA_OFFSET + START + LENGTH_WORD, first, 0, first.length);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + secondPosition, WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, first.length);
        inOrder.verify(memory).putBytes(DATA_OFFSET + secondPosition + LENGTH_WORD, second, 0, second.length);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + secondPosition + recordSize(second.length), WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + secondPosition, second.length);
        verifyNoMoreInteractions(memory);
        assertPublished(START, first);
        assertPublished(secondPosition, second);
    }

    @Test
    void shouldCopyThroughTheWindowThenStoreWatermarkThenLengthWhenWritingBuffer()
    {
        final byte[] payload = payload(21);
        final ByteBuffer src = ByteBuffer.allocate(payload.length + 2);
        src.position(2);
        src.put(payload).position(2);

        assertThat(writer.write(src)).isEqualTo(recordSize(payload.length));

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START + recordSize(payload.length), WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, payload.length);
        verifyNoMoreInteractions(memory);
        assertPublished(START, payload);
        assertThat(src.position()).isEqualTo(2);
    }

    @Test
    void shouldStoreNothingUntilAClaimIsCommitted()
    {
        final byte[] payload = payload(16);
        final Claim claim = new Claim();

        assertThat(writer.tryClaim(40, claim)).isEqualTo(START);
        claim.buffer().putBytes(0, payload);
        verifyNoInteractions(memory);

        assertThat(claim.commit(payload.length)).isEqualTo(recordSize(payload.length));

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START + recordSize(payload.length), WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, payload.length);
        verifyNoMoreInteractions(memory);
        assertPublished(START, payload);
        assertThat(writer.writeOffset()).isEqualTo(START + recordSize(payload.length));
    }

    @Test
    void shouldStoreNothingWhenAClaimIsAborted()
    {
        final Claim claim = new Claim();

        writer.tryClaim(40, claim);
        claim.buffer().putBytes(0, payload(40));
        claim.abort();

        verifyNoInteractions(memory);
        assertThat(writer.writeOffset()).isEqualTo(START);
    }

    @Test
    void shouldStoreOnlyCloseWhenSealedWithAClaimOpen()
    {
        final Claim claim = new Claim();
        writer.tryClaim(40, claim);

        writer.seal();
        assertThat(claim.commit()).isEqualTo(Writer.CLOSED);

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, CLOSE);
        verifyNoMoreInteractions(memory);
    }

    @Test
    void shouldPublishWhatTheEncoderWroteThenWatermarkThenLength()
    {
        final byte[] payload = payload(30);
        final RecordEncoder encoder = buffer ->
        {
            buffer.putBytes(0, payload);
            return payload.length;
        };

        assertThat(writer.write(64, encoder)).isEqualTo(recordSize(payload.length));

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START + recordSize(payload.length), WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, payload.length);
        verifyNoMoreInteractions(memory);
        assertPublished(START, payload);
    }

    @Test
    void shouldStoreNothingWhenTheEncoderFails()
    {
        assertThat(writer.write(64, buffer -> 0)).isEqualTo(Writer.ENCODING_ERROR);
        assertThat(writer.write(64, buffer -> buffer.capacity() + 1)).isEqualTo(Writer.ENCODING_ERROR);
        assertThatIllegalStateException().isThrownBy(() -> writer.write(64, buffer ->
        {
            buffer.putByte(0, (byte)1);
            throw new IllegalStateException("encoder failed");
        }));

        verifyNoInteractions(memory);
        assertThat(writer.writeOffset()).isEqualTo(START);
        assertThat(writer.recordCount()).isZero();
    }

    @Test
    void shouldStoreWatermarkThenZeroLengthForAHeartbeat()
    {
        assertThat(writer.heartbeat()).isEqualTo(LENGTH_WORD);

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START + LENGTH_WORD, WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, HEARTBEAT);
        verifyNoMoreInteractions(memory);
        final ByteBuffer beforeHeartbeat = mock.before(DATA_OFFSET + START, HEARTBEAT);
        assertThat(beforeHeartbeat.getLong(Math.toIntExact(DATA_OFFSET + START + LENGTH_WORD)))
            .as("WATERMARK in the next slot before the heartbeat is published")
            .isEqualTo(WATERMARK);
        assertThat(writer.writeOffset()).isEqualTo(START + LENGTH_WORD);
    }

    @Test
    void shouldStoreCloseAtTheWriteOffsetWhenSealedAndNothingAfter()
    {
        final byte[] payload = payload(7);
        writer.write(payload, 0, payload.length);
        final long end = START + recordSize(payload.length);
        clearInvocations(memory);

        writer.seal();
        verify(memory, only()).putLongRelease(DATA_OFFSET + end, CLOSE);

        writer.seal();
        assertThat(writer.write(payload, 0, payload.length)).isEqualTo(Writer.CLOSED);
        assertThat(writer.write(ByteBuffer.wrap(payload))).isEqualTo(Writer.CLOSED);
        assertThat(writer.write(8, buffer -> fail("encoder called after seal")))
            .isEqualTo(Writer.CLOSED);
        assertThat(writer.tryClaim(8, new Claim())).isEqualTo(Writer.CLOSED);
        assertThat(writer.heartbeat()).isEqualTo(Writer.CLOSED);
        verifyNoMoreInteractions(memory);
    }

    @Test
    void shouldStoreCloseThenForceThenUnmapWhenClosed()
    {
        final byte[] payload = payload(7);
        writer.write(payload, 0, payload.length);
        final long end = START + recordSize(payload.length);
        clearInvocations(memory);

        writer.close();

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + end, CLOSE);
        inOrder.verify(memory).force();
        inOrder.verify(memory).close();
        verifyNoMoreInteractions(memory);

        writer.close();
        writer.flush();
        writer.seal();
        verifyNoMoreInteractions(memory);
    }

    @Test
    void shouldNotStoreCloseTwiceWhenClosedAfterSeal()
    {
        writer.seal();
        writer.close();

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + START, CLOSE);
        inOrder.verify(memory).force();
        inOrder.verify(memory).close();
        verifyNoMoreInteractions(memory);
    }

    @Test
    void shouldOnlyForceWhenFlushed()
    {
        writer.flush();

        verify(memory, only()).force();
    }

    static Stream<Arguments> refusals()
    {
        final int maxLength = (int)HEADER.maxMessageLength();
        // At CAPACITY - 32 a record may take 24 bytes (it must end 8 bytes before the capacity): 16 payload bytes.
        final int fitsAtEnd = LENGTH_WORD * 2;
        return Stream.of(
            Arguments.of("longer than the max message length", START, maxLength + 1, Writer.NO_SPACE_FOR_RECORD),
            Arguments.of("empty", START, 0, Writer.NO_SPACE_FOR_RECORD),
            Arguments.of("one byte more than fits at the end", CAPACITY - LENGTH_WORD * 4, fitsAtEnd + 1,
                Writer.NO_SPACE_FOR_RECORD),
            Arguments.of("channel full", CAPACITY - LENGTH_WORD, 1, Writer.CHANNEL_FULL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldStoreNothingWhenAWriteIsRefused(
        final String description, final long writeOffset, final int length, final long expected)
    {
        final ShmWriter refusing = new ShmWriter(PATH, HEADER, memory, writeOffset);
        final byte[] payload = payload(Math.max(length, 1));
        final Claim claim = new Claim();

        assertThat(refusing.write(payload, 0, length)).isEqualTo(expected);
        assertThat(refusing.write(ByteBuffer.wrap(payload, 0, length))).isEqualTo(expected);
        assertThat(refusing.write(length, buffer -> fail("encoder called for a refused write")))
            .isEqualTo(expected);
        assertThat(refusing.tryClaim(length, claim)).isEqualTo(expected);

        verifyNoInteractions(memory);
        assertThat(claim.isClaimed()).isFalse();
        assertThat(refusing.writeOffset()).isEqualTo(writeOffset);
    }

    @Test
    void shouldAcceptTheLargestRecordTheSpaceRuleAllowsAtTheEnd()
    {
        final long position = CAPACITY - LENGTH_WORD * 4;
        final byte[] payload = payload(LENGTH_WORD * 2);
        final ShmWriter atEnd = new ShmWriter(PATH, HEADER, memory, position);

        assertThat(atEnd.write(payload, 0, payload.length)).isEqualTo(recordSize(payload.length));

        final InOrder inOrder = inOrder(memory);
        inOrder.verify(memory).putBytes(DATA_OFFSET + position + LENGTH_WORD, payload, 0, payload.length);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + CAPACITY - LENGTH_WORD, WATERMARK);
        inOrder.verify(memory).putLongRelease(DATA_OFFSET + position, payload.length);
        verifyNoMoreInteractions(memory);
        assertPublished(position, payload);
    }

    @Test
    void shouldStoreNothingForAHeartbeatWhenFull()
    {
        final ShmWriter full = new ShmWriter(PATH, HEADER, memory, CAPACITY - LENGTH_WORD);

        assertThat(full.heartbeat()).isEqualTo(Writer.CHANNEL_FULL);

        verifyNoInteractions(memory);
    }

    @Test
    void shouldRefuseToWriteWhileAClaimIsOpenWithoutStoring()
    {
        final byte[] payload = payload(4);
        writer.tryClaim(8, new Claim());

        assertThatIllegalStateException().isThrownBy(() -> writer.write(payload, 0, payload.length));
        assertThatIllegalStateException().isThrownBy(() -> writer.heartbeat());

        verifyNoInteractions(memory);
    }

    /**
     * Checks what a reader that acquire-loads the length word at {@code position} sees: the payload, and WATERMARK
     * in the next slot; and that the payload was already there when that WATERMARK was released.
     */
    private void assertPublished(final long position, final byte[] payload)
    {
        final long lengthWord = DATA_OFFSET + position;
        final long payloadOffset = lengthWord + LENGTH_WORD;
        final long next = lengthWord + recordSize(payload.length);
        final ByteBuffer beforeLength = mock.before(lengthWord, payload.length);
        assertThat(MockMappedMemory.slice(beforeLength, payloadOffset, payload.length))
            .as("payload stored before its length word")
            .containsExactly(payload);
        assertThat(beforeLength.getLong(Math.toIntExact(next)))
            .as("WATERMARK stored in the next slot before the length word")
            .isEqualTo(WATERMARK);
        assertThat(MockMappedMemory.slice(mock.before(next, WATERMARK), payloadOffset, payload.length))
            .as("payload stored before the WATERMARK in the next slot")
            .containsExactly(payload);
        assertThat(mock.bytes().getLong(Math.toIntExact(lengthWord))).isEqualTo(payload.length);
    }

    /**
     * A payload of {@code length} non-zero bytes, so that it differs from the zeroed memory.
     */
    private static byte[] payload(final int length)
    {
        final byte[] payload = new byte[length];
        for (int i = 0; i < length; i++)
        {
            payload[i] = (byte)(i + 1);
        }
        return payload;
    }
}
