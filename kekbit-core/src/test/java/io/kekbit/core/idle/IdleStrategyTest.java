package io.kekbit.core.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IdleStrategy#of(String)} names and errors, and the back-off progression (state only, never timing).
 */
class IdleStrategyTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "busy-spin, BusySpinIdleStrategy",
        "busyspin, BusySpinIdleStrategy",
        "yield, YieldingIdleStrategy",
        "yielding, YieldingIdleStrategy",
        "backoff, BackoffIdleStrategy",
        "' BackOff ', BackoffIdleStrategy",
        "sleep, SleepingIdleStrategy",
        "sleeping, SleepingIdleStrategy",
        "sleep-5ms, SleepingIdleStrategy",
        "SLEEP-250MS, SleepingIdleStrategy"
    })
    void shouldCreateStrategiesByName(final String name, final String type)
    {
        final IdleStrategy strategy = IdleStrategy.of(name);
        assertThat(strategy.getClass().getSimpleName()).isEqualTo(type);
        strategy.reset();
    }

    @ParameterizedTest(name = "{0} -> {1} ns")
    @CsvSource({"sleep, 1000000", "sleeping, 1000000", "sleep-1ms, 1000000", "sleep-5ms, 5000000",
        "sleep-1000ms, 1000000000"})
    void shouldParseTheSleepPeriod(final String name, final long nanos)
    {
        assertThat(((SleepingIdleStrategy)IdleStrategy.of(name)).periodNanos()).isEqualTo(nanos);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "spin", "sleep-ms", "sleep-5", "sleep-5s", "sleep--5ms", "back off"})
    void shouldRejectUnknownNames(final String name)
    {
        assertThatIllegalArgumentException().isThrownBy(() -> IdleStrategy.of(name))
            .withMessage("unknown idle strategy (allowed: busy-spin, yield, backoff, sleep, sleep-<n>ms): name=" + name);
    }

    @Test
    void shouldRejectAZeroSleepAndNull()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> IdleStrategy.of("sleep-0ms"))
            .withMessage("period must be positive: periodNanos=0");
        assertThatNullPointerException().isThrownBy(() -> IdleStrategy.of(null));
    }

    @Test
    void shouldRejectAnInvalidBackoff()
    {
        assertThatIllegalArgumentException().isThrownBy(() -> new BackoffIdleStrategy(-1, 0, 1, 1))
            .withMessage("invalid backoff: maxSpins=-1, maxYields=0, minParkNanos=1, maxParkNanos=1");
        assertThatIllegalArgumentException().isThrownBy(() -> new BackoffIdleStrategy(0, -1, 1, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new BackoffIdleStrategy(0, 0, 0, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> new BackoffIdleStrategy(0, 0, 4, 2));
    }

    @Test
    void shouldSpinThenYieldThenParkWithADoublingPeriod() throws Exception
    {
        final BackoffIdleStrategy strategy = new BackoffIdleStrategy(2, 3, 1, 8);
        assertState(strategy, 0, 0, 1);
        strategy.idle();
        strategy.idle();
        assertState(strategy, 2, 0, 1);
        strategy.idle();
        strategy.idle();
        strategy.idle();
        assertState(strategy, 2, 3, 1);
        strategy.idle();
        assertState(strategy, 2, 3, 2);
        strategy.idle();
        assertState(strategy, 2, 3, 4);
        strategy.idle();
        assertState(strategy, 2, 3, 8);
        strategy.idle();
        assertState(strategy, 2, 3, 8);
        strategy.idle(0);
        assertState(strategy, 2, 3, 8);
        strategy.idle(1);
        assertState(strategy, 0, 0, 1);
        strategy.idle();
        strategy.reset();
        assertState(strategy, 0, 0, 1);
    }

    @Test
    void shouldUseTheDocumentedDefaults() throws Exception
    {
        final BackoffIdleStrategy strategy = new BackoffIdleStrategy();
        for (int i = 0; i < BackoffIdleStrategy.DEFAULT_MAX_SPINS + BackoffIdleStrategy.DEFAULT_MAX_YIELDS; i++)
        {
            strategy.idle();
        }
        assertState(strategy, 100, 50, 1_000);
        assertThat(BackoffIdleStrategy.DEFAULT_MAX_PARK_NANOS).isEqualTo(1_000_000L);
    }

    @Test
    void shouldIdleWithoutStateForTheSimpleStrategies()
    {
        for (final IdleStrategy strategy : new IdleStrategy[] {
            new BusySpinIdleStrategy(), new YieldingIdleStrategy(), new SleepingIdleStrategy(1)})
        {
            strategy.idle();
            strategy.idle(0);
            strategy.idle(5);
            strategy.reset();
        }
        assertThatIllegalArgumentException().isThrownBy(() -> new SleepingIdleStrategy(0));
    }

    private static void assertState(
        final BackoffIdleStrategy strategy, final int spins, final int yields, final long parkNanos) throws Exception
    {
        assertThat(field(strategy, "spins")).as("spins").isEqualTo(spins);
        assertThat(field(strategy, "yields")).as("yields").isEqualTo(yields);
        assertThat(field(strategy, "parkNanos")).as("next park period").isEqualTo(parkNanos);
    }

    private static Object field(final Object target, final String name) throws Exception
    {
        final Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
