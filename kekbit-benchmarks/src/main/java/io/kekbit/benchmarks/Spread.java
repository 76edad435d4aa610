package io.kekbit.benchmarks;

import io.kekbit.benchmarks.latency.LatencyHarness;
import io.kekbit.benchmarks.latency.LatencyResult;
import io.kekbit.benchmarks.latency.Transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The spread of one latency cell over many JVMs. On this machine a ping-pong's p50 is not a property of the code
 * alone: each JVM settles into a mix of fast and slow round trips (see the README), so one run per transport, or the
 * median of three, can land either way. This runs the same cell in {@code --jvms} fresh JVMs per transport,
 * interleaved (one JVM of each transport per round, so that every transport sees the same minutes of the machine),
 * prints every run, and then one Markdown table: per transport the median of p50 / the cache-line probe measured in
 * the same JVM just before (a figure that does not depend on the vCPU placement), how many runs were within
 * {@value #FLOOR_FACTOR}× of their probe, in how many rounds the transport had the lowest p50, and the median,
 * lowest and highest p50. Not thread-safe; run it as a program.
 */
public final class Spread
{
    /** The bound for the ping-pong p50, as a multiple of the cache-line floor. */
    static final double FLOOR_FACTOR = 1.3;

    private Spread()
    {
    }

    /**
     * Runs the spread.
     *
     * @param args {@code --jvms N} (default 10), {@code --scenario NAME} (default {@code pingpong}),
     *             {@code --transports a,b,...} (default {@code kekbit,aeron,agrona}), {@code --seconds S} (default
     *             3), {@code --warmup S} (default 2), {@code --out FILE} also writes the table to a file. When an
     *             option is given twice the last one counts, so that arguments after a script's own win.
     * @throws Exception when a run cannot be started.
     */
    public static void main(final String[] args) throws Exception
    {
        final List<String> list = Arrays.asList(args);
        final int jvms = jvms(option(list, "--jvms", "10"));
        final String scenario = option(list, "--scenario", "pingpong");
        final List<String> transports = List.of(option(list, "--transports", "kekbit,aeron,agrona").split(","));
        for (final String transport : transports)
        {
            if (!Transport.NAMES.contains(transport))
            {
                throw new IllegalArgumentException(
                    "unknown transport: --transports " + transport + ", expected some of " + Transport.NAMES);
            }
        }
        final List<String> harnessArgs = List.of("--scenario", scenario,
            "--seconds", option(list, "--seconds", "3"), "--warmup", option(list, "--warmup", "2"), "--payload", "32");
        final List<List<LatencyResult>> rounds = measure(transports, jvms, harnessArgs);
        final int failed = jvms * transports.size() - rounds.stream().mapToInt(List::size).sum();
        final String table = table(scenario, transports, rounds, failed);
        System.out.println();
        System.out.println(table);
        final String out = option(list, "--out", null);
        if (out != null)
        {
            Files.writeString(Path.of(out), table, StandardCharsets.UTF_8);
        }
        if (failed > 0)
        {
            System.exit(1);
        }
    }

    /**
     * Runs {@code jvms} rounds of one harness JVM per transport.
     *
     * @param transports  the transports, run in this order in every round.
     * @param jvms        number of rounds.
     * @param harnessArgs the harness's arguments other than the transport.
     * @return each round's results; a run that failed, or recorded no round trip, is missing from its round.
     * @throws IOException          when a JVM cannot be started.
     * @throws InterruptedException when interrupted while waiting for one.
     */
    static List<List<LatencyResult>> measure(
        final List<String> transports, final int jvms, final List<String> harnessArgs)
        throws IOException, InterruptedException
    {
        final List<List<LatencyResult>> rounds = new ArrayList<>();
        for (int round = 1; round <= jvms; round++)
        {
            final List<LatencyResult> results = new ArrayList<>();
            for (final String transport : transports)
            {
                System.out.println("# round " + round + " of " + jvms + ": " + transport + " " + harnessArgs);
                final LatencyResult result = run(transport, harnessArgs);
                if (result != null)
                {
                    results.add(result);
                }
            }
            rounds.add(results);
        }
        return rounds;
    }

    private static LatencyResult run(final String transport, final List<String> harnessArgs)
        throws IOException, InterruptedException
    {
        final List<String> args = new ArrayList<>(List.of("--transport", transport));
        args.addAll(harnessArgs);
        final List<String> lines = Comparison.runChild(
            transport, LatencyHarness.class.getName(), args, LatencyResult.PREFIX);
        if (lines.isEmpty())
        {
            return null;
        }
        final LatencyResult result = LatencyResult.parse(lines.get(lines.size() - 1));
        if (result.count() == 0)
        {
            System.out.println("# the " + transport + " run recorded no round trip: counted as failed");
            return null;
        }
        return result;
    }

    private static int jvms(final String value)
    {
        try
        {
            final int jvms = Integer.parseInt(value);
            if (jvms >= 1)
            {
                return jvms;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IllegalArgumentException("--jvms must be a whole number of at least 1: --jvms " + value);
    }

    private static String option(final List<String> list, final String name, final String otherwise)
    {
        final int index = list.lastIndexOf(name);
        if (index < 0)
        {
            return otherwise;
        }
        if (index + 1 >= list.size())
        {
            throw new IllegalArgumentException("missing value after " + name);
        }
        return list.get(index + 1);
    }

    /**
     * One transport's runs, summarised.
     *
     * @param transport   transport name.
     * @param runs        number of runs.
     * @param medianRatio median over the runs with a probe of p50 / the cache-line probe measured just before it in
     *                    the same JVM: the placement-free figure; 0 when no run had a probe.
     * @param nearFloor   runs whose p50 was at most {@link #FLOOR_FACTOR}× their probe (runs without one never
     *                    count).
     * @param lowest      rounds in which this transport's p50 was the lowest, ties included.
     * @param medianP50   median of the runs' p50, ns (mixes placements when the probes differ threefold).
     * @param minP50      lowest p50, ns.
     * @param maxP50      highest p50, ns.
     */
    record Row(
        String transport, int runs, double medianRatio, int nearFloor, int lowest, double medianP50, long minP50,
        long maxP50)
    {
    }

    /**
     * Summarises rounds of runs.
     *
     * @param transports the transports, in table order.
     * @param rounds     each round's results, at most one per transport.
     * @return one row per transport that has at least one run.
     */
    static List<Row> summarize(final List<String> transports, final List<List<LatencyResult>> rounds)
    {
        final List<Row> rows = new ArrayList<>();
        for (final String transport : transports)
        {
            final List<Double> p50s = new ArrayList<>();
            final List<Double> ratios = new ArrayList<>();
            int nearFloor = 0;
            int lowest = 0;
            for (final List<LatencyResult> round : rounds)
            {
                final long roundLowest = round.stream().mapToLong(LatencyResult::p50).min().orElse(Long.MAX_VALUE);
                for (final LatencyResult result : round)
                {
                    if (!result.transport().equals(transport))
                    {
                        continue;
                    }
                    p50s.add((double)result.p50());
                    if (result.probeP50() > 0)
                    {
                        ratios.add((double)result.p50() / result.probeP50());
                        if (result.p50() <= FLOOR_FACTOR * result.probeP50())
                        {
                            nearFloor++;
                        }
                    }
                    if (round.size() > 1 && result.p50() == roundLowest)
                    {
                        lowest++;
                    }
                }
            }
            if (!p50s.isEmpty())
            {
                rows.add(new Row(transport, p50s.size(), ratios.isEmpty() ? 0 : median(ratios), nearFloor, lowest,
                    median(p50s), (long)Collections.min(p50s).doubleValue(),
                    (long)Collections.max(p50s).doubleValue()));
            }
        }
        return rows;
    }

    /**
     * Median of values: the middle one of an odd count, the mean of the middle two of an even one.
     */
    static double median(final List<Double> values)
    {
        final List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String table(
        final String scenario, final List<String> transports, final List<List<LatencyResult>> rounds, final int failed)
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Spread of %s over %d rounds (one fresh JVM per transport per round, "
            + "interleaved), JDK %s%n%n", scenario, rounds.size(), Runtime.version()));
        out.append("| transport | JVMs | p50 / its probe, median | p50 ≤ ").append(FLOOR_FACTOR)
            .append("× its probe | lowest p50 of its round | p50 median, ns | p50 lowest–highest, ns |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (final Row row : summarize(transports, rounds))
        {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.2f | %d of %d | %d of %d | %.0f | %d–%d |%n",
                row.transport(), row.runs(), row.medianRatio(), row.nearFloor(), row.runs(), row.lowest(),
                rounds.size(), row.medianP50(), row.minP50(), row.maxP50()));
        }
        out.append(String.format(Locale.ROOT, "%nThe probe is a cache-line ping-pong measured in the same JVM just "
            + "before the run; p50 / probe does not depend on the vCPU placement, the p50 in ns does.%n"));
        if (failed > 0)
        {
            out.append(String.format(Locale.ROOT,
                "%n%d run(s) failed or recorded no round trip and are left out.%n", failed));
        }
        return out.toString();
    }
}
