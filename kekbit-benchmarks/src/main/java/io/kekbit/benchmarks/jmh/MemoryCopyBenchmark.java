package io.kekbit.benchmarks.jmh;

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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * The bandwidth floor: copying {@code size}-byte chunks from a heap array into a 256 MiB mapped {@code /dev/shm} file
 * (far larger than any cache; faulting in 1 GiB, as before, cost seconds per fork on a busy VM) whose pages were all
 * faulted in beforehand, moving forward by {@code size + 8} bytes (a kekbit record's footprint) and wrapping at the
 * end. {@code size = 1048576} gives bulk bandwidth. Not thread-safe: one JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class MemoryCopyBenchmark
{
    private static final int LENGTH = 1 << 28;

    /** Bytes per copy. */
    @Param({"32", "256", "1048576"})
    public int size;

    private Path dir;
    private MappedByteBuffer target;
    private byte[] source;
    private int position;
    private int step;
    private int limit;

    /**
     * Maps and pre-faults the file.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("kekbit-jmh-copy-");
        try (FileChannel channel = FileChannel.open(dir.resolve("copy"),
            StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            target = channel.map(FileChannel.MapMode.READ_WRITE, 0, LENGTH);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        target.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < LENGTH; i += 4096)
        {
            target.put(i, (byte)0);
        }
        source = new byte[size];
        step = size >= 4096 ? size : (size + 8 + 7) & ~7;
        limit = LENGTH - step;
    }

    /**
     * Deletes the file.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        target = null;
        BenchFiles.delete(dir);
    }

    /**
     * Copies one chunk.
     *
     * @return the position written.
     */
    @Benchmark
    public int copy()
    {
        int p = position;
        target.put(p, source, 0, size);
        p += step;
        position = p > limit ? 0 : p;
        return p;
    }
}
