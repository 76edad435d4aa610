package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's timeout rule (docs/format.md section 9) call by call: armed by the first empty read as in the crate,
 * TIMEOUT on the first empty read past the expiration (read every call while little time is left), disarmed by any
 * consumed record, and the expiration reported on the reader's own clock ({@link Reader#timeoutExpiration()}).
 * {@link ReaderTimeoutTest} checks the timing under each idle strategy.
 */
@SuppressWarnings("try") // the writer is kept open on purpose: a closed channel ends readers differently
class ReaderTimeoutRuleTest
{
    private static final long CHANNEL = 42;

    @TempDir
    Path root;

    private final List<String> seen = new ArrayList<>();
    private final RecordHandler collect = (buffer, offset, length, position) ->
        seen.add(new String(ReadAll.bytes(buffer, offset, length), StandardCharsets.UTF_8));

    private Writer create(final long timeout, final TickUnit unit)
    {
        return Kekbit.shmWriter(root, Header.of(1, CHANNEL, 16384, 1000, timeout, unit));
    }

    private Writer create()
    {
        return create(99_999_999_999L, TickUnit.NANOS);
    }

    /** The clock the reader's timeout runs on (see {@link Reader#timeoutExpiration()}), in milliseconds. */
    private static long readerClockMillis()
    {
        return TickUnit.MILLIS.fromNanoTime(System.nanoTime());
    }

    private static void write(final Writer writer, final String... texts)
    {
        for (final String text : texts)
        {
            assertThat(writer.write(text.getBytes(StandardCharsets.UTF_8))).isPositive();
        }
    }

    @Test
    void shouldTimeOutOnTheSecondEmptyRead()
    {
        try (Writer writer = create(0, TickUnit.MILLIS); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(reader.read(collect, 10)).as("initial heartbeat").isEqualTo(8);
            final long before = readerClockMillis();
            assertThat(reader.read(collect, 10)).as("first empty read").isZero();
            assertThat(reader.exhausted()).isNull();
            assertThat(reader.timeoutExpiration()).isZero();
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.TIMEOUT);
            assertThat(reader.exhausted()).isEqualTo(ReadError.TIMEOUT);
            assertThat(reader.timeoutExpiration()).isBetween(before, readerClockMillis());
            assertThat(reader.position()).isEqualTo(8);
            write(writer, "late");
            assertThat(reader.read(collect, 10)).as("sticky").isEqualTo(Reader.TIMEOUT);
            assertThat(seen).isEmpty();
        }
    }

    @Test
    void shouldReportTheTimeoutOnTheFirstEmptyReadPastTheExpirationAfterFastPolls()
    {
        try (Writer writer = create(2, TickUnit.MILLIS); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(reader.read(collect, 10)).isEqualTo(8);
            final long before = readerClockMillis();
            assertThat(reader.read(collect, 10)).as("first empty read arms the timeout").isZero();
            final long armedBy = readerClockMillis();
            for (int i = 2; i < 64; i++)
            {
                assertThat(reader.read(collect, 10)).as("empty read %d, fast", i).isZero();
            }
            while (readerClockMillis() <= armedBy + 50)
            {
                Thread.onSpinWait();
            }
            assertThat(reader.read(collect, 10)).as("fast polls, but under 10 ms left: the clock is read every call")
                .isEqualTo(Reader.TIMEOUT);
            // Ticks are whole milliseconds: allow one either way.
            assertThat(reader.timeoutExpiration()).isBetween(before + 2 - 1, armedBy + 2 + 1);
        }
    }

    @Test
    void shouldArmTheTimeoutOnTheFirstEmptyReadAsTheCrateDoes()
    {
        try (Writer writer = create(1, TickUnit.MILLIS); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(reader.read(collect, 10)).isEqualTo(8);
            final long before = readerClockMillis();
            assertThat(reader.read(collect, 10)).as("first empty read arms the timeout").isZero();
            final long armedBy = readerClockMillis();
            while (readerClockMillis() <= armedBy + 20)
            {
                Thread.onSpinWait();
            }
            assertThat(reader.read(collect, 10)).as("the next empty read, well past the expiration")
                .isEqualTo(Reader.TIMEOUT);
            // Ticks are whole milliseconds: allow one either way.
            assertThat(reader.timeoutExpiration()).isBetween(before + 1 - 1, armedBy + 1 + 1);
        }
    }

    @Test
    void shouldDisarmTheTimeoutWhenAHeartbeatArrives()
    {
        try (Writer writer = create(0, TickUnit.MILLIS); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThat(reader.read(collect, 10)).isEqualTo(8);
            assertThat(reader.read(collect, 10)).isZero();
            assertThat(writer.heartbeat()).isEqualTo(8);
            assertThat(reader.read(collect, 10)).as("heartbeat consumed, clock disarmed").isEqualTo(8);
            assertThat(reader.read(collect, 10)).as("armed again").isZero();
            write(writer, "rec");
            assertThat(reader.read(collect, 10)).isEqualTo(16);
            assertThat(reader.read(collect, 10)).isZero();
            assertThat(reader.read(collect, 10)).isEqualTo(Reader.TIMEOUT);
            assertThat(seen).containsExactly("rec");
        }
    }

    @Test
    void shouldNotTimeOutBeforeTheTimeout()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            reader.read(collect, 10);
            for (int i = 0; i < 1000; i++)
            {
                assertThat(reader.read(collect, 10)).isZero();
            }
            assertThat(reader.exhausted()).isNull();
        }
    }
}
