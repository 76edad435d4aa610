package io.kekbit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The order in which the comparison runs a scenario's latency cells. Never timings.
 */
class ComparisonTest
{
    @Test
    void shouldRunOneOfEachTransportPerRoundAndStartEachRoundWithTheNextTransport()
    {
        assertThat(Comparison.interleaved(List.of("a", "b", "c"), 4)).containsExactly(
            "a", "b", "c",
            "b", "c", "a",
            "c", "a", "b",
            "a", "b", "c");
    }

    @Test
    void shouldKeepTheTransportOrderInASingleRound()
    {
        assertThat(Comparison.interleaved(List.of("kekbit", "chronicle", "aeron"), 1))
            .containsExactly("kekbit", "chronicle", "aeron");
    }
}
