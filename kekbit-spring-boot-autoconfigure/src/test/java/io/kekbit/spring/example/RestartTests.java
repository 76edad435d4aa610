package io.kekbit.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example application ({@link ExampleApp}) restarted in real JVMs, gracefully (SIGTERM) and with
 * SIGKILL: records written before and after each restart stay readable (a listener starting from the beginning
 * sees each once, in order) and the durable listener continues where it stopped, receiving again at most one poll's
 * records after SIGKILL and none after a graceful stop.
 */
class RestartTests
{
    private static final int POLL = 16;

    @TempDir
    Path root;

    @Test
    void shouldKeepRecordsAndPositionsOfTheReadmeExampleAcrossGracefulAndKilledRestarts() throws Exception
    {
        final String[] journal = {"--kekbit.writers.orders.channel-id=1001", "--kekbit.writers.orders.capacity=64KB",
            "--kekbit.writers.orders.max-message-length=256B", "--kekbit.writers.orders.roll.enabled=true",
            "--kekbit.readers.orders.channel-id=1001", "--kekbit.readers.orders.roll=true",
            "--kekbit.readers.orders.start-from=durable", "--kekbit.listener.max-records-per-poll=" + POLL};
        final List<String> received = new ArrayList<>();

        final AppJvm first = run(journal, 0, 400, received);
        try (first)
        {
            first.terminate();
        }
        final AppJvm second = run(journal, 400, 800, received);
        try (second)
        {
            second.kill();
        }
        final AppJvm third = run(journal, 800, 1200, received);
        try (third)
        {
            third.terminate();
        }
        assertDurableDelivery(received, 1200, 1);
    }

    @Test
    void shouldResumeAFixedChannelAfterSigkillAndReportOneClosedByAGracefulStop() throws Exception
    {
        final String[] fixed = {"--kekbit.writers.orders.channel-id=1001", "--kekbit.writers.orders.capacity=1MB",
            "--kekbit.readers.orders.channel-id=1001", "--kekbit.listener.max-records-per-poll=" + POLL};
        final List<String> received = new ArrayList<>();
        final AppJvm first = run(fixed, 0, 300, received);
        try (first)
        {
            first.kill();
        }
        final AppJvm second = run(fixed, 300, 600, received);
        try (second)
        {
            assertThat(second.output()).contains("writer 'orders' resumed channel 0x3e9");
            second.terminate();
        }
        assertDurableDelivery(received, 600, 0);

        final byte[] closed = Files.readAllBytes(Kekbit.storagePath(root, 1001));
        try (AppJvm third = AppJvm.start(root, fixed))
        {
            assertThat(third.waitFor(AppJvm.STARTUP)).isNotZero();
            assertThat(third.output())
                .contains("APPLICATION FAILED TO START")
                .contains("kekbit could not start writer 'orders' (kekbit.writers.orders)")
                .contains("was closed by its previous writer")
                .contains("kekbit.writers.orders.roll.enabled=true")
                .contains("kekbit.writers.orders.on-existing=recreate");
        }
        assertThat(Files.readAllBytes(Kekbit.storagePath(root, 1001))).as("records kept").isEqualTo(closed);
        assertThat(readChannel()).hasSize(600);
    }

    /**
     * Runs one instance: waits for startup, sends {@code order-<from>} to {@code order-<to - 1>}, waits until both
     * listeners have them, and checks that the listener reading from the beginning saw every record so far once.
     */
    private AppJvm run(final String[] properties, final int from, final int to, final List<String> received)
        throws InterruptedException
    {
        final AppJvm app = AppJvm.start(root, properties);
        try
        {
            app.awaitLine("STARTED", AppJvm.STARTUP);
            app.send("send " + from + " " + to);
            app.awaitLine("SENT " + to, AppJvm.STARTUP);
            app.awaitLine("GOT order-" + (to - 1), AppJvm.STARTUP);
            app.awaitLine("REPLAY order-" + (to - 1), AppJvm.STARTUP);
            final List<String> replayed = lines(app.output(), "REPLAY ");
            assertThat(replayed).as("records before and after the restarts, each once").isEqualTo(orders(0, to));
            received.addAll(lines(app.output(), "GOT "));
            return app;
        }
        catch (final RuntimeException | AssertionError | InterruptedException ex)
        {
            app.close();
            throw ex;
        }
    }

    /**
     * Every record was received in order; a record is received again only right after a SIGKILL, at most one poll's
     * worth per SIGKILL.
     */
    private static void assertDurableDelivery(final List<String> received, final int total, final int kills)
    {
        assertThat(received.stream().distinct().collect(Collectors.toList())).isEqualTo(orders(0, total));
        assertThat(received.size() - total).as("records received twice").isBetween(0, kills * POLL);
    }

    private List<String> readChannel()
    {
        final List<String> records = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, 1001))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                records.add(new String(bytes, StandardCharsets.UTF_8));
            }, 1000) > 0)
            {
                // Until CLOSE.
            }
        }
        return records;
    }

    private static List<String> lines(final String output, final String prefix)
    {
        return Arrays.stream(output.split("\n")).filter(line -> line.startsWith(prefix))
            .map(line -> line.substring(prefix.length())).collect(Collectors.toList());
    }

    private static List<String> orders(final int from, final int to)
    {
        return IntStream.range(from, to).mapToObj(i -> "order-" + i).collect(Collectors.toList());
    }
}
