package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.idle.BusySpinIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;

/**
 * {@link ReaderRunner}, {@link Readers} and {@link Kekbit#awaitShmReader} on real channel files.
 */
class ReaderRunnerTest
{
    private static final long CHANNEL = 5;

    @TempDir
    Path root;

    private Writer create()
    {
        return Kekbit.shmWriter(root, Header.of(1, CHANNEL, 1 << 16, 1000, Duration.ofHours(1), TickUnit.MILLIS));
    }

    /** Counts idle calls and the work counts it was fed. */
    private static final class CountingIdle implements IdleStrategy
    {
        int idles;
        int resets;

        @Override
        public void idle()
        {
            idles++;
        }

        @Override
        public void reset()
        {
            resets++;
        }
    }

    @Test
    void shouldRunUntilTheReaderIsExhaustedAndSayWhy()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            writer.write(new byte[] {1});
            writer.write(new byte[] {2, 2});
            writer.close();
            final List<Integer> lengths = new ArrayList<>();
            final CountingIdle idle = new CountingIdle();
            final ReaderRunner runner = new ReaderRunner(reader, (b, o, l, p) -> lengths.add(l), 1, idle);
            assertThat(runner.stopReason()).isNull();
            runner.run();
            assertThat(runner.stopReason()).isEqualTo(ReaderRunner.StopReason.EXHAUSTED);
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
            assertThat(lengths).containsExactly(1, 2);
            assertThat(idle.resets).as("one reset per poll with work: heartbeat, two records").isEqualTo(3);
            assertThat(idle.idles).isZero();
            assertThat(runner.isRunning()).isFalse();
        }
    }

    @Test
    void shouldStopWhenTheHandlerAsksAndIdleWhenThereIsNoWork()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            final CountingIdle idle = new CountingIdle();
            final ReaderRunner[] self = new ReaderRunner[1];
            final AtomicInteger polls = new AtomicInteger();
            self[0] = new ReaderRunner(reader, (b, o, l, p) -> self[0].requestStop(), 10, idle)
                .afterPoll(result ->
                {
                    if (polls.incrementAndGet() == 5)
                    {
                        writer.write(new byte[] {9});
                    }
                });
            self[0].run();
            assertThat(self[0].stopReason()).isEqualTo(ReaderRunner.StopReason.STOP_REQUESTED);
            assertThat(idle.idles).as("empty polls 2 to 5 idled").isEqualTo(4);
            assertThat(reader.exhausted()).isNull();
            assertThat(self[0].isStopRequested()).isTrue();
            self[0].reset();
            assertThat(self[0].isStopRequested()).isFalse();
        }
    }

    @Test
    void shouldStopOnRequestFromAnotherThreadAndPauseAndResume() throws Exception
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            final AtomicInteger records = new AtomicInteger();
            final ReaderRunner runner = new ReaderRunner(reader, (b, o, l, p) -> records.incrementAndGet(), 10,
                new SleepingIdleStrategy(100_000L));
            final Thread thread = new Thread(runner, "runner-test");
            thread.start();
            await().until(runner::isRunning);
            runner.pause();
            await().until(runner::isPaused);
            writer.write(new byte[] {1});
            Thread.sleep(50);
            assertThat(records).as("paused: not polled").hasValue(0);
            runner.resume();
            await().until(() -> records.get() == 1);
            assertThat(runner.isPaused()).isFalse();
            runner.requestStop();
            thread.join(10_000);
            assertThat(thread.isAlive()).isFalse();
            assertThat(runner.stopReason()).isEqualTo(ReaderRunner.StopReason.STOP_REQUESTED);
        }
    }

    @Test
    void shouldPollWithControlledReadsAndKeepAnAbortedRecord()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            writer.write(new byte[] {1});
            writer.write(new byte[] {2});
            writer.close();
            final List<Long> positions = new ArrayList<>();
            final ReaderRunner runner = ReaderRunner.controlled(reader, (b, o, l, p) ->
            {
                positions.add(p);
                return positions.size() == 1 ? ControlledRecordHandler.Action.ABORT :
                    ControlledRecordHandler.Action.CONTINUE;
            }, 10, new BusySpinIdleStrategy());
            runner.run();
            assertThat(runner.stopReason()).isEqualTo(ReaderRunner.StopReason.EXHAUSTED);
            assertThat(positions).as("the aborted record comes again").containsExactly(8L, 8L, 24L);
        }
    }

    @Test
    void shouldEndOnInterruptAndLeaveTheFlagSet()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            final ReaderRunner runner = new ReaderRunner(reader, (b, o, l, p) -> { }, 10, new BusySpinIdleStrategy());
            Thread.currentThread().interrupt();
            runner.run();
            assertThat(Thread.interrupted()).isTrue();
            assertThat(runner.stopReason()).isEqualTo(ReaderRunner.StopReason.INTERRUPTED);
        }
    }

    @Test
    void shouldRejectAnInvalidBatch()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL))
        {
            assertThatThrownBy(() -> new ReaderRunner(reader, (b, o, l, p) -> { }, 0, new BusySpinIdleStrategy()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxRecords must be at least 1: maxRecords=0");
        }
    }

    @Test
    void shouldDrainAndSkipToTheEndCountingRecords()
    {
        try (Writer writer = create(); Reader reader = Kekbit.shmReader(root, CHANNEL);
            Reader second = Kekbit.shmReader(root, CHANNEL))
        {
            for (int i = 0; i < 3000; i++)
            {
                writer.write(new byte[] {(byte)i});
            }
            writer.heartbeat();
            assertThat(Readers.skipToEnd(reader)).as("records, not heartbeats").isEqualTo(3000);
            assertThat(reader.position()).isEqualTo(writer.writeOffset());
            assertThat(reader.exhausted()).isNull();
            final AtomicInteger seen = new AtomicInteger();
            assertThat(Readers.drain(second, (b, o, l, p) -> seen.incrementAndGet())).isEqualTo(writer.writeOffset());
            assertThat(seen).hasValue(3000);
            writer.close();
            assertThat(Readers.skipToEnd(reader)).isZero();
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
        }
    }

    @Test
    void shouldWaitForAChannelCreatedLater() throws Exception
    {
        final Thread creator = new Thread(() ->
        {
            try
            {
                Thread.sleep(100);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            create().close();
        });
        creator.start();
        try (Reader reader = Kekbit.awaitShmReader(root, CHANNEL, Duration.ofSeconds(30),
            new SleepingIdleStrategy(1_000_000L), null))
        {
            assertThat(reader).isNotNull();
            assertThat(reader.header().channelId()).isEqualTo(CHANNEL);
        }
        creator.join();
    }

    @Test
    void shouldGiveUpAtTheDeadlineWithTheLastError()
    {
        assertThatThrownBy(() -> Kekbit.awaitShmReader(root, 77, Duration.ofMillis(30),
            new SleepingIdleStrategy(1_000_000L), null))
            .isInstanceOf(ChannelException.class)
            .satisfies(ex -> assertThat(((ChannelException)ex).reason()).isEqualTo(ChannelError.STORAGE_NOT_FOUND));
    }

    @Test
    void shouldReturnNullWhenCancelled()
    {
        final AtomicBoolean cancel = new AtomicBoolean();
        final AtomicInteger asked = new AtomicInteger();
        final Reader reader = Kekbit.awaitShmReader(root, 77, null, new SleepingIdleStrategy(1_000_000L), () ->
        {
            if (asked.incrementAndGet() == 3)
            {
                cancel.set(true);
            }
            return cancel.get();
        });
        assertThat(reader).isNull();
        assertThat(asked).hasValue(3);
    }
}
