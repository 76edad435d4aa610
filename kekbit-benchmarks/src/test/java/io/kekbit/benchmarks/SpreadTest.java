package io.kekbit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.kekbit.benchmarks.latency.LatencyResult;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The spread's summary on results made up for the purpose, and one real round in fresh JVMs. Never timings.
 */
class SpreadTest
{
    @Test
    void shouldSummariseEachTransportOverTheRounds()
    {
        final List<List<LatencyResult>> rounds = List.of(
            List.of(result("kekbit", 460, 400), result("aeron", 500, 410)),
            List.of(result("kekbit", 640, 420), result("aeron", 480, 400)),
            List.of(result("kekbit", 470, 0), result("aeron", 470, 390)),
            List.of(result("kekbit", 450, 430), result("aeron", 600, 420)));

        final List<Spread.Row> rows = Spread.summarize(List.of("kekbit", "aeron"), rounds);

        assertThat(rows).hasSize(2);
        // kekbit: p50s 460 640 470 450, probes 400 420 - 430: ratios 1.15 1.5238 1.0465, median 1.15; 460 <= 1.3 x
        // 400 and 450 <= 1.3 x 430 are near the floor, 640 > 1.3 x 420 is not, the run without a probe never counts;
        // lowest in rounds 1, 3 (a tie) and 4; p50 median (460 + 470) / 2.
        assertRow(rows.get(0), "kekbit", 460.0 / 400, 2, 3, 465, 450, 640);
        // aeron: ratios 1.2195 1.2 1.2051 1.4286, median (1.2051 + 1.2195) / 2; 470, 480 and 500 within 1.3x their
        // probes, 600 > 1.3 x 420; lowest in rounds 2 and 3.
        assertRow(rows.get(1), "aeron", (470.0 / 390 + 500.0 / 410) / 2, 3, 2, 490, 470, 600);
    }

    @Test
    void shouldTakeTheMiddleValueOfAnOddCountAndTheMeanOfTheMiddleTwoOfAnEvenOne()
    {
        assertThat(Spread.median(List.of(7.0, 1.0, 5.0))).isEqualTo(5.0);
        assertThat(Spread.median(List.of(7.0, 1.0, 5.0, 2.0))).isEqualTo(3.5);
        assertThat(Spread.median(List.of(9.0))).isEqualTo(9.0);
    }

    @Test
    void shouldLeaveOutATransportWithoutRunsAndCountNoLowestInARoundOfOne()
    {
        final List<List<LatencyResult>> rounds = List.of(List.of(result("kekbit", 460, 400)));

        final List<Spread.Row> rows = Spread.summarize(List.of("kekbit", "aeron"), rounds);
        assertThat(rows).hasSize(1);
        assertRow(rows.get(0), "kekbit", 1.15, 1, 0, 460, 460, 460);
        assertThat(Spread.table("pingpong", List.of("kekbit", "aeron"), rounds, 1))
            .contains("| kekbit | 1 | 1.15 | 1 of 1 | 0 of 1 | 460 | 460–460 |")
            .doesNotContain("| aeron |")
            .contains("1 run(s) failed");
    }

    @Test
    void shouldMeasureARoundInFreshJvms() throws Exception
    {
        final List<List<LatencyResult>> rounds = Spread.measure(List.of("kekbit", "cacheline"), 1,
            List.of("--scenario", "pingpong", "--seconds", "1", "--warmup", "0.2", "--payload", "32"));

        assertThat(rounds).hasSize(1);
        assertThat(rounds.get(0)).extracting(LatencyResult::transport).containsExactly("kekbit", "cacheline");
        for (final LatencyResult result : rounds.get(0))
        {
            assertThat(result.count()).isPositive();
            assertThat(result.p50()).isPositive().isLessThanOrEqualTo(result.max());
            assertThat(result.probeP50()).isPositive();
        }
        final List<Spread.Row> rows = Spread.summarize(List.of("kekbit", "cacheline"), rounds);
        assertThat(rows).extracting(Spread.Row::runs).containsExactly(1, 1);
        assertThat(rows.stream().mapToInt(Spread.Row::lowest).sum()).isGreaterThanOrEqualTo(1);
    }

    private static void assertRow(
        final Spread.Row row, final String transport, final double ratio, final int nearFloor, final int lowest,
        final double medianP50, final long minP50, final long maxP50)
    {
        assertThat(row.transport()).isEqualTo(transport);
        assertThat(row.medianRatio()).isCloseTo(ratio, within(1e-9));
        assertThat(row.nearFloor()).isEqualTo(nearFloor);
        assertThat(row.lowest()).isEqualTo(lowest);
        assertThat(row.medianP50()).isEqualTo(medianP50);
        assertThat(row.minP50()).isEqualTo(minP50);
        assertThat(row.maxP50()).isEqualTo(maxP50);
    }

    private static LatencyResult result(final String transport, final long p50, final long probe)
    {
        return new LatencyResult(transport, "pingpong", 1000, p50, p50 + 100, p50 + 300, p50 + 1000, p50 + 5000,
            probe, probe);
    }
}
