package io.kekbit.benchmarks;

import io.kekbit.benchmarks.cpu.WriteCost;
import io.kekbit.benchmarks.latency.LatencyHarness;
import io.kekbit.benchmarks.latency.LatencyResult;
import io.kekbit.benchmarks.latency.Transport;
import io.kekbit.benchmarks.listener.ListenerOverhead;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the whole comparison (JMH throughput benchmarks, then the latency harness for every transport and scenario,
 * each measurement in its own JVM, peers with their flags) and prints one Markdown table with kekbit's ratio to the
 * best peer. {@code --quick} takes under five minutes; {@code --full} uses the benchmarks' own iteration counts with
 * three forks, three latency runs per cell and three write-cost JVMs per variant (the median is reported; the runs are
 * interleaved, one of each transport or variant per round). Not thread-safe; run it as a program.
 */
public final class Comparison
{
    private static final String KEKBIT = "kekbit";
    private static final List<String> PEERS = List.of("chronicle", "aeron", "agrona");
    private static final String FLOOR = "floor";
    private static final List<String> COLUMNS = List.of(KEKBIT, "chronicle", "aeron", "agrona", FLOOR);
    private static final String MEMORY_COPY = "MemoryCopyBenchmark.copy";
    private static final String ALL_JMH = "io\\.kekbit\\.benchmarks\\.jmh\\..*";
    private static final String KEKBIT_WRITES =
        "io\\.kekbit\\.benchmarks\\.jmh\\.KekbitWrite(Read)?Benchmark\\..*";
    /** Iteration time of kekbit's JMH write benchmarks in the quick run. */
    private static final long QUICK_WRITE_ITERATION_MS = 20;

    /** Cell values by row, then column. */
    private final Map<String, Map<String, Double>> cells = new LinkedHashMap<>();
    private final Map<String, Boolean> lowerIsBetter = new LinkedHashMap<>();
    private final Map<String, String> ratioOverride = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private Comparison()
    {
    }

