package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.journal.Journal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the shaded {@code kekbit-cli.jar} and the {@code kekbit} launcher as real processes, after {@code package}.
 */
class ShadedJarIT
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException
    {
        for (final Process process : processes)
        {
            if (process.isAlive())
            {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Path jar()
    {
        final Path jar = Path.of(System.getProperty("kekbit.cli.jar", "target/kekbit-cli.jar"));
        assertThat(jar).as("shaded jar (run mvn package first)").isRegularFile();
        return jar;
    }

    private static String currentJava()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The running JDK, plus the Java 17 runtime named by {@code KEKBIT_JDK17} (or {@code -Dkekbit.test.jdk17}), a JDK
     * home, when set: the jar targets Java 17. {@code .ci/run} sets it.
     */
    static Stream<String> javas()
    {
        final List<String> javas = new ArrayList<>(List.of(currentJava()));
        final String jdk17 = System.getProperty("kekbit.test.jdk17", System.getenv("KEKBIT_JDK17"));
        if (jdk17 != null && !jdk17.isBlank())
        {
            javas.add(Path.of(jdk17, "bin", "java").toString());
        }
        return javas.stream();
    }

    private Process start(final List<String> command, final String name) throws IOException
    {
        final ProcessBuilder builder = new ProcessBuilder(command)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .redirectError(dir.resolve(name + ".err").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process process = builder.start();
        processes.add(process);
        return process;
    }

    private Result run(final List<String> command, final String name, final String stdin)
        throws IOException, InterruptedException
    {
        final Process process = start(command, name);
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(name + " finished").isTrue();
        return new Result(process.exitValue(), lines(name + ".out"), lines(name + ".err"));
    }

    private List<String> lines(final String file) throws IOException
    {
        final Path path = dir.resolve(file);
        return Files.exists(path) ? Files.readAllLines(path, StandardCharsets.UTF_8) : List.of();
    }

    private static List<String> java(final String java, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of(java, "-jar", jar().toString()));
        command.addAll(List.of(args));
        return command;
    }

    @ParameterizedTest
    @MethodSource("javas")
    void shouldDumpTheGoldenChannelWithJavaDashJar(final String java) throws Exception
    {
        final Result result = run(java(java, "dump", Golden.root("closed-text").toString(), "42", "--max", "2"),
            "dump", "");
        assertThat(result.exitCode).as(result.toString()).isZero();
        assertThat(result.out).containsExactly("8\t5\tThere", "24\t3\tare", "END\tMAX");
        assertThat(result.err).isEmpty();
        final Result header = run(java(java, "header", Golden.file("binary-max").toString()), "header", "");
        assertThat(header.exitCode).as(header.toString()).isZero();
        assertThat(header.out).contains("max_message_length  312", "tick_unit           millis (id 3)");
    }

    @Test
    void shouldWriteAndDumpThroughTheLauncherScript() throws Exception
    {
        final String launcher = System.getProperty("kekbit.cli.launcher", "kekbit");
        final Path root = dir.resolve("root");
        final Result write = run(List.of(launcher, "write", root.toString(), "0x2a", "--capacity", "16KB"),
            "write", "héllo\nwörld\n");
        assertThat(write.exitCode).as(write.toString()).isZero();
        assertThat(write.out).containsExactly(
            "wrote 2 records to " + Kekbit.storagePath(root, 42) + ", write position 40, closed");
        final Result dump = run(List.of(launcher, "dump", root.toString(), "42"), "dump", "");
        assertThat(dump.out).containsExactly("8\t6\théllo", "24\t6\twörld", "END\tCLOSED");
        final Result bad = run(List.of(launcher, "dump", root.toString(), "43"), "bad", "");
        assertThat(bad.exitCode).isEqualTo(ExitCodes.ERROR);
        assertThat(bad.err).containsExactly("kekbit dump: unknown channel 43 (0x000000000000002b): no file " +
            Kekbit.storagePath(root, 43));
        final Result usage = run(List.of(launcher, "stat"), "usage", "");
        assertThat(usage.exitCode).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err).containsExactly("kekbit stat: Missing required parameter: 'ROOT'",
            "Try 'kekbit stat --help' for more information.");
    }

    @Test
    void shouldTailAChannelWrittenByAnotherProcess() throws Exception
    {
        final Path root = dir.resolve("root");
        Files.createDirectories(root);
        final Process tail = start(java(currentJava(), "tail", root.toString(), "7"), "tail");
        await().atMost(WAIT).until(() -> !lines("tail.err").isEmpty());
        assertThat(lines("tail.err")).containsExactly(
            "kekbit tail: waiting for channel 7 (0x0000000000000007) at " + Kekbit.storagePath(root, 7));
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 7, 0, 100, Duration.ofMinutes(5), TickUnit.MILLIS)))
        {
            writer.write("first".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> lines("tail.out").contains("8\t5\tfirst"));
            writer.write("second".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(tail.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(tail.exitValue()).isZero();
        assertThat(lines("tail.out")).containsExactly("8\t5\tfirst", "24\t6\tsecond", "END\tCLOSED");
    }

    @Test
    void shouldDumpAJournalAcrossSegmentsWithJavaDashJar() throws Exception
    {
        final Path root = dir.resolve("root");
        JournalFixture.writeClosed(root, 7, 1500);
        final List<String> expected = JournalFixture.textLines(JournalFixture.records(root, 7));
        expected.add("END\tWATERMARK");
        final Result dump = run(java(currentJava(), "dump", root.toString(), "7", "--journal"), "journal-dump", "");
        assertThat(dump.exitCode).as(dump.toString()).isZero();
        assertThat(dump.out).hasSize(1501).containsExactlyElementsOf(expected);
        assertThat(dump.out.get(1000)).startsWith("1:");
        final Result list = run(java(currentJava(), "journal", root.toString(), "7"), "journal-list", "");
        assertThat(list.exitCode).as(list.toString()).isZero();
        assertThat(list.out).contains("writer     FREE (no process holds journal.lock)",
            "segments   3 (0..2), 1500 records, 36024 bytes written");
        try (DurablePosition audit = Journal.durablePosition(root, 7, "audit"))
        {
            audit.set(8);
        }
        final Result retention = run(java(currentJava(), "journal", root.toString(), "7", "--apply-retention",
            "--max-segments", "1", "--delete-unread"), "journal-retention", "");
        assertThat(retention.exitCode).as(retention.toString()).isEqualTo(ExitCodes.ERROR);
        assertThat(retention.out).first().isEqualTo(
            "retention  deleted 2 segments, 2 of them unread by a durable reader (--delete-unread)");
        assertThat(retention.err).containsExactly(
            "kekbit: WARNING: forced retention deleted segment 0 of journal 7 that durable reader(s) [audit] had " +
                "not finished; they will report the gap as an error",
            "kekbit: WARNING: forced retention deleted segment 1 of journal 7 that durable reader(s) [audit] had " +
                "not finished; they will report the gap as an error",
            "kekbit journal: durable reader audit of journal 7 (0x00000007): position 0:8 is in deleted segment 0: " +
                "the reader will report a gap");
    }

    private static final class Result
    {
        final int exitCode;
        final List<String> out;
        final List<String> err;

        Result(final int exitCode, final List<String> out, final List<String> err)
        {
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString()
        {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", out) + "\n--- stderr\n" +
                String.join(File.separator.equals("/") ? "\n" : "\r\n", err);
        }
    }
}
