package io.kekbit.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.TickUnit;
import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Envelopes through a real memory-mapped channel: written with a claim, read in place from the reader's buffer,
 * refused like any record when too large, and with no allocation per record once the encoder, decoder and claim
 * are kept (bytes allocated are measured with the JVM's per-thread counter, not time).
 */
class EnvelopeChannelTest
{
    private static final int RECORDS = 50_000;
    private static final long BOUND = 1024;

    @TempDir
    Path root;

    private final EnvelopeEncoder encoder = new EnvelopeEncoder();
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private final Claim claim = new Claim();
    private long checksum;
    private long channelId;

    private Writer newChannel(final long capacity, final long maxLength)
    {
        return Kekbit.shmWriter(root, Header.of(1, ++channelId, capacity, maxLength, 0, TickUnit.SECS));
    }

    @Test
    void shouldRoundTripThroughAChannel()
    {
        final List<String> seen = new ArrayList<>();
        try (Writer writer = newChannel(1 << 16, 1024); Reader reader = Kekbit.shmReader(root, channelId))
        {
            final long first = encoder.clear().contentType("text/plain")
                .header(EnvelopeHeaders.TRACEPARENT, "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .write(writer, claim, "hello".getBytes(StandardCharsets.UTF_8), 0, 5);
            final long second = encoder.clear().header("seq", 2L)
                .write(writer, claim, ByteBuffer.wrap("world!".getBytes(StandardCharsets.UTF_8), 0, 5));
            assertThat(first).isGreaterThanOrEqualTo(0);
            assertThat(second).isGreaterThan(first);

            reader.read((buffer, offset, length, position) ->
            {
                assertThat(decoder.wrap(buffer, offset, length)).isNull();
                final StringBuilder line = new StringBuilder().append(position).append(' ');
                while (decoder.next())
                {
                    line.append(decoder.key()).append('=').append(decoder.stringValue()).append(' ');
                }
                final byte[] body = new byte[decoder.bodyLength()];
                buffer.get(decoder.bodyOffset(), body);
                seen.add(line.append(new String(body, StandardCharsets.UTF_8)).toString());
            }, 10);
            assertThat(seen).containsExactly(
                first + " contentType=text/plain traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01 " +
                    "hello",
                second + " seq=2 world");
        }
    }

    @Test
    void shouldBeRefusedLikeAnyRecordWhenTooLarge()
    {
        try (Writer writer = newChannel(1 << 16, 64))
        {
            encoder.clear().header("k", "x".repeat(60));

            final long result = encoder.write(writer, claim, new byte[4], 0, 4);

            assertThat(WriteError.fromCode(result)).isEqualTo(WriteError.NO_SPACE_FOR_RECORD);
            assertThat(claim.isClaimed()).isFalse();
            assertThat(writer.recordCount()).isZero();
        }
    }

    @Test
    void shouldNotAllocatePerRecord()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        final byte[] body = new byte[16];
        final String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        final RecordHandler handler = (buffer, offset, length, position) ->
        {
            if (decoder.wrap(buffer, offset, length) != null || !decoder.find(EnvelopeHeaders.TRACEPARENT) ||
                !decoder.find("seq"))
            {
                throw new AssertionError("bad envelope at " + position);
            }
            checksum += decoder.longValue() + buffer.get(decoder.bodyOffset()) + decoder.bodyLength();
        };
        long written = 0;
        long read = 0;
        for (int round = 0; round < 4; round++)
        {
            try (Writer writer = newChannel(16L << 20, 256); Reader reader = Kekbit.shmReader(root, channelId))
            {
                final long beforeWrite = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < RECORDS; i++)
                {
                    body[0] = (byte)i;
                    encoder.clear().contentType("application/octet-stream")
                        .header(EnvelopeHeaders.TRACEPARENT, traceparent).header("seq", i);
                    if (encoder.write(writer, claim, body, 0, body.length) < 0)
                    {
                        throw new AssertionError("write failed at " + i);
                    }
                }
                written = threads.getCurrentThreadAllocatedBytes() - beforeWrite;
                final long beforeRead = threads.getCurrentThreadAllocatedBytes();
                long records = 0;
                while (records < RECORDS)
                {
                    final long bytes = reader.read(handler, 64);
                    if (bytes <= 0)
                    {
                        throw new AssertionError("read stopped after " + records + " records: " + bytes);
                    }
                    records += bytes / encoder.encodedLength(body.length);
                }
                read = threads.getCurrentThreadAllocatedBytes() - beforeRead;
            }
        }
        assertThat(written).as("bytes allocated by %d enveloped writes", RECORDS).isLessThan(BOUND);
        assertThat(read).as("bytes allocated by decoding %d envelopes", RECORDS).isLessThan(BOUND);
        assertThat(checksum).isNotZero();
    }
}
