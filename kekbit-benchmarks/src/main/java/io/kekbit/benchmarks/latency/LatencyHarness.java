package io.kekbit.benchmarks.latency;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Latency measurements over a {@link Transport}, busy-spinning on both sides:
 * <ul>
 *   <li>{@code oneway}: a writer thread sends one record every {@code rateNs}, carrying the time it was <i>meant</i>
 *   to be sent; a reader thread records {@code now - intended}. A writer that falls behind therefore shows up in
 *   the histogram (coordinated-omission correction).</li>
 *   <li>{@code oneway-ipc}: the same, with the reader in a second JVM started with this JVM's flags and classpath.
 *   Both sides read {@link System#nanoTime()}, which on Linux is {@code CLOCK_MONOTONIC}, one clock for every process
 *   of the host. The reader sends its histogram back in a file.</li>
 *   <li>{@code pingpong}: round trip over two links between two threads of this process.</li>
 *   <li>{@code pingpong-ipc}: the same, with the echo in a second JVM started with this JVM's flags and classpath.</li>
 * </ul>
 * Neither side of a one-way run is told when the warm-up ends: every record carries its intended send time, the first
 * one the start time, so the reader records the records meant to be sent at least the warm-up after the first.
 * Run one measurement per JVM: {@code java -cp benchmarks.jar io.kekbit.benchmarks.latency.LatencyHarness
 * --transport kekbit --scenario pingpong --seconds 5 --warmup 2}. It prints a {@link LatencyResult} line.
 * Not thread-safe; each method runs its own threads and joins them.
 */
public final class LatencyHarness
{
    /** Highest value the histograms track: 10 s. */
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(10);
    /** How long a one-way reader waits for the stop value beyond the run's own length before it gives up. */
    private static final long STOP_GRACE_NS = TimeUnit.SECONDS.toNanos(60);

    private LatencyHarness()
    {
    }

    /**
     * Runs one measurement and prints its result line.
     *
     * @param args {@code --transport NAME --scenario oneway|oneway-ipc|pingpong|pingpong-ipc [--seconds S] [--warmup S]
     *             [--rate-ns N] [--payload B] [--dir PATH]}.
     * @throws Exception when the measurement fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = parse(args);
        final String transport = options.getOrDefault("transport", "kekbit");
        final String scenario = options.getOrDefault("scenario", "pingpong");
        final double seconds = Double.parseDouble(options.getOrDefault("seconds", "5"));
        final double warmup = Double.parseDouble(options.getOrDefault("warmup", "2"));
        final long rateNs = Long.parseLong(options.getOrDefault("rate-ns", "2000"));
        final int payload = Integer.parseInt(options.getOrDefault("payload", "32"));
        final Path dir = options.containsKey("dir") ? Path.of(options.get("dir")) :
            Files.createTempDirectory(Path.of("/dev/shm"), "kekbit-bench-");
        try
        {
            final LatencyResult result = run(transport, scenario, dir, toNanos(warmup), toNanos(seconds), rateNs,
                payload);
            System.out.println(result.toLine());
        }
        finally
        {
            if (!options.containsKey("dir"))
            {
                deleteRecursively(dir);
            }
        }
    }

    /**
     * Runs one measurement in this JVM (and, for {@code oneway-ipc} and {@code pingpong-ipc}, a child JVM).
     *
     * @param transport transport name.
     * @param scenario  scenario name.
     * @param dir       empty folder for the transport's files.
     * @param warmupNs  warm-up time, not recorded.
     * @param measureNs measured time.
     * @param rateNs    one-way send interval.
     * @param payload   payload bytes per record.
     * @return the result.
     * @throws Exception when a side fails.
     */
    public static LatencyResult run(
        final String transport,
        final String scenario,
        final Path dir,
        final long warmupNs,
        final long measureNs,
        final long rateNs,
        final int payload) throws Exception
    {
        final long totalNs = warmupNs + measureNs;
        switch (scenario)
        {
            case "oneway":
            case "oneway-ipc":
            {
                final long maxMessages = totalNs / rateNs + 16;
                try (Transport t = Transport.create(transport, dir, true, payload, maxMessages))
                {
                    return LatencyResult.of(transport, scenario, scenario.equals("oneway-ipc") ?
                        oneWayProcess(t, transport, dir, payload, maxMessages, warmupNs, measureNs, rateNs) :
                        oneWay(t, warmupNs, measureNs, rateNs));
                }
            }
            case "pingpong":
            case "pingpong-ipc":
            {
                // Bounded by the channel size: at most one round trip per 250 ns of run time, at most 10 M.
                final long maxMessages = Math.min(totalNs / 250, 10_000_000L);
                final long probeP50 = placementProbe(dir.resolve("probe"));
                final Histogram histogram;
                try (Transport t = Transport.create(transport, dir, true, payload, maxMessages))
                {
                    histogram = scenario.equals("pingpong-ipc") ?
                        pingPongProcess(t, transport, dir, payload, maxMessages, warmupNs, measureNs) :
                        pingPongThreads(t, warmupNs, measureNs, maxMessages);
                }
                return LatencyResult.of(transport, scenario, histogram, probeP50,
                    placementProbe(dir.resolve("probe-after")));
            }
            default:
                throw new IllegalArgumentException("unknown scenario: scenario=" + scenario);
        }
    }

    /**
     * p50 of a short cache-line ping-pong between two threads of this JVM (0.2 s warm-up, 0.5 s measured). Run just
     * before a ping-pong so that its result can be divided by the floor of the same vCPU placement, and again just
     * after, because this VM can move its vCPUs within seconds: probes far apart mean the placement changed during the
     * ping-pong. The probe after runs code already compiled with the transport's types too, so it can read a little
     * higher than the one before in the same placement.
     *
     * @param dir an empty folder for the probe's file.
     * @return the probe's p50 in nanoseconds.
     * @throws InterruptedException when interrupted while joining.
     */
    static long placementProbe(final Path dir) throws InterruptedException
    {
        try (Transport probe = new CacheLineTransport(dir))
        {
            return pingPongThreads(probe, TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.MILLISECONDS.toNanos(500),
                Long.MAX_VALUE).getValueAtPercentile(50);
        }
    }

    /**
     * One-way latency between two threads at a fixed rate, corrected for coordinated omission.
     *
     * @param transport the transport.
     * @param warmupNs  warm-up time.
     * @param measureNs measured time.
     * @param rateNs    send interval.
     * @return the histogram of {@code receive time - intended send time}.
     * @throws InterruptedException when interrupted while joining.
     */
    public static Histogram oneWay(
        final Transport transport, final long warmupNs, final long measureNs, final long rateNs)
        throws InterruptedException
    {
        final Transport.Sender sender = transport.sender(Transport.ONE_WAY);
        final Histogram[] histogram = new Histogram[1];
        final Throwable[] failure = new Throwable[1];
        final Thread reader = new Thread(() ->
        {
            try
            {
                histogram[0] = receiveOneWay(transport.receiver(Transport.ONE_WAY), warmupNs,
                    warmupNs + measureNs + STOP_GRACE_NS);
            }
            catch (final Throwable ex)
            {
                failure[0] = ex;
            }
        }, "oneway-reader");
        reader.setDaemon(true);
        reader.start();
        paceSends(sender, warmupNs + measureNs, rateNs, reader::isAlive);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        rethrow(failure[0], "one-way reader");
        if (histogram[0] == null)
        {
            throw new IllegalStateException("one-way reader did not stop within 30 s");
        }
        return histogram[0];
    }

    /**
     * Reader side of a one-way run: polls until {@link Transport#STOP} and records {@code now - intended} for every
     * record intended at least {@code warmupNs} after the first.
     *
     * @param receiver  the one-way receiver.
     * @param warmupNs  warm-up time, counted from the first record's intended send time.
     * @param timeoutNs time after which a reader still polling gives up (the writer is gone).
     * @return the histogram.
     */
    static Histogram receiveOneWay(final Transport.Receiver receiver, final long warmupNs, final long timeoutNs)
    {
        final long started = System.nanoTime();
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        long recordFrom = Long.MAX_VALUE;
        long spins = 0;
        while (true)
        {
            final long value = receiver.poll();
            if (value == Transport.NONE)
            {
                if ((++spins & 0xFFFFF) == 0 && System.nanoTime() - started > timeoutNs)
                {
                    throw new IllegalStateException("no stop record within " + timeoutNs + " ns");
                }
                Thread.onSpinWait();
                continue;
            }
            final long now = System.nanoTime();
            if (value == Transport.STOP)
            {
                return histogram;
            }
            if (recordFrom == Long.MAX_VALUE)
            {
                recordFrom = value + warmupNs;
            }
            if (value >= recordFrom)
            {
                histogram.recordValue(Math.min(HIGHEST_NS, Math.max(0, now - value)));
            }
        }
    }

    /**
     * Writer side of a one-way run: starting 50 ms from now, sends the intended send time every {@code rateNs} for
     * {@code durationNs}, then the stop value. A send that is late or refused delays the next ones, never their
     * intended times. Stops early, without the stop value, when the reader side is gone.
     */
    private static void paceSends(
        final Transport.Sender sender,
        final long durationNs,
        final long rateNs,
        final java.util.function.BooleanSupplier peerAlive)
    {
        final long start = System.nanoTime() + 50_000_000L;
        final long end = start + durationNs;
        long intended = start;
        for (long i = 0; intended < end; i++)
        {
            if ((i & 0xFF) == 0 && !peerAlive.getAsBoolean())
            {
                return;
            }
            while (System.nanoTime() < intended)
            {
                Thread.onSpinWait();
            }
            while (!sender.send(intended))
            {
                Thread.onSpinWait();
            }
            intended += rateNs;
        }
        sendStop(sender);
    }

    private static Histogram oneWayProcess(
        final Transport transport,
        final String name,
        final Path dir,
        final int payload,
        final long maxMessages,
        final long warmupNs,
        final long measureNs,
        final long rateNs) throws IOException, InterruptedException
    {
        final Transport.Sender sender = transport.sender(Transport.ONE_WAY);
        final Path out = dir.resolve("oneway-histogram.bin");
        final Path ready = dir.resolve("oneway-reader.ready");
        final Process child = startChild(OneWayReader.class, name, dir.toString(), Integer.toString(payload),
            Long.toString(maxMessages), Long.toString(warmupNs), Long.toString(warmupNs + measureNs + STOP_GRACE_NS),
            out.toString(), ready.toString());
        try
        {
            Transport.awaitFile(ready, "one-way reader's ready file", child::isAlive);
            paceSends(sender, warmupNs + measureNs, rateNs, child::isAlive);
            awaitExit(child, "one-way reader");
            return OneWayReader.readHistogram(out, HIGHEST_NS);
        }
        finally
        {
            child.destroy();
        }
    }

    /**
     * Ping-pong between this thread and an echo thread.
     *
     * @param transport   the transport.
     * @param warmupNs    warm-up time.
     * @param measureNs   measured time.
     * @param maxMessages most round trips (the links' size).
     * @return the histogram of round-trip times.
     * @throws InterruptedException when interrupted while joining.
     */
    public static Histogram pingPongThreads(
        final Transport transport, final long warmupNs, final long measureNs, final long maxMessages)
        throws InterruptedException
    {
        final Transport.Sender ping = transport.sender(Transport.PING);
        final Throwable[] failure = new Throwable[1];
        final Thread echo = new Thread(() ->
        {
            try
            {
                echo(transport);
            }
            catch (final Throwable ex)
            {
                failure[0] = ex;
            }
        }, "echo");
        echo.setDaemon(true);
        echo.start();
        final Transport.Receiver pong = transport.receiver(Transport.PONG);
        final Histogram histogram = pingLoop(ping, pong, warmupNs, measureNs, maxMessages, echo::isAlive);
        sendStop(ping);
        echo.join(TimeUnit.SECONDS.toMillis(30));
        rethrow(failure[0], "echo thread");
        return histogram;
    }

    private static Histogram pingPongProcess(
        final Transport transport,
        final String name,
        final Path dir,
        final int payload,
        final long maxMessages,
        final long warmupNs,
        final long measureNs) throws IOException, InterruptedException
    {
        final Transport.Sender ping = transport.sender(Transport.PING);
        final Process child = startChild(Echo.class, name, dir.toString(), Integer.toString(payload),
            Long.toString(maxMessages));
        try
        {
            final Transport.Receiver pong = transport.receiver(Transport.PONG);
            final Histogram histogram = pingLoop(ping, pong, warmupNs, measureNs, maxMessages, child::isAlive);
            sendStop(ping);
            awaitExit(child, "echo");
            return histogram;
        }
        finally
        {
            child.destroy();
        }
    }

    /**
     * Starts a main class in a second JVM with this JVM's flags and classpath, sharing this process's output.
     */
    private static Process startChild(final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start();
    }

    private static void awaitExit(final Process child, final String side) throws InterruptedException
    {
        if (!child.waitFor(30, TimeUnit.SECONDS))
        {
            throw new IllegalStateException(side + " process did not stop");
        }
        if (child.exitValue() != 0)
        {
            throw new IllegalStateException(side + " process failed: exit=" + child.exitValue());
        }
    }

    private static Histogram pingLoop(
        final Transport.Sender ping,
        final Transport.Receiver pong,
        final long warmupNs,
        final long measureNs,
        final long maxMessages,
        final java.util.function.BooleanSupplier peerAlive)
    {
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        // The clock starts once the echo side answers (a child JVM starts slowly).
        roundTrip(ping, pong, peerAlive, System.nanoTime());
        final long start = System.nanoTime();
        long recordFrom = start + warmupNs;
        long end = recordFrom + measureNs;
        // The links hold maxMessages round trips: the warm-up may use at most half of them, so that fast round trips
        // cannot use them all before recording starts.
        final long warmupLimit = Math.max(1, maxMessages / 2);
        long now = start;
        for (long i = 1; i < maxMessages && now < end; i++)
        {
            final long sent = System.nanoTime();
            now = roundTrip(ping, pong, peerAlive, sent);
            if (sent >= recordFrom)
            {
                histogram.recordValue(Math.min(HIGHEST_NS, now - sent));
            }
            else if (i >= warmupLimit)
            {
                recordFrom = now;
                end = now + measureNs;
            }
        }
        return histogram;
    }

    /**
     * Sends a time stamp and spins until it comes back.
     *
     * @return the time it came back.
     */
    private static long roundTrip(
        final Transport.Sender ping,
        final Transport.Receiver pong,
        final java.util.function.BooleanSupplier peerAlive,
        final long sent)
    {
        while (!ping.send(sent))
        {
            Thread.onSpinWait();
        }
        long value;
        long spins = 0;
        while ((value = pong.poll()) == Transport.NONE)
        {
            if ((++spins & 0xFFFFF) == 0 && !peerAlive.getAsBoolean())
            {
                throw new IllegalStateException("echo side died");
            }
            Thread.onSpinWait();
        }
        final long now = System.nanoTime();
        if (value != sent)
        {
            throw new IllegalStateException("echo returned " + value + ", expected " + sent);
        }
        return now;
    }

    /**
     * Echoes every record from {@link Transport#PING} to {@link Transport#PONG} until {@link Transport#STOP}.
     *
     * @param transport the transport; endpoints are opened on the calling thread.
     */
    static void echo(final Transport transport)
    {
        final Transport.Receiver ping = transport.receiver(Transport.PING);
        final Transport.Sender pong = transport.sender(Transport.PONG);
        while (true)
        {
            final long value = ping.poll();
            if (value == Transport.NONE)
            {
                Thread.onSpinWait();
                continue;
            }
            if (value == Transport.STOP)
            {
                return;
            }
            while (!pong.send(value))
            {
                Thread.onSpinWait();
            }
        }
    }

    private static void sendStop(final Transport.Sender sender)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sender.send(Transport.STOP) && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
    }

    private static void rethrow(final Throwable failure, final String side)
    {
        if (failure != null)
        {
            throw new IllegalStateException(side + " failed: " + failure, failure);
        }
    }

    private static long toNanos(final double seconds)
    {
        return (long)(seconds * 1e9);
    }

    static Map<String, String> parse(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            if (!args[i].startsWith("--"))
            {
                throw new IllegalArgumentException("expected --option value: arg=" + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /**
     * Deletes a folder and everything in it.
     *
     * @param dir the folder; nothing happens when it does not exist.
     */
    public static void deleteRecursively(final Path dir)
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
