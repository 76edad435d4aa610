package io.kekbit.benchmarks.jmh;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
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

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Read throughput (and the cost of an empty poll): one reader going through a channel pre-filled with 64 MiB of
 * {@code size}-byte records, one
 * record per {@code read} call, with a zero-copy handler that reads the first and last long of each payload; at the
 * end it moves back to position 0. Not thread-safe: one JMH thread per state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(1)
public class KekbitReadBenchmark
{
    /** Payload bytes per record. */
    @Param({"32", "256"})
    public int size;

    private Path dir;
    private Writer writer;
    private Reader reader;
    private Reader idleReader;
    private Path waitDir;
    private Writer waitWriter;
    private Reader waitReader;
    private final SumHandler handler = new SumHandler();

    /**
     * Fills a channel and opens a reader on it; the writer stays open so the reader sees no CLOSE marker.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        dir = BenchFiles.newDir("kekbit-jmh-read-");
        final long capacity = 80L << 20;
        writer = Kekbit.shmWriter(dir, Header.of(1, 1, capacity, 1024, Duration.ofHours(1), TickUnit.MILLIS));
        final byte[] payload = new byte[size];
        final long records = (64L << 20) / (size + 8);
        for (long i = 0; i < records; i++)
        {
            payload[0] = (byte)i;
            if (writer.write(payload) < 0)
            {
                throw new IllegalStateException("channel too small");
            }
        }
        reader = Kekbit.shmReader(dir, 1);
        idleReader = Kekbit.shmReader(dir, 1);
        if (idleReader.moveTo(writer.writeOffset()) < 0)
        {
            throw new IllegalStateException("could not move to the end");
        }
        waitDir = BenchFiles.newDir("kekbit-jmh-wait-");
        waitWriter = Kekbit.shmWriter(waitDir, Header.of(1, 2, 1 << 16, 1024, Duration.ofHours(1), TickUnit.MILLIS));
        waitWriter.write(payload);
        waitReader = Kekbit.shmReader(waitDir, 2);
    }

    /**
     * Closes everything and deletes the files.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        idleReader.close();
        reader.close();
        writer.close();
        BenchFiles.delete(dir);
        waitReader.close();
        waitWriter.close();
        BenchFiles.delete(waitDir);
    }

    /**
     * Reads one record.
     *
     * @return the running sum, so the reads are not optimised away.
     */
    @Benchmark
    public long readOne()
    {
        if (reader.read(handler, 1) <= 0)
        {
            reader.moveTo(0);
        }
        return handler.sum;
    }

    /**
     * Polls at the end of the channel, where no record is there yet: the cost of one idle spin of a busy reader.
     *
     * @return the bytes read (0).
     */
    @Benchmark
    public long emptyPoll()
    {
        return idleReader.read(handler, 1);
    }

    /**
     * Reads the last record written, then polls once more and finds nothing: what a reader does in a ping-pong
     * between a record and the next (the first empty poll of each wait is the one that arms the writer timeout).
     * Moving back to the record costs a short scan (a heartbeat, then the record).
     *
     * @return the bytes read by the empty poll (0).
     */
    @Benchmark
    public long recordThenEmptyPoll()
    {
        waitReader.moveTo(8);
        waitReader.read(handler, 1);
        return waitReader.read(handler, 1);
    }

    /**
     * Zero-copy handler: touches the payload without copying it.
     */
    static final class SumHandler implements RecordHandler
    {
        long sum;

        @Override
        public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            sum += buffer.getLong(offset) + buffer.getLong(offset + length - Long.BYTES);
        }
    }
}
