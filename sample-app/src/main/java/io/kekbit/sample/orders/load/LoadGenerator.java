package io.kekbit.sample.orders.load;

import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Profile;
import org.springframework.core.log.LogAccessor;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

/**
 * Writes runs of checked records ({@link LoadRecord}) to the writer {@value #WRITER} on a thread of its own, at a
 * given rate. Sequence numbers go on from one run to the next, so a reader of the channel sees 1, 2, 3, ... with no
 * gap. Not in the {@code consumer} profile.
 * <p>
 * Thread-safe: {@link #start} and {@link #status} may be called from any thread; one run at a time.
 */
@Component
@Profile("!consumer")
public final class LoadGenerator implements DisposableBean
{
    /** Name of the writer, a key of {@code kekbit.writers}. */
    public static final String WRITER = "load";

    private static final LogAccessor LOGGER = new LogAccessor(LoadGenerator.class);
    private static final long PACING_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final KekbitTemplate kekbit;
    private Thread thread;
    private volatile boolean stopRequested;
    private volatile long written;
    private volatile long lastSequence;
    private volatile long runFirstSequence;
    private volatile long runCount;
    private volatile String failure;

    /**
     * Creates the generator.
     *
     * @param kekbit the starter's template.
     */
    public LoadGenerator(final KekbitTemplate kekbit)
    {
        this.kekbit = kekbit;
    }

    /**
     * Starts a run.
     *
     * @param count         records to write, 1 or more.
     * @param ratePerSecond records per second, or 0 for as fast as the channel takes them.
     * @return the status at the start of the run.
     * @throws IllegalArgumentException when {@code count} or {@code ratePerSecond} is out of range.
     * @throws IllegalStateException    when a run is in progress.
     */
    public synchronized LoadStatus start(final long count, final long ratePerSecond)
    {
        if (count < 1)
        {
            throw new IllegalArgumentException("count must be at least 1: count=" + count);
        }
        if (ratePerSecond < 0)
        {
            throw new IllegalArgumentException("rate must be 0 (unlimited) or more: rate=" + ratePerSecond);
        }
        if (thread != null && thread.isAlive())
        {
            throw new IllegalStateException("a run is in progress: " + status());
        }
        runFirstSequence = lastSequence + 1;
        runCount = count;
        failure = null;
        stopRequested = false;
        thread = new Thread(() -> run(runFirstSequence, count, ratePerSecond), "load-generator");
        thread.setDaemon(true);
        thread.start();
        return status();
    }

    /**
     * Current state.
     *
     * @return a snapshot.
     */
    public LoadStatus status()
    {
        final Thread current = thread;
        return new LoadStatus(current != null && current.isAlive(), runFirstSequence, runCount, written, lastSequence,
            failure);
    }

    /**
     * Stops a run in progress and waits for its thread.
     *
     * @throws InterruptedException when interrupted while waiting.
     */
    @Override
    public void destroy() throws InterruptedException
    {
        stopRequested = true;
        final Thread current = thread;
        if (current != null)
        {
            current.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    private void run(final long firstSequence, final long count, final long ratePerSecond)
    {
        final byte[] buffer = new byte[LoadRecord.MAX_LENGTH];
        final CRC32C crc = new CRC32C();
        final long start = System.nanoTime();
        long done = 0;
        try
        {
            while (done < count && !stopRequested)
            {
                final long due = ratePerSecond == 0 ? count :
                    Math.min(count, (System.nanoTime() - start) / 1000 * ratePerSecond / 1_000_000 + 1);
                if (done >= due)
                {
                    LockSupport.parkNanos(PACING_NANOS);
                    continue;
                }
                while (done < due)
                {
                    final long sequence = firstSequence + done;
                    final int length = LoadRecord.encode(sequence, buffer, crc);
                    kekbit.send(WRITER, buffer, 0, length);
                    done++;
                    lastSequence = sequence;
                    written++;
                }
            }
            LOGGER.info(() -> "load run ended: " + status());
        }
        catch (final KekbitSendException ex)
        {
            failure = ex.getMessage();
            LOGGER.warn(() -> "load run stopped: " + ex.getMessage());
        }
    }
}
