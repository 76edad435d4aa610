package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatCommandTest
{
    private static final String HEADER =
        "CHANNEL             WRITER                  CAPACITY   WRITE_POS    USED    RECORDS  STATE";

    @TempDir
    Path root;

    private static Writer writer(final Path root, final long channelId, final Duration timeout)
    {
        return Kekbit.shmWriter(root, Header.of(9, channelId, 0, 100, timeout, TickUnit.MILLIS));
    }

    private static void write(final Writer writer, final String... texts)
    {
        for (final String text : texts)
        {
            assertThat(writer.write(text.getBytes(StandardCharsets.UTF_8))).isPositive();
        }
    }

    private void durable(final long channelId, final String name, final long position)
    {
        try (DurablePosition durable = DurablePosition.open(root, channelId, name))
        {
            durable.set(position);
        }
    }

    /**
     * A durable position file that is a symbolic link is reported, not followed (its target is not read).
     */
    @Test
    void shouldNotFollowADurablePositionThatIsALink() throws IOException
    {
        try (Writer writer = writer(root, 1, Duration.ofSeconds(30)))
        {
            write(writer, "a");
        }
        final Path target = Files.write(root.resolve("target"), new byte[8]);
        final Path link = Kekbit.storagePath(root, 1).resolveSibling("0000_0001.evil.position");
        Files.createSymbolicLink(link, target);
        final Cli cli = Cli.run("stat", root.toString(), "1");
        assertThat(cli.outLines()).as(cli.toString()).anySatisfy(line -> assertThat(line)
            .contains("reader evil: could not read durable position file " + link)
            .contains("is a symbolic link"));
    }

    /**
     * A channel file that is a symbolic link is reported INVALID, not followed.
     */
    @Test
    void shouldNotFollowAChannelFileThatIsALink() throws IOException
    {
        try (Writer writer = writer(root, 1, Duration.ofSeconds(30)))
        {
            write(writer, "a");
        }
        final Path link = Kekbit.storagePath(root, 2);
        Files.createSymbolicLink(link, Kekbit.storagePath(root, 1));
        final Cli cli = Cli.run("stat", root.toString(), "2");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.outLines()).as(cli.toString()).containsExactly(HEADER,
            "0x0000000000000002  -                              -           -       -          -  INVALID");
        assertThat(cli.errLines()).containsExactly("kekbit stat: channel file " + link + " is a symbolic link; " +
            "kekbit does not follow links to files it writes or inspects");
    }

    @Test
    void shouldSummarizeGoldenChannels()
    {
        final Cli closed = Cli.run("stat", Golden.root("closed-text").toString());
        assertThat(closed.exitCode()).as(closed.toString()).isZero();
        assertThat(closed.outLines()).containsExactly(HEADER,
            "0x000000000000002a  1850                       16384         232    1.4%         14  CLOSED");
        // The crate's file ends inside the record at 15464 (its files store 864 bytes less than their data area):
        // we count only what the file holds, and a record we cannot see is an error, not zeros.
        final Cli full = Cli.run("stat", Golden.root("full").toString(), "42");
        assertThat(full.outLines()).containsExactly(HEADER,
            "0x000000000000002a  1850                       16384       15464   94.4%        138  CORRUPT");
        final Cli wide = Cli.run("stat", Golden.root("channel-id-wide").toString(), "--watch", "0s");
        assertThat(wide.outLines()).containsExactly(HEADER,
            "0x0001000200030004  1850                       16384          56    0.3%          3  CLOSED");
    }

    @Test
    void shouldShowStatesAndDurableReaderLag()
    {
        try (Writer closed = writer(root, 1, Duration.ofMinutes(5)))
        {
            write(closed, "a", "b", "c");
        }
        durable(1, "audit", 24);
        durable(1, "fresh", 0);
        durable(1, "broken", 16);
        writer(root, 0x1_0000_0000L, Duration.ofMinutes(5)).close();
        try (Writer open = writer(root, 2, Duration.ofMinutes(5));
            Writer abandoned = writer(root, 3, Duration.ofMillis(100)))
        {
            write(open, "x");
            write(abandoned, "y", "z");
            final Cli cli = Cli.run("stat", root.toString(), "--watch", "10s");
            assertThat(cli.exitCode()).as(cli.toString()).isZero();
            assertThat(cli.outLines()).containsExactly(HEADER,
                "0x0000000000000001  9                          16384          56    0.3%          3  CLOSED",
                "  reader audit: position 24, lag 32 bytes, 2 records",
                "  reader broken: position 16 is UNALIGNED in this channel",
                "  reader fresh: position 0, lag 56 bytes, 3 records",
                "0x0000000000000002  9                          16384          24    0.1%          1  OPEN",
                "0x0000000000000003  9                          16384          40    0.2%          2  ABANDONED",
                "0x0000000100000000  9                          16384           8    0.0%          0  CLOSED");
        }
    }

    @Test
    void shouldReportAnOpenChannelWhoseWriterSendsHeartbeats() throws InterruptedException
    {
        final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        try (Writer writer = writer(root, 5, Duration.ofSeconds(10)))
        {
            write(writer, "alive");
            heartbeats.scheduleAtFixedRate(writer::heartbeat, 0, 10, TimeUnit.MILLISECONDS);
            final Cli cli = Cli.run("stat", root.toString(), "5", "--watch", "60s", "--json");
            assertThat(cli.exitCode()).as(cli.toString()).isZero();
            assertThat(cli.out()).contains("\"state\":\"OPEN\"", "\"records\":1");
        }
        finally
        {
            heartbeats.shutdownNow();
            assertThat(heartbeats.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void shouldPrintJson()
    {
        try (Writer closed = writer(root, 1, Duration.ofSeconds(30)))
        {
            write(closed, "a", "b", "c");
        }
        durable(1, "audit", 24);
        durable(1, "broken", 16);
        final Cli cli = Cli.run("stat", root.toString(), "1", "--json");
        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).containsExactly("{\"channels\":[{\"channel_id\":1,\"channel_id_hex\":" +
            "\"0x0000000000000001\",\"path\":\"" + Kekbit.storagePath(root, 1) + "\",\"state\":\"CLOSED\"," +
            "\"writer_id\":9,\"capacity\":16384,\"max_message_length\":112,\"timeout_ms\":30000," +
            "\"write_position\":56,\"used_percent\":0.3,\"records\":3,\"readers\":[" +
            "{\"name\":\"audit\",\"position\":24,\"lag_bytes\":32,\"lag_records\":2}," +
            "{\"name\":\"broken\",\"error\":\"position 16 is UNALIGNED in this channel\",\"position\":16}]}]," +
            "\"journals\":[]}");
    }

    @Test
    void shouldReportInvalidAndNotReadyChannels() throws IOException
    {
        try (Writer closed = writer(root, 1, Duration.ofSeconds(30)))
        {
            write(closed, "a");
        }
        final Path invalid = Kekbit.storagePath(root, 2);
        Files.write(invalid, new byte[20_000]);
        final Path creating = Kekbit.storagePath(root, 3);
        Files.write(creating, new byte[20_000]);
        Files.write(creating.resolveSibling("0000_0003.lock"), new byte[0]);
        Files.write(root.resolve("0000_0000").resolve("notes.txt"), new byte[1]);
        final Cli cli = Cli.run("stat", root.toString());
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.outLines()).containsExactly(HEADER,
            "0x0000000000000001  9                          16384          24    0.1%          1  CLOSED",
            "0x0000000000000002  -                              -           -       -          -  INVALID",
            "0x0000000000000003  -                              -           -       -          -  NOT_READY");
        assertThat(cli.errLines()).containsExactly("kekbit stat: not a kekbit channel: INVALID_SIGNATURE: " +
            invalid + ": signature: expected 0x2a5449424b454b2a (*KEKBIT*), actual 0x0000000000000000");
    }

    @Test
    void shouldReportAMissingRootAnUnknownChannelAndAnEmptyRoot()
    {
        final Path missing = root.resolve("nope");
        final Cli noRoot = Cli.run("stat", missing.toString());
        assertThat(noRoot.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(noRoot.errLines()).containsExactly("kekbit stat: root folder not found: " + missing);
        final Cli unknown = Cli.run("stat", root.toString(), "0x63");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(unknown.errLines()).containsExactly("kekbit stat: unknown channel 99 (0x0000000000000063): " +
            "no file " + Kekbit.storagePath(root, 99));
        final Cli empty = Cli.run("stat", root.toString());
        assertThat(empty.exitCode()).isZero();
        assertThat(empty.outLines()).containsExactly(HEADER, "(no channels)");
        final Cli badWatch = Cli.run("stat", root.toString(), "--watch", "soon");
        assertThat(badWatch.exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
