package io.kekbit.sample.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the bridges' crash tests share: a seeded random source ({@code -Dsample.crash.seed=} replays a run), a paced
 * source of numbered records, and the loop that kills a bridge JVM with SIGKILL at random moments and starts it again.
 * Not thread-safe: one test thread drives it; the source runs on a thread of its own.
 */
final class CrashRun
{
    /** How many records the source sends per burst; it pauses between bursts, so the stream lasts the whole test. */
    private static final int BURST = 20;

    private final String test;
    private final Random random;
    private final List<Integer> countsAtKill = new ArrayList<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<RuntimeException> sendFailure = new AtomicReference<>();
    private Thread source;

    private CrashRun(final String test, final long seed)
    {
        this.test = test;
        this.random = new Random(seed);
    }

    /**
     * Starts a run: the seed comes from {@code sample.crash.seed}, else the clock, and is printed.
     *
     * @param test the test's name, for the output.
     * @return the run.
     */
    static CrashRun seeded(final String test)
    {
        final long seed = Long.getLong("sample.crash.seed", System.nanoTime());
        System.out.println(test + " seed=" + seed + " (replay with -Dsample.crash.seed=" + seed + ")");
        return new CrashRun(test, seed);
    }

    /**
     * The payload of record {@code sequence}: {@code record-} and eight digits.
     *
     * @param sequence the record's number, from 0.
     * @return its bytes.
     */
    static byte[] payload(final int sequence)
    {
        return String.format("record-%08d", sequence).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The payloads of records 0 to {@code count - 1}, as text.
     *
     * @param count how many.
     * @return the texts, in order.
     */
    static List<String> expected(final int count)
    {
        final List<String> expected = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            expected.add(new String(payload(i), StandardCharsets.UTF_8));
        }
        return expected;
    }

    /**
     * Starts sending numbered records on a thread of its own, a burst every 50 ms, until {@link #stopSending()}.
     *
     * @param send sends record {@code i} (its payload is {@link #payload(int)}).
     */
    void startSending(final IntConsumer send)
    {
        sending.set(true);
        source = new Thread(() ->
        {
            while (sending.get())
            {
                for (int i = 0; i < BURST; i++)
                {
                    try
                    {
                        send.accept(sent.get());
                    }
                    catch (final RuntimeException ex)
                    {
                        sendFailure.set(ex);
                        return;
                    }
                    sent.incrementAndGet();
                }
                try
                {
                    Thread.sleep(50);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, test + "-source");
        source.setDaemon(true);
        source.start();
    }

    /**
     * Stops the source and waits for its thread.
     *
     * @return how many records it sent.
     * @throws InterruptedException when interrupted.
     * @throws IllegalStateException when a send failed (the source stopped there).
     */
    int stopSending() throws InterruptedException
    {
        sending.set(false);
        if (source != null)
        {
            source.join();
        }
        final RuntimeException failure = sendFailure.get();
        if (failure != null)
        {
            throw new IllegalStateException(test + ": the source failed after " + sent.get() + " records", failure);
        }
        return sent.get();
    }

    /**
     * How many records the source sent so far.
     *
     * @return the count.
     */
    int sent()
    {
        return sent.get();
    }

    /**
     * Kills the bridge {@code kills} times: each time once it made progress (over 100 more records arrived), after a
     * random pause of up to 1.5 s; then starts it again and waits for its start. Records the arrival count at each
     * kill ({@link #countsAtKill()}).
     *
     * @param bridge   the running bridge.
     * @param restart  starts a new bridge JVM.
     * @param started  the line a started bridge prints.
     * @param kills    how many times.
     * @param arrived  how many records arrived at the far side so far.
     * @return the bridge running after the last restart; the caller closes it.
     * @throws InterruptedException when interrupted.
     */
    AppJvm killRepeatedly(final AppJvm bridge, final Supplier<AppJvm> restart, final String started,
        final int kills, final IntSupplier arrived) throws InterruptedException
    {
        AppJvm running = bridge;
        try
        {
            for (int kill = 1; kill <= kills; kill++)
            {
                final int before = arrived.getAsInt();
                running.awaitCondition("the bridge moves records before kill " + kill, Duration.ofSeconds(60),
                    () -> arrived.getAsInt() > before + 100);
                Thread.sleep(random.nextInt(1500));
                countsAtKill.add(arrived.getAsInt());
                running.kill();
                System.out.println(test + " kill " + kill + ": pid " + running.pid() + " after " +
                    arrived.getAsInt() + " records arrived, " + sent.get() + " sent");
                running = restart.get();
                running.awaitOutput(started, AppJvm.STARTUP);
            }
            return running;
        }
        catch (final RuntimeException | Error | InterruptedException ex)
        {
            // The caller closes the bridge it passed in; a restarted one would be left running.
            if (running != bridge)
            {
                running.close();
            }
            throw ex;
        }
    }

    /**
     * The arrival counts at the kills.
     *
     * @return one count per kill.
     */
    List<Integer> countsAtKill()
    {
        return countsAtKill;
    }
}
