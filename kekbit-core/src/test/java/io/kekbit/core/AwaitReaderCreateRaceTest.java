package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.idle.BusySpinIdleStrategy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reader waiting for a channel while its writer creates it, in the same process: the reader polls as fast as it can
 * so that some attempts land inside the creation (after the lock file check, before the header's signature is
 * written). Every wait must end with a reader on the complete channel, never with an error about a header that is
 * still being written. Rounds: system property {@code kekbit.race.rounds} (default 300).
 */
class AwaitReaderCreateRaceTest
{
    @TempDir
    Path root;

    @Test
    @SuppressWarnings("try") // the writer is held open while the reader's result is checked
    void aReaderWaitingDuringCreationGetsTheCompleteChannel()
        throws InterruptedException, ExecutionException, TimeoutException
    {
        final int rounds = Integer.getInteger("kekbit.race.rounds", 300);
        for (int round = 0; round < rounds; round++)
        {
            final long channelId = 1_000 + round;
            final CountDownLatch polling = new CountDownLatch(1);
            final CompletableFuture<Header> opened = CompletableFuture.supplyAsync(() ->
            {
                polling.countDown();
                try (Reader reader = Kekbit.awaitShmReader(root, channelId, Duration.ofSeconds(30),
                    new BusySpinIdleStrategy(), null))
                {
                    return reader.header();
                }
            });
            assertThat(polling.await(30, TimeUnit.SECONDS)).isTrue();
            try (Writer writer = Kekbit.shmWriter(root, Header.of(7, channelId, 4096, 128, 1000, TickUnit.MILLIS)))
            {
                assertThat(opened.get(30, TimeUnit.SECONDS).channelId()).as("round %d", round).isEqualTo(channelId);
            }
        }
    }
}