    /**
     * Runs the comparison.
     *
     * @param args {@code --quick} (default) or {@code --full}; {@code --out FILE} also writes the table to a file;
     *             {@code --skip-cpu}, {@code --skip-jmh}, {@code --skip-latency} or {@code --skip-listener} leave a
     *             part out.
     * @throws Exception when a benchmark fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final List<String> list = Arrays.asList(args);
        final boolean full = list.contains("--full");
        final int outIndex = list.indexOf("--out");
        final Comparison comparison = new Comparison();
        final long started = System.nanoTime();
        if (!list.contains("--skip-cpu"))
        {
            comparison.runWriteCost(full);
        }
        if (!list.contains("--skip-jmh"))
        {
            comparison.runJmh(full);
        }
        if (!list.contains("--skip-latency"))
        {
            comparison.runLatency(full);
        }
        if (!list.contains("--skip-listener"))
        {
            comparison.runListener(full);
        }
        final String table = comparison.table(full, (System.nanoTime() - started) / 1_000_000_000L);
        System.out.println();
        System.out.println(table);
        if (outIndex >= 0 && outIndex + 1 < list.size())
        {
            Files.writeString(Path.of(list.get(outIndex + 1)), table, StandardCharsets.UTF_8);
        }
    }

    private void runJmh(final boolean full) throws Exception
    {
        final List<RunResult> results = new ArrayList<>();
        if (full)
        {
            results.addAll(new Runner(jmhOptions(ALL_JMH).forks(3).build()).run());
        }
        else
        {
            results.addAll(new Runner(jmhOptions(ALL_JMH).exclude(KEKBIT_WRITES)
                .forks(1).warmupIterations(4).measurementIterations(4).build()).run());
            // kekbit's write benchmarks fill channels that are not circular: with their own 50 ms iterations, a
            // fresh pre-faulted 1.5 GiB channel (seconds to create) every iteration or two at 256 B made them half
            // of the quick run's time. 20 ms iterations (about 320 MB at 256 B) fit several to a channel.
            final TimeValue iteration = TimeValue.milliseconds(QUICK_WRITE_ITERATION_MS);
            results.addAll(new Runner(jmhOptions(KEKBIT_WRITES).forks(1)
                .warmupIterations(6).warmupTime(iteration).measurementIterations(4).measurementTime(iteration)
                .build()).run());
        }
        results.sort(Comparator.comparing((RunResult r) -> r.getParams().getBenchmark())
            .thenComparingInt(r -> Integer.parseInt(r.getParams().getParam("size"))));
        for (final RunResult result : results)
        {
            record(result);
        }
    }

    private static ChainedOptionsBuilder jmhOptions(final String include)
    {
        return new OptionsBuilder()
            .include(include)
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true);
    }

    private void record(final RunResult result)
    {
        final String benchmark = result.getParams().getBenchmark().replace("io.kekbit.benchmarks.jmh.", "");
        final int size = Integer.parseInt(result.getParams().getParam("size"));
        final Map<String, Result> secondary = result.getSecondaryResults();
        final double score = result.getPrimaryResult().getScore();
        final Result alloc = secondary.get("gc.alloc.rate.norm");
        switch (benchmark)
        {
            case "KekbitWriteBenchmark.writeBytes":
                throughput("write", size, KEKBIT, score);
                allocation("write(byte[])", size, alloc);
                break;
            case "KekbitWriteBenchmark.claimCommit":
                throughput("tryClaim+commit", size, KEKBIT, score);
                allocation("tryClaim+commit", size, alloc);
                break;
            case "KekbitReadBenchmark.readOne":
                throughput("read (zero-copy handler)", size, KEKBIT, score);
                allocation("read (zero-copy handler)", size, alloc);
                break;
            case "KekbitReadBenchmark.emptyPoll":
                if (size == 32)
                {
                    put("kekbit empty poll (one idle spin of a reader), ns wall", KEKBIT, 1e9 / score, true);
                }
                break;
            case "KekbitWriteReadBenchmark.writeRead":
                throughput("write, reader on another thread", size, KEKBIT, secondary.get("write").getScore());
                break;
            case "AgronaRingWriteBenchmark.write":
                throughput("write", size, "agrona", score);
                break;
            case "AgronaRingWriteBenchmark.claimCommit":
                throughput("tryClaim+commit", size, "agrona", score);
                break;
            case "AeronIpcWriteBenchmark.offer":
                throughput("write", size, "aeron", secondary.get("published").getScore());
                throughput("write, reader on another thread", size, "aeron", secondary.get("published").getScore());
                break;
            case "AeronIpcWriteBenchmark.claim":
                throughput("tryClaim+commit", size, "aeron", secondary.get("published").getScore());
                break;
            case "ChronicleQueueWriteBenchmark.write":
                throughput("write", size, "chronicle", score);
                break;
            case MEMORY_COPY:
                if (size <= 256)
                {
                    throughput("write", size, FLOOR, score);
                    throughput("tryClaim+commit", size, FLOOR, score);
                    throughput("read (zero-copy handler)", size, FLOOR, score);
                    throughput("write, reader on another thread", size, FLOOR, score);
                }
                else
                {
                    put("memory copy bandwidth, 1 MiB chunks, GB/s", FLOOR, score * size / 1e9, false);
                }
                break;
            default:
                notes.add("unmapped benchmark " + benchmark);
        }
    }

    private void throughput(final String what, final int size, final String column, final double opsPerSecond)
    {
        if (size >= 256)
        {
            put(what + " " + size + " B, GB/s", column, opsPerSecond * size / 1e9, false);
        }
        else
        {
            put(what + " " + size + " B, M records/s", column, opsPerSecond / 1e6, false);
        }
    }

    private void allocation(final String what, final int size, final Result alloc)
    {
        if (alloc != null)
        {
            put("kekbit allocation, " + what + " " + size + " B, bytes/op", KEKBIT, alloc.getScore(), true);
        }
    }

    private void put(final String row, final String column, final double value, final boolean lower)
    {
        cells.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, value);
        lowerIsBetter.put(row, lower);
    }

    private void runLatency(final boolean full) throws IOException, InterruptedException
    {
        final int runs = full ? 3 : 1;
        final String seconds = full ? "10" : "1.5";
        final String warmup = full ? "3" : "1";
        for (final String scenario : List.of("pingpong", "pingpong-ipc", "oneway", "oneway-ipc"))
        {
            final Map<String, List<LatencyResult>> samples = new LinkedHashMap<>();
            for (final String transport : Transport.NAMES)
            {
                samples.put(transport, new ArrayList<>());
            }
            for (final String transport : interleaved(Transport.NAMES, runs))
            {
                final LatencyResult result = runHarness(transport, scenario, seconds, warmup);
                if (result != null && result.count() > 0)
                {
                    samples.get(transport).add(result);
                }
                else if (result != null)
                {
                    notes.add("a " + transport + " " + scenario + " run recorded no round trip and was left out");
                }
            }
            for (final Map.Entry<String, List<LatencyResult>> cell : samples.entrySet())
            {
                if (!cell.getValue().isEmpty())
                {
                    recordLatency(cell.getKey(), scenario, cell.getValue());
                }
            }
        }
    }

    /**
     * The order of a cell's runs: one run of each transport per round, the first transport of round r being the r-th
     * (so no transport always follows the same one), so that the runs of every transport see the same minutes of the
     * machine; this VM's vCPU placement and its share of slow round trips change from minute to minute.
     */
    static List<String> interleaved(final List<String> transports, final int rounds)
    {
        final List<String> order = new ArrayList<>(transports.size() * rounds);
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < transports.size(); i++)
            {
                order.add(transports.get((round + i) % transports.size()));
            }
        }
        return order;
    }

    private void runWriteCost(final boolean full) throws IOException, InterruptedException
    {
        // The cost of a copy settles per JVM (on some machines a JVM lands on one of two levels, for kekbit and
        // Agrona alike), which the best round of one JVM cannot smooth: the full run takes the median of three JVMs
        // per variant, interleaved like the latency runs.
        final int jvms = full ? 3 : 1;
        final String rounds = full ? "10" : "6";
        final List<String> variants = List.of(
            "kekbit-write", "kekbit-claim", "chronicle-write", "agrona-write", "agrona-claim", "memcpy");
        for (final int size : new int[] {32, 256})
        {
            final Map<String, List<Double>> costs = new LinkedHashMap<>();
            for (final String variant : interleaved(variants, jvms))
            {
                final String owner = owner(variant);
                System.out.println("# write cost: " + variant + " " + size + " B");
                final List<String> lines = runChild(owner, WriteCost.class.getName(),
                    List.of(variant, Integer.toString(size), rounds), WriteCost.PREFIX);
                if (lines.isEmpty())
                {
                    notes.add("write cost run failed: " + variant + " " + size);
                    continue;
                }
                costs.computeIfAbsent(variant, v -> new ArrayList<>())
                    .add(Double.parseDouble(lines.get(0).split(" ")[3]));
            }
            for (final Map.Entry<String, List<Double>> cost : costs.entrySet())
            {
                final String variant = cost.getKey();
                final double cpuNs = median(cost.getValue(), Double::doubleValue);
                final String what = variant.endsWith("claim") ? "tryClaim+commit" : "write";
                final String column = "memcpy".equals(owner(variant)) ? FLOOR : owner(variant);
                if (size >= 256)
                {
                    put(what + " " + size + " B, GB per CPU-second of the writer", column, size / cpuNs, false);
                }
                else
                {
                    put(what + " " + size + " B, M records per CPU-second of the writer", column, 1e3 / cpuNs,
                        false);
                }
                if (FLOOR.equals(column))
                {
                    put("tryClaim+commit " + size + " B, " + (size >= 256 ? "GB" : "M records") +
                        " per CPU-second of the writer", FLOOR, size >= 256 ? size / cpuNs : 1e3 / cpuNs, false);
                }
            }
        }
    }

    private static String owner(final String variant)
    {
        final int dash = variant.indexOf('-');
        return dash < 0 ? variant : variant.substring(0, dash);
    }

    private void runListener(final boolean full) throws IOException, InterruptedException
    {
        System.out.println("# listener overhead");
        final List<String> lines = runChild("kekbit", ListenerOverhead.class.getName(),
            List.of(full ? "10000000" : "5000000"), ListenerOverhead.PREFIX);
        final Map<String, Double> rates = new LinkedHashMap<>();
        for (final String line : lines)
        {
            final String[] f = line.substring(ListenerOverhead.PREFIX.length()).trim().split(" ");
            rates.put(f[0], Double.parseDouble(f[1]));
        }
        final Double raw = rates.get("raw-reader-loop");
        if (raw == null)
        {
            notes.add("listener overhead run failed");
            return;
        }
        for (final Map.Entry<String, Double> rate : rates.entrySet())
        {
            final String row = "consume 32 B, " + rate.getKey() + ", M records per CPU-second";
            put(row, KEKBIT, rate.getValue() / 1e6, false);
            ratioOverride.put(row, String.format(Locale.ROOT, "%.2f× raw loop", rate.getValue() / raw));
        }
    }

    private LatencyResult runHarness(
        final String transport, final String scenario, final String seconds, final String warmup)
        throws IOException, InterruptedException
    {
        System.out.println("# latency: " + transport + " " + scenario);
        final List<String> lines = runChild(transport, LatencyHarness.class.getName(), List.of(
            "--transport", transport, "--scenario", scenario, "--seconds", seconds,
            "--warmup", warmup, "--payload", "32", "--rate-ns", "2000"), LatencyResult.PREFIX);
        if (lines.isEmpty())
        {
            notes.add("latency run failed: " + transport + " " + scenario);
            return null;
        }
        return LatencyResult.parse(lines.get(lines.size() - 1));
    }

    /**
     * Runs a main class in a child JVM with the transport's flags and returns its output lines that start with
     * {@code prefix}, or none when it failed.
     */
    static List<String> runChild(
        final String transport, final String mainClass, final List<String> args, final String prefix)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(PeerFlags.forTransport(transport));
        if (!PeerFlags.forTransport(transport).isEmpty() && Runtime.version().feature() >= 23)
        {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = out.readLine()) != null)
            {
                System.out.println("  " + line);
                if (line.startsWith(prefix))
                {
                    lines.add(line);
                }
            }
        }
        if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0)
        {
            process.destroyForcibly();
            return List.of();
        }
        return lines;
    }

    private void recordLatency(final String transport, final String scenario, final List<LatencyResult> samples)
    {
        final String column = "cacheline".equals(transport) ? FLOOR : transport;
        final String label;
        switch (scenario)
        {
            case "pingpong":
                label = "ping-pong RTT, same process";
                break;
            case "pingpong-ipc":
                label = "ping-pong RTT, two processes";
                break;
            case "oneway":
                label = "one-way, 1 record / 2 us, CO-corrected, same process";
                break;
            default:
                label = "one-way, 1 record / 2 us, CO-corrected, two processes";
                break;
        }
        put(label + ", p50 ns", column, median(samples, LatencyResult::p50), true);
        put(label + ", p90 ns", column, median(samples, LatencyResult::p90), true);
        put(label + ", p99 ns", column, median(samples, LatencyResult::p99), true);
        put(label + ", p99.9 ns", column, median(samples, LatencyResult::p999), true);
        put(label + ", max ns", column, median(samples, LatencyResult::max), true);
        if (scenario.startsWith("pingpong"))
        {
            for (final LatencyResult r : samples)
            {
                if (r.placementChanged())
                {
                    notes.add(String.format(Locale.ROOT, "the vCPU placement changed during a run of the %s %s "
                        + "cell (same-JVM cache-line probe %d ns before, %d ns after): its figures mix two placements",
                        transport, scenario, r.probeP50(), r.probeAfterP50()));
                }
            }
            final List<LatencyResult> probed = samples.stream().filter(r -> r.probeP50() > 0).toList();
            if (!probed.isEmpty())
            {
                put(label + ", p50 / same-JVM cache-line probe", column,
                    median(probed, r -> (double)r.p50() / r.probeP50()), true);
            }
        }
    }

    private static <T> double median(final List<T> samples, final java.util.function.ToDoubleFunction<T> field)
    {
        final double[] values = samples.stream().mapToDouble(field).sorted().toArray();
        return values[values.length / 2];
    }

    private String table(final boolean full, final long elapsedSeconds)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "kekbit comparison (%s run), %s, JDK %s (%s), %d cores, %d s%n%n",
            full ? "full" : "quick", Instant.now().toString().substring(0, 16) + "Z",
            Runtime.version(), System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
            elapsedSeconds));
        out.append("| measure | kekbit | Chronicle | Aeron IPC | Agrona ring | floor | kekbit / best peer |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (final Map.Entry<String, Map<String, Double>> row : cells.entrySet())
        {
            out.append("| ").append(row.getKey());
            final Map<String, Double> values = row.getValue();
            for (final String column : COLUMNS)
            {
                final Double value = values.get(column);
                out.append(" | ").append(value == null ? "—" : format(value));
            }
            final String ratio = ratioOverride.get(row.getKey());
            out.append(" | ").append(ratio != null ? ratio : ratio(values, lowerIsBetter.get(row.getKey())))
                .append(" |\n");
        }
        out.append("\nRows \"per CPU-second of the writer\" divide by the writing thread's CPU time (plain harness, ")
            .append("best of the rounds after warm-up): they hold on a busy machine. ")
            .append("The other throughput rows are JMH ")
            .append("wall-clock scores and shrink with the CPU share the benchmark got.\n");
        out.append("\nRatios: throughput rows are kekbit / the fastest peer (above 1 = kekbit faster); ")
            .append("latency rows are ")
            .append("kekbit / the lowest peer (below 1 = kekbit faster). Floors: memory copy of the same bytes into a ")
            .append("pre-faulted mapped /dev/shm file; a cache line bounced between two cores.\n");
        for (final String note : notes)
        {
            out.append("\nNote: ").append(note);
        }
        return out.toString();
    }

    private static String ratio(final Map<String, Double> values, final boolean lower)
    {
        final Double kekbit = values.get(KEKBIT);
        Double best = null;
        for (final String peer : PEERS)
        {
            final Double value = values.get(peer);
            if (value != null && (best == null || (lower ? value < best : value > best)))
            {
                best = value;
            }
        }
        if (kekbit == null || best == null || best == 0)
        {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", kekbit / best);
    }

    private static String format(final double value)
    {
        if (value >= 100)
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (value >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
