package io.kekbit.benchmarks.jmh;

import io.kekbit.benchmarks.PeerFlags;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Peer: Chronicle Queue (open source) on {@code /dev/shm}, one appender writing {@code size}-byte excerpts through
 * {@code writingDocument()}. Not thread-safe: one JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PeerFlags.OPEN_MISC, PeerFlags.EXPORT_MISC, PeerFlags.OPEN_NIO,
    PeerFlags.OPEN_NIO_CH, PeerFlags.EXPORT_NIO_CH, PeerFlags.OPEN_LANG, PeerFlags.OPEN_REFLECT, PeerFlags.OPEN_IO,
    PeerFlags.OPEN_UTIL, PeerFlags.EXPORT_REF, PeerFlags.CHRONICLE_NO_ANALYTICS,
    PeerFlags.CHRONICLE_NO_RESOURCE_TRACING})
public class ChronicleQueueWriteBenchmark
{
    /** Payload bytes per record. */
    @Param({"32", "256"})
    public int size;

    private Path dir;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private byte[] payload;

    /**
     * Opens the queue and its appender.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("chronicle-jmh-");
        queue = SingleChronicleQueueBuilder.binary(dir.resolve("queue")).build();
        appender = queue.createAppender();
        payload = new byte[size];
    }

    /**
     * Closes the queue and deletes its files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        appender.close();
        queue.close();
        BenchFiles.delete(dir);
    }

    /**
     * Appends one excerpt.
     *
     * @return the payload length.
     */
    @Benchmark
    public int write()
    {
        try (DocumentContext context = appender.writingDocument())
        {
            context.wire().bytes().write(payload);
        }
        return size;
    }
}
