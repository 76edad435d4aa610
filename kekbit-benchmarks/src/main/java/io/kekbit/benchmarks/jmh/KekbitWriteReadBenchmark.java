package io.kekbit.benchmarks.jmh;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Writer and reader on two threads of one process ({@code @Group}): the {@code write} score is the writer's records
 * per second while a reader follows it; the {@code read} score counts read calls, empty ones included. A fresh channel
 * is made before any iteration that might not fit; a write that finds the channel full anyway fails (counted, not
 * retried, since the reader is still on that channel). Not thread-safe: one writer thread and one reader thread share
 * the state, as JMH groups do.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 50, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 50, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class KekbitWriteReadBenchmark
{
    /** Payload bytes per record. */
    @Param({"32", "256"})
    public int size;

    private Path dir;
    private Writer writer;
    private volatile Reader reader;
    private byte[] payload;
    private long channelId;
    private final KekbitReadBenchmark.SumHandler handler = new KekbitReadBenchmark.SumHandler();
    private final RollPolicy rollPolicy = new RollPolicy();

    /**
     * Prepares the payload and the first channel.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("kekbit-jmh-wr-");
        payload = new byte[size];
        Arrays.fill(payload, (byte)3);
        roll();
    }

    /**
     * Starts a fresh channel when the next iteration might not fit in what is left ({@link RollPolicy}).
     */
    @Setup(Level.Iteration)
    public void beforeIteration()
    {
        if (rollPolicy.shouldRoll(writer.available()))
        {
            roll();
        }
        rollPolicy.started(writer.available());
    }

    /**
     * Closes everything and deletes the files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        reader.close();
        writer.close();
        BenchFiles.delete(dir);
    }

    /**
     * Writes one record.
     *
     * @return the record size, or a negative code when the channel is full.
     */
    @Benchmark
    @Group("writeRead")
    public long write()
    {
        return writer.write(payload, 0, size);
    }

    /**
     * Polls for one record.
     *
     * @return the running sum of the handler.
     */
    @Benchmark
    @Group("writeRead")
    public long read()
    {
        reader.read(handler, 1);
        return handler.sum;
    }

    private void roll()
    {
        if (writer != null)
        {
            reader.close();
            writer.close();
            BenchFiles.delete(Kekbit.storagePath(dir, channelId));
        }
        channelId++;
        writer = Kekbit.shmWriter(dir, Header.of(
            1, channelId, RollPolicy.CAPACITY, 1024, Duration.ofHours(1), TickUnit.MILLIS));
        reader = Kekbit.shmReader(dir, channelId);
    }
}
