package io.kekbit.benchmarks.latency;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * Percentiles of one latency measurement, in nanoseconds. Immutable, so thread-safe.
 *
 * @param transport transport name.
 * @param scenario  scenario name ({@code oneway}, {@code pingpong}, {@code pingpong-ipc}).
 * @param count     number of samples.
 * @param p50       median.
 * @param p90       90th percentile.
 * @param p99       99th percentile.
 * @param p999      99.9th percentile.
 * @param max       largest sample.
 * @param probeP50  for ping-pong: p50 of a cache-line ping-pong measured in the same JVM just before (this VM moves
 *                  its two vCPUs between placements that change every ping-pong figure about threefold, so a floor
 *                  measured in another JVM can come from another placement); 0 when not measured.
 * @param probeAfterP50 for ping-pong: p50 of the same probe measured just after; far from {@code probeP50} when the
 *                  placement changed during the measurement; 0 when not measured.
 */
public record LatencyResult(
    String transport, String scenario, long count, long p50, long p90, long p99, long p999, long max, long probeP50,
    long probeAfterP50)
{
    /** Prefix of the machine-readable line a harness prints. */
    public static final String PREFIX = "RESULT ";

    /**
     * Summarises a histogram.
     *
     * @param transport transport name.
     * @param scenario  scenario name.
     * @param histogram samples in nanoseconds.
     * @return the result.
     */
    public static LatencyResult of(final String transport, final String scenario, final Histogram histogram)
    {
        return of(transport, scenario, histogram, 0, 0);
    }

    /**
     * Summarises a histogram measured between two same-JVM cache-line probes.
     *
     * @param transport     transport name.
     * @param scenario      scenario name.
     * @param histogram     samples in nanoseconds.
     * @param probeP50      p50 of the probe just before, 0 when none ran.
     * @param probeAfterP50 p50 of the probe just after, 0 when none ran.
     * @return the result.
     */
    public static LatencyResult of(
        final String transport,
        final String scenario,
        final Histogram histogram,
        final long probeP50,
        final long probeAfterP50)
    {
        return new LatencyResult(transport, scenario, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
            probeP50, probeAfterP50);
    }

    /**
     * Whether the probes before and after differ by more than 1.5× (the two placements differ about threefold; in one
     * placement the probe after reads up to about 1.3× the one before): the vCPU placement changed during the
     * measurement, whose figures then mix two placements.
     *
     * @return true when both probes ran and differ by more than 1.5×.
     */
    public boolean placementChanged()
    {
        final long low = Math.min(probeP50, probeAfterP50);
        return low > 0 && Math.max(probeP50, probeAfterP50) > 1.5 * low;
    }

    /**
     * The line a harness prints, parsed back by {@link #parse(String)}.
     *
     * @return {@code RESULT transport scenario count p50 p90 p99 p999 max probeP50 probeAfterP50}.
     */
    public String toLine()
    {
        return String.format(Locale.ROOT, "%s%s %s %d %d %d %d %d %d %d %d",
            PREFIX, transport, scenario, count, p50, p90, p99, p999, max, probeP50, probeAfterP50);
    }

    /**
     * Parses a line printed by {@link #toLine()}.
     *
     * @param line the line.
     * @return the result.
     * @throws IllegalArgumentException when the line is not a result line.
     */
    public static LatencyResult parse(final String line)
    {
        final String[] f = line.substring(PREFIX.length()).trim().split(" ");
        if (!line.startsWith(PREFIX) || f.length != 10)
        {
            throw new IllegalArgumentException("not a result line: line=" + line);
        }
        return new LatencyResult(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
            Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]),
            Long.parseLong(f[9]));
    }
}
