package io.kekbit.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.kekbit.core.Kekbit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second instance of an application, in another JVM, on the channel (or journal) of a live first instance fails to
 * start with a report naming the channel and the first instance's process id, even with {@code on-existing=recreate};
 * the first instance keeps writing and its listeners keep receiving.
 */
class SecondInstanceTests
{
    @TempDir
    Path root;

    @Test
    void shouldRefuseASecondInstanceOnALiveFixedChannelEvenWithRecreate() throws Exception
    {
        assertSecondInstanceRefused(Kekbit.storagePath(root, 1001).toString(),
            "--kekbit.writers.orders.channel-id=1001", "--kekbit.writers.orders.on-existing=recreate",
            "--kekbit.readers.orders.channel-id=1001");
    }

    @Test
    void shouldRefuseASecondInstanceOnALiveJournalEvenWithRecreate() throws Exception
    {
        assertSecondInstanceRefused("0000_03e9", "--kekbit.writers.orders.channel-id=1001",
            "--kekbit.writers.orders.roll.enabled=true", "--kekbit.writers.orders.on-existing=recreate",
            "--kekbit.writers.orders.capacity=64KB", "--kekbit.writers.orders.max-message-length=256B",
            "--kekbit.readers.orders.channel-id=1001", "--kekbit.readers.orders.roll=true");
    }

    private void assertSecondInstanceRefused(final String channel, final String... properties) throws Exception
    {
        try (AppJvm first = AppJvm.start(root, properties))
        {
            first.awaitLine("STARTED", AppJvm.STARTUP);
            first.send("send 0 10");
            first.awaitLine("GOT order-9", AppJvm.STARTUP);
            try (AppJvm second = AppJvm.start(root, properties))
            {
                assertThat(second.waitFor(AppJvm.STARTUP)).isNotZero();
                assertThat(second.output())
                    .contains("APPLICATION FAILED TO START")
                    .contains("kekbit could not start writer 'orders' (kekbit.writers.orders)")
                    .contains(channel)
                    .contains("is written by a live writer: process " + first.pid())
                    .contains("Stop the other instance (process " + first.pid() + ")")
                    .doesNotContain("\tat io.kekbit");
            }
            assertThat(first.isAlive()).isTrue();
            first.send("send 10 20");
            first.awaitLine("GOT order-19", AppJvm.STARTUP);
            first.awaitLine("REPLAY order-19", AppJvm.STARTUP);
        }
    }
}
