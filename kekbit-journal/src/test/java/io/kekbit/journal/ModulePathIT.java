package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kekbit.core.Writer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jars as JPMS modules (issue 18, section 2): a small application module, {@code kekbit.app}, is compiled
 * with {@code javac} and run with {@code java} on the module path against {@code kekbit-core.jar} and
 * {@code kekbit-journal.jar}, on Java 17 and on Java 25, with no JVM flags.
 * <ul>
 *   <li>It writes a channel through a claim and reads it back, and writes and reads a journal (the journal reaches
 *   the core's {@code layout} package through the qualified export), with nothing on stderr.</li>
 *   <li>Source that imports {@code io.kekbit.core.internal}, {@code layout} or {@code shm} does not compile: javac
 *   names each package as not exported to it.</li>
 *   <li>A class compiled against {@code internal} (with {@code --add-exports} at compile time only) fails at run time
 *   with {@link IllegalAccessError}, and reflection on {@code layout} with {@link IllegalAccessException}.</li>
 *   <li>The same jars on the class path run the same application with no flags and nothing on stderr (where the
 *   internal packages are reachable: module boundaries exist only on the module path).</li>
 * </ul>
 * Runs after packaging ({@code mvn verify}). The Java 17 JDK comes from the system property {@code kekbit.test.jdk17}
 * or the environment variable {@code KEKBIT_JDK17} (a JDK home or its {@code bin/java}), else the running JDK when it
 * is Java 17; the Java 25 JDK from {@code kekbit.test.jdk25} or {@code KEKBIT_JDK25}, else the running JDK when it is
 * 25 or newer. A JDK that is not found is skipped with a message naming the property.
 */
class ModulePathIT
{
    private static final long TIMEOUT_SECONDS = 120;

    private static final String APP_MODULE = """
        module kekbit.app
        {
            requires io.kekbit.journal;
        }
        """;

    private static final String APP = """
        package demo;

        import io.kekbit.core.Claim;
        import io.kekbit.core.Header;
        import io.kekbit.core.Kekbit;
        import io.kekbit.core.Reader;
        import io.kekbit.core.TickUnit;
        import io.kekbit.core.Writer;
        import io.kekbit.journal.Journal;
        import io.kekbit.journal.JournalConfig;
        import io.kekbit.journal.JournalReader;
        import io.kekbit.journal.JournalWriter;

        import java.nio.charset.StandardCharsets;
        import java.nio.file.Path;

        public final class App
        {
            public static void main(final String[] args) throws Exception
            {
                final Path root = Path.of(args[0]);
                try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 5, 1 << 16, 1024, 60_000, TickUnit.MILLIS));
                    Reader reader = Kekbit.shmReader(root, 5))
                {
                    final Claim claim = new Claim();
                    writer.tryClaim(5, claim);
                    claim.buffer().putBytes(0, "hello".getBytes(StandardCharsets.US_ASCII));
                    claim.commit();
                    final StringBuilder seen = new StringBuilder();
                    reader.read((buffer, offset, length, position) ->
                    {
                        final byte[] bytes = new byte[length];
                        buffer.get(offset, bytes);
                        seen.append(new String(bytes, StandardCharsets.US_ASCII));
                    }, 10);
                    System.out.println("CHANNEL " + seen);
                }
                final JournalConfig config = JournalConfig.builder(3).segmentCapacity(1 << 16).maxMessageLength(1024)
                    .preallocatedSegments(1).build();
                try (JournalWriter writer = Journal.writer(root, config))
                {
                    writer.write("journal".getBytes(StandardCharsets.US_ASCII));
                }
                try (JournalReader reader = Journal.reader(root, 3))
                {
                    final int[] bytes = new int[1];
                    reader.read((buffer, offset, length, position) -> bytes[0] += length, 10);
                    System.out.println("JOURNAL " + bytes[0]);
                }
                System.out.println("MEMORY " + (Kekbit.maxCapacity() > Integer.MAX_VALUE ? "ffm" : "buffer"));
                try
                {
                    System.out.println("INTERNAL reachable " + (Sneak.maxMappingSize() > 0));
                }
                catch (final IllegalAccessError ex)
                {
                    System.out.println("INTERNAL " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
                }
                try
                {
                    Class.forName("io.kekbit.core.layout.RecordDescriptor").getMethod("recordSize", long.class)
                        .invoke(null, 1L);
                    System.out.println("LAYOUT reachable");
                }
                catch (final IllegalAccessException ex)
                {
                    System.out.println("LAYOUT " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
                }
            }
        }
        """;

    private static final String SNEAK = """
        package demo;

        final class Sneak
        {
            static long maxMappingSize()
            {
                return io.kekbit.core.internal.MappedMemories.maxMappingSize();
            }
        }
        """;

    private static final String BAD_MODULE = """
        module kekbit.bad
        {
            requires io.kekbit.journal;
        }
        """;

    private static final String BAD = """
        package bad;

        public final class Bad
        {
            public static void main(final String[] args)
            {
                System.out.println(io.kekbit.core.internal.MappedMemories.IMPLEMENTATION);
                System.out.println(io.kekbit.core.layout.RecordDescriptor.LENGTH_WORD);
                System.out.println(io.kekbit.core.shm.ShmChannels.OWNER_ONLY);
            }
        }
        """;

    private static Path coreJar;
    private static Path journalJar;

    @TempDir
    Path work;

    @BeforeAll
    static void jars() throws URISyntaxException
    {
        coreJar = Path.of(Writer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        journalJar = Path.of(System.getProperty("kekbit.journal.jar", "target/kekbit-journal.jar"));
        assertThat(journalJar).as("kekbit-journal jar (run by mvn verify, after package)").isRegularFile();
        assertThat(coreJar.toString()).as("kekbit-core resolved as a jar (build with -am)").endsWith(".jar");
    }

    @Test
    void shouldEnforceTheBoundariesOnJava17()
    {
        checkBoundaries(jdk("kekbit.test.jdk17", "KEKBIT_JDK17", 17), 17, "buffer");
    }

    @Test
    void shouldEnforceTheBoundariesOnJava25()
    {
        checkBoundaries(jdk("kekbit.test.jdk25", "KEKBIT_JDK25", 25), 25, "ffm");
    }

    private void checkBoundaries(final Path jdk, final int feature, final String memory)
    {
        final String modulePath = coreJar + File.pathSeparator + journalJar;
        final Path dir = work.resolve("jdk" + feature);

        final Path bad = write(dir.resolve("bad-src"), BAD_MODULE, "bad/Bad.java", BAD);
        final Run refused = run(dir, tool(jdk, "javac"), "-p", modulePath, "-d", dir.resolve("bad-out").toString(),
            bad.resolve("module-info.java").toString(), bad.resolve("bad/Bad.java").toString());
        assertThat(refused.exit).as("javac of a module using internal packages\n%s", refused).isNotZero();
        for (final String hidden : List.of("internal", "layout", "shm"))
        {
            assertThat(refused.stderr).as(refused.toString()).contains(
                "package io.kekbit.core." + hidden + " is declared in module io.kekbit.core, which does not export it");
        }

        final Path app = write(dir.resolve("app-src"), APP_MODULE, "demo/App.java", APP);
        writeFile(app.resolve("demo/Sneak.java"), SNEAK);
        final Path classes = dir.resolve("app-out");
        final Run compiled = run(dir, tool(jdk, "javac"), "-p", modulePath, "-d", classes.toString(),
            "--add-exports", "io.kekbit.core/io.kekbit.core.internal=kekbit.app",
            app.resolve("module-info.java").toString(), app.resolve("demo/App.java").toString(),
            app.resolve("demo/Sneak.java").toString());
        assertThat(compiled.exit).as(compiled.toString()).isZero();

        final Run onModulePath = run(dir, tool(jdk, "java"), "-p", modulePath + File.pathSeparator + classes,
            "-m", "kekbit.app/demo.App", dir.resolve("channels-mp").toString());
        assertThat(onModulePath.exit).as(onModulePath.toString()).isZero();
        assertThat(onModulePath.stderr).as("no warnings on the module path\n%s", onModulePath).isEmpty();
        assertThat(onModulePath.stdout.lines()).as(onModulePath.toString()).containsExactly(
            "CHANNEL hello",
            "JOURNAL 7",
            "MEMORY " + memory,
            "INTERNAL IllegalAccessError: class demo.Sneak (in module kekbit.app) cannot access class " +
                "io.kekbit.core.internal.MappedMemories (in module io.kekbit.core) because module io.kekbit.core " +
                "does not export io.kekbit.core.internal to module kekbit.app",
            "LAYOUT IllegalAccessException: class demo.App (in module kekbit.app) cannot access class " +
                "io.kekbit.core.layout.RecordDescriptor (in module io.kekbit.core) because module io.kekbit.core " +
                "does not export io.kekbit.core.layout to module kekbit.app");

        final Run onClassPath = run(dir, tool(jdk, "java"), "-cp", modulePath + File.pathSeparator + classes,
            "demo.App", dir.resolve("channels-cp").toString());
        assertThat(onClassPath.exit).as(onClassPath.toString()).isZero();
        assertThat(onClassPath.stderr).as("no warnings on the class path\n%s", onClassPath).isEmpty();
        assertThat(onClassPath.stdout.lines()).as(onClassPath.toString()).containsExactly(
            "CHANNEL hello", "JOURNAL 7", "MEMORY " + memory, "INTERNAL reachable true", "LAYOUT reachable");
        System.out.println("ModulePathIT: JDK " + feature + " " + jdk + ": module path and class path checked");
    }

    /**
     * The JDK home named by a system property or an environment variable (a home or its {@code bin/java}), else the
     * running JDK when it is that release (or, for 25, newer). Skips the test, naming both, when there is none.
     */
    private static Path jdk(final String property, final String variable, final int feature)
    {
        String value = System.getProperty(property);
        if (value == null || value.isBlank())
        {
            value = System.getenv(variable);
        }
        final int running = Runtime.version().feature();
        if ((value == null || value.isBlank()) && (running == feature || feature == 25 && running >= 25))
        {
            value = System.getProperty("java.home");
        }
        assumeTrue(value != null && !value.isBlank(),
            "no Java " + feature + " JDK given: set the system property " + property + " or the environment variable " +
                variable + " to a JDK " + feature + " home");
        Path home = Path.of(value.trim());
        if (!Files.isDirectory(home) && home.getFileName().toString().equals("java"))
        {
            home = home.getParent().getParent();
        }
        assertThat(home.resolve("bin").resolve("javac")).as("javac of the JDK in %s/%s", property, variable)
            .isExecutable();
        return home;
    }

    private static String tool(final Path jdk, final String name)
    {
        return jdk.resolve("bin").resolve(name).toString();
    }

    private static Path write(final Path dir, final String module, final String file, final String source)
    {
        writeFile(dir.resolve("module-info.java"), module);
        writeFile(dir.resolve(file), source);
        return dir;
    }

    private static void writeFile(final Path path, final String text)
    {
        try
        {
            Files.createDirectories(path.getParent());
            Files.writeString(path, text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static Run run(final Path dir, final String... command)
    {
        try
        {
            Files.createDirectories(dir);
            final Path out = Files.createTempFile(dir, "out", ".txt");
            final Path err = Files.createTempFile(dir, "err", ".txt");
            final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            builder.environment().remove("JDK_JAVA_OPTIONS");
            builder.environment().remove("_JAVA_OPTIONS");
            final Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", command));
            }
            return new Run(List.of(command), process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * A finished process: its command, exit code and output.
     */
    private static final class Run
    {
        final List<String> command;
        final int exit;
        final String stdout;
        final String stderr;

        Run(final List<String> command, final int exit, final String stdout, final String stderr)
        {
            this.command = new ArrayList<>(command);
            this.exit = exit;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public String toString()
        {
            return String.join(" ", command) + "\nexit " + exit + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }
}
