package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.idle.BackoffIdleStrategy;
import io.kekbit.core.idle.BusySpinIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.core.idle.YieldingIdleStrategy;

import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TIMEOUT on time whatever the idle strategy: a writer writes and then stops (no heartbeat, no CLOSE), and a reader
 * polls with each of the library's idle strategies. The Rust crate's reader arms its timeout on the first empty read
 * and reports TIMEOUT on the first read whose clock is at or past the expiration. Judged from the times the loop
 * records around each poll (so a stall of the machine moves both readers alike), ours must report it no earlier than
 * the channel's timeout after the first empty read, and no later than max(1 ms, 1% of the timeout) after the first
 * poll at which the crate's reader would have reported it. Each strategy runs twice on one reader: first after no
 * earlier empty reads, then after an idle spell that taught the reader how fast it polls.
 */
class ReaderTimeoutTest
{
    private static final long TIMEOUT_NANOS = 300_000_000L;
    private static final long SLACK_NANOS = Math.max(1_000_000L, TIMEOUT_NANOS / 100);

    @TempDir
    Path root;

    static Stream<Arguments> strategies()
    {
        return Stream.of(
            Arguments.of("busy-spin", (Supplier<IdleStrategy>)BusySpinIdleStrategy::new),
            Arguments.of("yield", (Supplier<IdleStrategy>)YieldingIdleStrategy::new),
            Arguments.of("backoff", (Supplier<IdleStrategy>)BackoffIdleStrategy::new),
            Arguments.of("sleep 1 ms", (Supplier<IdleStrategy>)() -> new SleepingIdleStrategy(1_000_000L)),
            Arguments.of("sleep 10 ms", (Supplier<IdleStrategy>)() -> new SleepingIdleStrategy(10_000_000L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void shouldReportTimeoutWhenTheCrateWouldWhateverTheIdleStrategy(
        final String name, final Supplier<IdleStrategy> strategy)
    {
        final IdleStrategy idle = strategy.get();
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 7, 1 << 16, 1000, TIMEOUT_NANOS, TickUnit.NANOS));
            Reader reader = Kekbit.shmReader(root, 7))
        {
            writer.write(new byte[] {1, 2, 3});
            final RecordHandler ignore = (buffer, offset, length, position) -> { };
            assertThat(reader.read(ignore, 10)).isPositive();
            final Outcome first = pollUntilTimeout(reader, idle, ignore);
            first.check(name + ", first streak");

            writer.close();
        }
        try (Writer writer = Kekbit.shmWriter(root.resolve("second"),
                Header.of(1, 8, 1 << 16, 1000, TIMEOUT_NANOS, TickUnit.NANOS));
            Reader reader = Kekbit.shmReader(root.resolve("second"), 8))
        {
            final RecordHandler ignore = (buffer, offset, length, position) -> { };
            assertThat(reader.read(ignore, 10)).isPositive();
            final long idleUntil = System.nanoTime() + 20_000_000L;
            while (System.nanoTime() - idleUntil < 0)
            {
                idle.idle(reader.read(ignore, 10) > 0 ? 1 : 0);
            }
            writer.write(new byte[] {4});
            idle.reset();
            assertThat(reader.read(ignore, 10)).isPositive();
            final Outcome second = pollUntilTimeout(reader, idle, ignore);
            second.check(name + ", after an idle spell");
        }
    }

    private static Outcome pollUntilTimeout(final Reader reader, final IdleStrategy idle, final RecordHandler handler)
    {
        long firstEmptyStart = 0;
        long firstEmptyEnd = 0;
        long crateDue = Long.MAX_VALUE;
        long cratePoll = 0;
        while (true)
        {
            final long before = System.nanoTime();
            final long result = reader.read(handler, 10);
            final long after = System.nanoTime();
            if (firstEmptyEnd == 0)
            {
                assertThat(result).as("first empty read").isZero();
                firstEmptyStart = before;
                firstEmptyEnd = after;
                crateDue = after + TIMEOUT_NANOS;
            }
            else if (cratePoll == 0 && before - crateDue >= 0)
            {
                cratePoll = before;
            }
            if (result < 0)
            {
                assertThat(result).isEqualTo(Reader.TIMEOUT);
                return new Outcome(firstEmptyStart, after, before, cratePoll);
            }
            assertThat(result).isZero();
            idle.idle(0);
        }
    }

    /**
     * When the first empty read started, when the TIMEOUT read ended and started, and when the first poll that started
     * at or after the crate's latest possible expiration started (0 when ours came before it).
     */
    private record Outcome(long firstEmptyStart, long timeoutEnd, long timeoutStart, long cratePoll)
    {
        void check(final String what)
        {
            assertThat(timeoutEnd - firstEmptyStart).as("%s: not before the timeout", what)
                .isGreaterThanOrEqualTo(TIMEOUT_NANOS);
            if (cratePoll != 0)
            {
                assertThat(timeoutStart - cratePoll).as("%s: late after the crate's poll, ns", what)
                    .isLessThanOrEqualTo(SLACK_NANOS);
            }
        }
    }
}
