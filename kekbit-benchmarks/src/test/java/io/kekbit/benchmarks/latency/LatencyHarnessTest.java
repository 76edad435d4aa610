package io.kekbit.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests of the harness: short runs that check the plumbing and the numbers' consistency, never timings.
 */
class LatencyHarnessTest
{
    private static final long MILLIS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldMeasurePingPongBetweenThreadsOverKekbit() throws Exception
    {
        final LatencyResult result = LatencyHarness.run("kekbit", "pingpong", dir, 0, 300 * MILLIS, 2000, 32);

        assertThat(result.transport()).isEqualTo("kekbit");
        assertThat(result.scenario()).isEqualTo("pingpong");
        assertConsistent(result);
    }

    @Test
    void shouldMeasurePingPongBetweenThreadsOverTheCacheLineFloor() throws Exception
    {
        assertConsistent(LatencyHarness.run("cacheline", "pingpong", dir, 0, 200 * MILLIS, 2000, 8));
    }

    @Test
    void shouldStillMeasureWhenTheRoundTripsTheLinksHoldRunOutBeforeTheWarmUpEnds() throws Exception
    {
        // Links for 20,000 round trips and a one-minute warm-up: the warm-up stops after half of them, the rest are
        // measured (before, all 20,000 went to the warm-up and the cell recorded nothing).
        try (Transport transport = Transport.create("kekbit", dir, true, 32, 20_000))
        {
            final var histogram = LatencyHarness.pingPongThreads(transport, 60_000 * MILLIS, 10_000 * MILLIS, 20_000);

            assertThat(histogram.getTotalCount()).isBetween(1L, 10_000L);
        }
    }

    @Test
    void shouldSendEveryPacedRecordOneWay() throws Exception
    {
        // 100 records in 10 ms at one per 100 us, all recorded since there is no warm-up.
        final LatencyResult result = LatencyHarness.run("kekbit", "oneway", dir, 0, 10 * MILLIS, 100_000, 32);

        assertThat(result.count()).isEqualTo(100);
        assertConsistent(result);
    }

    @Test
    void shouldSendEveryPacedRecordOneWayToAReaderInAnotherJvm() throws Exception
    {
        // The child's histogram comes back through a file: all 100 records, none lost on the way.
        final LatencyResult result = LatencyHarness.run("kekbit", "oneway-ipc", dir, 0, 10 * MILLIS, 100_000, 32);

        assertThat(result.scenario()).isEqualTo("oneway-ipc");
        assertThat(result.count()).isEqualTo(100);
        assertConsistent(result);
    }

    @Test
    void shouldLeaveTheWarmUpOutOfAOneWayRun() throws Exception
    {
        // 200 records at one per 100 us; the first 100 are meant for the 10 ms warm-up.
        final LatencyResult result = LatencyHarness.run("kekbit", "oneway", dir, 10 * MILLIS, 10 * MILLIS, 100_000, 32);

        assertThat(result.count()).isEqualTo(100);
    }

    @Test
    void shouldMeasurePingPongWithTheEchoInAnotherJvm() throws Exception
    {
        final LatencyResult result = LatencyHarness.run("kekbit", "pingpong-ipc", dir, 0, 200 * MILLIS, 2000, 32);

        assertThat(result.scenario()).isEqualTo("pingpong-ipc");
        assertConsistent(result);
    }

    @Test
    void shouldPrintAndParseResultLines()
    {
        final LatencyResult result = new LatencyResult("aeron", "pingpong", 10, 1, 2, 3, 4, 5, 6, 7);

        assertThat(result.toLine()).isEqualTo("RESULT aeron pingpong 10 1 2 3 4 5 6 7");
        assertThat(LatencyResult.parse(result.toLine())).isEqualTo(result);
        assertThatIllegalArgumentException().isThrownBy(() -> LatencyResult.parse("RESULT x"))
            .withMessage("not a result line: line=RESULT x");
    }

    @Test
    void shouldTellWhenThePlacementChangedDuringAPingPong()
    {
        assertThat(new LatencyResult("kekbit", "pingpong", 10, 1, 2, 3, 4, 5, 421, 140).placementChanged()).isTrue();
        assertThat(new LatencyResult("kekbit", "pingpong", 10, 1, 2, 3, 4, 5, 140, 421).placementChanged()).isTrue();
        assertThat(new LatencyResult("kekbit", "pingpong", 10, 1, 2, 3, 4, 5, 421, 551).placementChanged())
            .as("1.31x: the same placement, the probe after on code compiled for two transports").isFalse();
        assertThat(new LatencyResult("kekbit", "oneway", 10, 1, 2, 3, 4, 5, 0, 0).placementChanged())
            .as("no probes").isFalse();
    }

    @Test
    void shouldRefuseAnUnknownTransport()
    {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> Transport.create("zeromq", dir, true, 32, 10))
            .withMessageStartingWith("unknown transport: name=zeromq");
    }

    private static void assertConsistent(final LatencyResult result)
    {
        assertThat(result.count()).isPositive();
        assertThat(result.p50()).isPositive();
        if (result.scenario().startsWith("pingpong"))
        {
            assertThat(result.probeP50()).as("same-JVM cache-line probe").isPositive();
            assertThat(result.probeAfterP50()).as("same-JVM cache-line probe after").isPositive();
        }
        else
        {
            assertThat(result.probeP50()).isZero();
            assertThat(result.probeAfterP50()).isZero();
        }
        assertThat(result.p50()).isLessThanOrEqualTo(result.p90());
        assertThat(result.p90()).isLessThanOrEqualTo(result.p99());
        assertThat(result.p99()).isLessThanOrEqualTo(result.p999());
        assertThat(result.p999()).isLessThanOrEqualTo(result.max());
    }
}
