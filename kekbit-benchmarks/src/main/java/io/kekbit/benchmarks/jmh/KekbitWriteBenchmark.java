package io.kekbit.benchmarks.jmh;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
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
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One writer appending {@code size}-byte records to a pre-allocated (pre-faulted) channel on {@code /dev/shm}, with
 * {@code write(byte[])} and with {@code tryClaim}/{@code commit} filling the whole payload. Operations per second are
 * records per second; multiply by {@code size} for payload bytes per second.
 * <p>
 * A channel is not circular, so a fresh one is created before any iteration that might not fit in what is left
 * ({@link RollPolicy}; iterations are 50 ms for that reason, the quick comparison runs shorter ones); a channel that
 * fills up during an iteration anyway is replaced inline, and that rare cost is part of the score. Not thread-safe:
 * one JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 50, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 50, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class KekbitWriteBenchmark
{

    /** Payload bytes per record. */
    @Param({"32", "256"})
    public int size;

    private Path dir;
    private Writer writer;
    private byte[] payload;
    private final Claim claim = new Claim();
    private final RollPolicy rollPolicy = new RollPolicy();
    private long channelId;

    /**
     * Prepares the payload and the first channel.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("kekbit-jmh-");
        payload = new byte[size];
        Arrays.fill(payload, (byte)7);
        roll();
    }

    /**
     * Starts a fresh channel when the next iteration might not fit in what is left.
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
     * Closes the channel and deletes the files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        writer.close();
        BenchFiles.delete(dir);
    }

    /**
     * Writes a record from a byte array.
     *
     * @return the record size.
     */
    @Benchmark
    public long writeBytes()
    {
        long result = writer.write(payload, 0, size);
        if (result < 0)
        {
            roll();
            result = writer.write(payload, 0, size);
        }
        return result;
    }

    /**
     * Claims space, copies the payload into it and commits.
     *
     * @return the record size.
     */
    @Benchmark
    public long claimCommit()
    {
        final Claim claim = this.claim;
        if (writer.tryClaim(size, claim) < 0)
        {
            roll();
            writer.tryClaim(size, claim);
        }
        claim.buffer().putBytes(0, payload, 0, size);
        return claim.commit();
    }

    private void roll()
    {
        if (writer != null)
        {
            writer.close();
            BenchFiles.delete(Kekbit.storagePath(dir, channelId));
        }
        channelId++;
        writer = Kekbit.shmWriter(dir, Header.of(
            1, channelId, RollPolicy.CAPACITY, 1024, Duration.ofHours(1), TickUnit.MILLIS));
    }
}
