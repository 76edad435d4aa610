package io.kekbit.benchmarks.jmh;

import io.kekbit.benchmarks.PeerFlags;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.MappedByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Peer: Agrona {@link OneToOneRingBuffer} over a pre-faulted 64 MiB mapped file on {@code /dev/shm}, one writer,
 * {@code write} from a buffer and {@code tryClaim}/{@code commit}. When the ring is full a consumer that skips
 * everything is simulated by moving the head to the tail (one store), so the score is the producer's cost. Not
 * thread-safe: one JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PeerFlags.OPEN_MISC, PeerFlags.EXPORT_MISC, PeerFlags.OPEN_NIO,
    PeerFlags.EXPORT_NIO_CH})
public class AgronaRingWriteBenchmark
{
    private static final int CAPACITY = 1 << 26;

    /** Payload bytes per record. */
    @Param({"32", "256"})
    public int size;

    private Path dir;
    private MappedByteBuffer mapped;
    private UnsafeBuffer buffer;
    private OneToOneRingBuffer ring;
    private UnsafeBuffer source;

    /**
     * Maps and pre-faults the ring file.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("agrona-jmh-");
        final int length = CAPACITY + RingBufferDescriptor.TRAILER_LENGTH;
        mapped = IoUtil.mapNewFile(dir.resolve("ring").toFile(), length, true);
        for (int i = 0; i < length; i += 4096)
        {
            mapped.put(i, (byte)0);
        }
        buffer = new UnsafeBuffer(mapped);
        ring = new OneToOneRingBuffer(buffer);
        source = new UnsafeBuffer(new byte[size]);
    }

    /**
     * Unmaps and deletes the file.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        IoUtil.unmap(mapped);
        BenchFiles.delete(dir);
    }

    /**
     * Writes one record from a buffer.
     *
     * @return whether it was written.
     */
    @Benchmark
    public boolean write()
    {
        if (!ring.write(1, source, 0, size))
        {
            skipAll();
            return ring.write(1, source, 0, size);
        }
        return true;
    }

    /**
     * Claims, fills and commits one record.
     *
     * @return the claimed index.
     */
    @Benchmark
    public int claimCommit()
    {
        int index = ring.tryClaim(1, size);
        if (index < 0)
        {
            skipAll();
            index = ring.tryClaim(1, size);
        }
        buffer.putBytes(index, source, 0, size);
        ring.commit(index);
        return index;
    }

    private void skipAll()
    {
        buffer.putLongRelease(CAPACITY + RingBufferDescriptor.HEAD_POSITION_OFFSET,
            buffer.getLongVolatile(CAPACITY + RingBufferDescriptor.TAIL_POSITION_OFFSET));
    }
}
