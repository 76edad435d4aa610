package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class TailCommandTest
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    @RegisterExtension
    final TailThreads tails = new TailThreads();

    private static Header header(final long channelId, final Duration timeout)
    {
        return Header.of(1, channelId, 0, 100, timeout, TickUnit.MILLIS);
    }

    private static void write(final Writer writer, final String text)
    {
        assertThat(writer.write(text.getBytes(StandardCharsets.UTF_8))).isPositive();
    }

    @Test
    void shouldPrintRecordsWrittenAfterItStartedUntilTheChannelIsClosed()
    {
        final Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5)));
        write(writer, "before");
        final Cli tail = tails.start("tail", root.toString(), "42");
        await().atMost(WAIT).until(() -> tail.outLines().contains("8\t6\tbefore"));
        write(writer, "after");
        writer.heartbeat();
        write(writer, "tab\there");
        await().atMost(WAIT).until(() -> tail.outLines().size() == 3);
        writer.close();
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).as(tail.toString()).isZero();
        assertThat(tail.outLines()).containsExactly(
            "8\t6\tbefore", "24\t5\tafter", "48\t8\ttab\\there", "END\tCLOSED");
        assertThat(tail.err()).isEmpty();
    }

    /**
     * Another process ({@code truncate}) cuts the file under a live {@code tail} and a live writer: tail prints
     * {@code END FAILED} and a one-line error naming the file and that it shrank, the writer fails, and the JVM goes
     * on.
     */
    @Test
    void shouldEndWithFailedWhenAnotherProcessTruncatesTheFile() throws Exception
    {
        final Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5)));
        write(writer, "before");
        final Cli tail = tails.start("tail", root.toString(), "42", "--idle", "sleep-1ms");
        await().atMost(WAIT).until(() -> tail.outLines().contains("8\t6\tbefore"));
        final Path path = Kekbit.storagePath(root, 42);
        final Process truncate = new ProcessBuilder("truncate", "-s", "0", path.toString()).inheritIO().start();
        assertThat(truncate.waitFor()).isZero();
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).as(tail.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.outLines()).containsExactly("8\t6\tbefore", "END\tFAILED");
        assertThat(tail.errLines()).hasSize(1);
        assertThat(tail.errLines().get(0)).as(tail.toString()).startsWith("kekbit tail: channel file " + path +
            ": the file shrank below its capacity while open: it is now 0 bytes, ");
        // The writer's own check is in the core's TruncateWhileOpenTest. Here, once the JVM has compiled the write
        // path, the JDK may raise its InternalError at the thread's next safepoint after the write returned (see
        // Writer): the native calls after the write give it a place to surface inside the try.
        Throwable failure = null;
        try
        {
            writer.write("after".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 100; i++)
            {
                Thread.yield();
            }
        }
        catch (final ChannelException | InternalError ex)
        {
            failure = ex;
        }
        assertThat(failure).as("the write into the truncated file failed").satisfiesAnyOf(
            ex -> assertThat(ex).isInstanceOf(ChannelException.class).hasMessageStartingWith(
                "COULD_NOT_ACCESS_STORAGE: " + path + ": the file shrank below its capacity while open: it is " +
                "now 0 bytes, "),
            ex -> assertThat(ex).isInstanceOf(InternalError.class).hasMessageContaining("unsafe memory access"));
        // The same late InternalError may instead surface while close() unmaps (on the MappedByteBuffer path).
        assertThatThrownBy(writer::close).satisfiesAnyOf(
            ex -> assertThat(ex).isInstanceOfAny(ChannelException.class, KekbitException.class),
            ex -> assertThat(ex).isInstanceOf(InternalError.class).hasMessageContaining("unsafe memory access"));
        assertThat(writer.isClosed()).as("unmapped even so").isTrue();
    }

    @Test
    void shouldWaitForAChannelThatDoesNotExistYet()
    {
        final Cli tail = tails.start("tail", root.toString(), "0x2a", "--format", "json");
        final Path path = Kekbit.storagePath(root, 42);
        await().atMost(WAIT).until(() -> tail.errLines().contains(
            "kekbit tail: waiting for channel 42 (0x000000000000002a) at " + path));
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "hello");
            await().atMost(WAIT).until(() -> tail.outLines().size() == 1);
        }
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).isZero();
        assertThat(tail.outLines()).containsExactly(
            "{\"position\":8,\"length\":5,\"hex\":\"68656c6c6f\",\"text\":\"hello\"}", "{\"end\":\"CLOSED\"}");
    }

    /**
     * A lock file left by a creator that is no longer running (its process id, a finished process's) makes tail
     * fail at once with the stale lock named, as dump does, instead of waiting forever.
     */
    @Test
    void shouldReportAStaleLockAtOnce() throws Exception
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "hello");
        }
        final Process finished = new ProcessBuilder("true").start();
        assertThat(finished.waitFor()).isZero();
        final Path lock = StorageDescriptor.lockPath(root, 42);
        Files.write(lock, (finished.pid() + "\n").getBytes(StandardCharsets.US_ASCII));
        final Cli tail = tails.start("tail", root.toString(), "42");
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).as(tail.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.errLines()).containsExactly("kekbit tail: STORAGE_NOT_READY: " +
            Kekbit.storagePath(root, 42) + ": stale lock file " + lock + ": its creator, process " + finished.pid() +
            ", is no longer running; delete the lock (and the channel file, which may be incomplete) to recover");
        assertThat(tail.outLines()).isEmpty();
    }

    /**
     * With {@code --wait}, a channel whose file exists but whose lock file is not known to be stale is reported as
     * not ready, with the lock's description, never as a file that did not appear.
     */
    @Test
    void shouldSayANotReadyChannelWasNotReadyWithinTheWait() throws Exception
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "hello");
        }
        final Path lock = StorageDescriptor.lockPath(root, 42);
        Files.write(lock, new byte[0]);
        final Cli tail = tails.start("tail", root.toString(), "42", "--wait", "300ms");
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).as(tail.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.errLines()).hasSize(2);
        assertThat(tail.errLines().get(1)).startsWith("kekbit tail: channel 42 (0x000000000000002a) was not ready " +
            "within PT0.3S: STORAGE_NOT_READY: " + Kekbit.storagePath(root, 42) + ": lock file " + lock +
            " exists, empty (no creator recorded), and no process holds it");
    }

    @Test
    void shouldStartAtTheEndWithFromEnd()
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "old1");
            write(writer, "old2");
            final Cli tail = tails.start("tail", root.toString(), "42", "--from", "end", "--max", "1");
            // The tail may skip some "new" records if it reaches the end after they were written, never "old" ones.
            await().atMost(WAIT).until(() ->
            {
                write(writer, "new");
                return tail.exitCode() >= 0;
            });
            assertThat(tail.exitCode()).isZero();
            assertThat(tail.outLines()).hasSize(2).endsWith("END\tMAX");
            assertThat(tail.outLines().get(0)).matches("\\d+\t3\tnew");
            assertThat(Long.parseLong(tail.outLines().get(0).split("\t")[0])).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void shouldPrintOnlyTheEndOfAClosedChannelWithFromEnd()
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "old");
        }
        final Cli cli = Cli.run("tail", root.toString(), "42", "--from", "end");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.outLines()).containsExactly("END\tCLOSED");
    }

    @Test
    void shouldStartAtAGivenPosition()
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "a");
            write(writer, "b");
        }
        final Cli tail = tails.start("tail", root.toString(), "42", "--from", "24");
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.outLines()).containsExactly("24\t1\tb", "END\tCLOSED");
    }

    @Test
    void shouldStopWhenTheWriterTimesOut()
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMillis(200))))
        {
            write(writer, "last words");
            final Cli tail = tails.start("tail", root.toString(), "42", "--idle", "sleep-5ms");
            await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
            assertThat(tail.exitCode()).isZero();
            assertThat(tail.outLines()).containsExactly("8\t10\tlast words", "END\tTIMEOUT");
        }
    }

    @Test
    void shouldStopWhenInterrupted() throws InterruptedException
    {
        try (Writer writer = Kekbit.shmWriter(root, header(42, Duration.ofMinutes(5))))
        {
            write(writer, "x");
            final Cli tail = tails.start("tail", root.toString(), "42");
            await().atMost(WAIT).until(() -> tail.outLines().size() == 1);
            tails.thread(0).interrupt();
            tails.thread(0).join(WAIT.toMillis());
            assertThat(tail.exitCode()).isZero();
            assertThat(tail.outLines()).containsExactly("8\t1\tx");
        }
    }

    @Test
    void shouldGiveUpWaitingAfterWait()
    {
        final Cli tail = tails.start("tail", root.toString(), "42", "--wait", "100ms");
        await().atMost(WAIT).until(() -> tail.exitCode() >= 0);
        assertThat(tail.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(tail.errLines()).containsExactly(
            "kekbit tail: waiting for channel 42 (0x000000000000002a) at " + Kekbit.storagePath(root, 42),
            "kekbit tail: channel 42 (0x000000000000002a) did not appear within PT0.1S: no file " +
                Kekbit.storagePath(root, 42));
    }

    @Test
    void shouldReportAMissingRootAndBadOptions()
    {
        final Path missing = root.resolve("nope");
        final Cli cli = Cli.run("tail", missing.toString(), "42");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).containsExactly("kekbit tail: root folder not found: " + missing);
        final Cli from = Cli.run("tail", root.toString(), "42", "--from", "start");
        assertThat(from.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(from.errLines()).first().isEqualTo(
            "kekbit tail: Invalid value for option '--from': 'start' (expected a position >= 0 or 'end')");
        final Cli idle = Cli.run("tail", root.toString(), "42", "--idle", "nap");
        assertThat(idle.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(idle.errLines()).first().asString().startsWith(
            "kekbit tail: Invalid value for option '--idle': unknown idle strategy");
    }

    @Test
    void shouldReportABadSignatureInsteadOfWaiting() throws Exception
    {
        final Path file = Kekbit.storagePath(root, 42);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.write(file, new byte[20_000]);
        final Cli cli = Cli.run("tail", root.toString(), "42");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(cli.errLines()).singleElement().asString()
            .startsWith("kekbit tail: not a kekbit channel: INVALID_SIGNATURE: " + file);
    }
}
