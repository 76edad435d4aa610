package io.kekbit.benchmarks.jmh;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.core.envelope.EnvelopeHeaders;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * What the record envelope adds per record, without a channel: {@code copyBody} copies a {@code size}-byte body into
 * a direct buffer (what a raw write copies); {@code encode} writes an envelope with three headers (content type, a
 * W3C {@code traceparent}, a long) and the same body; {@code decode} wraps that envelope and finds two headers and
 * the body, as a listener does. Average time per operation. Not thread-safe: one JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class EnvelopeCodecBenchmark
{
    private static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    /** Body bytes per record. */
    @Param({"32", "256"})
    public int size;

    private final EnvelopeEncoder encoder = new EnvelopeEncoder();
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();
    private final ByteBuffer target = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer encoded = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private byte[] body;
    private int encodedLength;
    private long sequence;

    /**
     * Prepares the body and one encoded envelope for {@link #decode()}.
     */
    @Setup
    public void setUp()
    {
        body = new byte[size];
        encodedLength = encoder.clear().contentType("application/json").header(EnvelopeHeaders.TRACEPARENT, TRACEPARENT)
            .header("seq", 1L).encode(encoded, 0, body, 0, size);
    }

    /**
     * Copies the body alone: the baseline.
     *
     * @return a byte of the target, so the copy is not optimised away.
     */
    @Benchmark
    public byte copyBody()
    {
        target.put(0, body, 0, size);
        return target.get(size - 1);
    }

    /**
     * Encodes the headers and the body.
     *
     * @return the envelope length.
     */
    @Benchmark
    public int encode()
    {
        return encoder.clear().contentType("application/json").header(EnvelopeHeaders.TRACEPARENT, TRACEPARENT)
            .header("seq", ++sequence).encode(target, 0, body, 0, size);
    }

    /**
     * Decodes the envelope and finds two headers and the body.
     *
     * @return a value depending on what was found.
     */
    @Benchmark
    public long decode()
    {
        if (decoder.wrap(encoded, 0, encodedLength) != null || !decoder.find(EnvelopeHeaders.TRACEPARENT))
        {
            throw new IllegalStateException("bad envelope");
        }
        final int traceLength = decoder.valueLength();
        return decoder.find("seq") ? decoder.longValue() + traceLength + decoder.bodyLength() : -1;
    }
}
