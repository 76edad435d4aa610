package io.kekbit.benchmarks.jmh;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.kekbit.benchmarks.PeerFlags;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
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
import java.util.concurrent.TimeUnit;

/**
 * Peer: Aeron IPC ({@code aeron:ipc}, embedded media driver, pre-faulted 64 MiB terms). An IPC publication needs a
 * subscriber, so this is a {@code @Group}: the {@code offer}/{@code claim} scores are the publisher's calls per
 * second, including attempts refused by back pressure (returned as negative values), while a subscriber thread drains
 * it; the secondary result {@code published} counts the records the publication accepted, per second. Not
 * thread-safe: one publisher and one subscriber thread share the state.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 100, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {PeerFlags.OPEN_MISC, PeerFlags.EXPORT_MISC, PeerFlags.OPEN_NIO,
    PeerFlags.EXPORT_NIO_CH})
public class AeronIpcWriteBenchmark
{
    /** Payload bytes per record. */
    @Param({"32", "256"})
    public int size;

    private Path dir;
    private MediaDriver driver;
    private Aeron aeron;
    private ExclusivePublication publication;
    private Subscription subscription;
    private UnsafeBuffer source;
    private final BufferClaim claim = new BufferClaim();
    private long received;
    private final FragmentHandler handler = (buffer, offset, length, header) -> received++;

    /**
     * Starts the driver, connects, waits for the subscription to connect.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("aeron-jmh-");
        final String aeronDir = dir.resolve("aeron").toString();
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .termBufferSparseFile(false)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        subscription = aeron.addSubscription("aeron:ipc", 10);
        publication = aeron.addExclusivePublication("aeron:ipc", 10);
        while (!publication.isConnected())
        {
            Thread.onSpinWait();
        }
        source = new UnsafeBuffer(new byte[size]);
    }

    /**
     * Closes everything and deletes the files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        aeron.close();
        driver.close();
        BenchFiles.delete(dir);
    }

    /**
     * Offers one record from a buffer.
     *
     * @param accepted counts the record when the publication accepts it.
     * @return the new position, or a negative back-pressure code.
     */
    @Benchmark
    @Group("offer")
    public long offer(final Accepted accepted)
    {
        final long result = check(publication.offer(source, 0, size));
        if (result > 0)
        {
            accepted.published++;
        }
        return result;
    }

    /**
     * Drains the subscription.
     *
     * @return fragments read.
     */
    @Benchmark
    @Group("offer")
    public int offerPoll()
    {
        return subscription.poll(handler, 256);
    }

    /**
     * Claims, fills and commits one record.
     *
     * @param accepted counts the record when the claim succeeds.
     * @return the new position, or a negative back-pressure code.
     */
    @Benchmark
    @Group("claim")
    public long claim(final Accepted accepted)
    {
        final long result = check(publication.tryClaim(size, claim));
        if (result > 0)
        {
            claim.buffer().putBytes(claim.offset(), source, 0, size);
            claim.commit();
            accepted.published++;
        }
        return result;
    }

    /**
     * Drains the subscription.
     *
     * @return fragments read.
     */
    @Benchmark
    @Group("claim")
    public int claimPoll()
    {
        return subscription.poll(handler, 256);
    }

    /**
     * Records the publication accepted (JMH reports it per second as the secondary result {@code published}). Used
     * by the publisher thread only.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Accepted
    {
        /** Accepted records in this iteration. */
        public long published;

        /**
         * Starts each iteration from zero.
         */
        @Setup(Level.Iteration)
        public void reset()
        {
            published = 0;
        }
    }

    private static long check(final long result)
    {
        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
        {
            throw new IllegalStateException(Publication.errorString(result));
        }
        return result;
    }
}
