package io.kekbit.sample.orders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sample application running in a child JVM on the test class path, with its output in a log file. Not
 * thread-safe: one test thread drives it.
 */
final class AppProcess implements AutoCloseable
{
    private final String name;
    private final int port;
    private final Path log;
    private final Process process;

    private AppProcess(final String name, final int port, final Path log, final Process process)
    {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /**
     * Starts the application with one profile on a free port and a given class path.
     *
     * @param profile   {@code producer} or {@code consumer}.
     * @param rootPath  kekbit root folder shared with the other process.
     * @param logDir    folder of the process log.
     * @param classPath class path of the child JVM.
     * @return the running process.
     */
    static AppProcess start(final String profile, final Path rootPath, final Path logDir, final String classPath)
    {
        final int port = freePort();
        final Path log = logDir.resolve(profile + ".log");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(classPath);
        command.add(OrderJournalApplication.class.getName());
        command.add("--spring.profiles.active=" + profile);
        command.add("--server.port=" + port);
        command.add("--kekbit.root-path=" + rootPath);
        try
        {
            final Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
            return new AppProcess(profile, port, log, process);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not start the " + profile + " JVM", ex);
        }
    }

    /**
     * The test class path with the project's own jars (group {@code io.kekbit}, from the local Maven repository)
     * replaced by copies, so that a {@code mvn install} of another module while the child JVMs load classes lazily
     * cannot swap a jar under them.
     *
     * @param dir folder for the copies.
     * @return the class path for the child JVMs.
     */
    static String snapshotClassPath(final Path dir)
    {
        final String separator = System.getProperty("path.separator");
        final List<String> entries = new ArrayList<>();
        try
        {
            Files.createDirectories(dir);
            for (final String entry : System.getProperty("java.class.path").split(separator))
            {
                final Path path = Path.of(entry);
                if (entry.endsWith(".jar") && path.toString().contains("/io/kekbit/") && Files.isRegularFile(path))
                {
                    final Path copy = dir.resolve(path.getFileName());
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                    entries.add(copy.toString());
                }
                else
                {
                    entries.add(entry);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not copy the class path to " + dir, ex);
        }
        return String.join(separator, entries);
    }

    String baseUrl()
    {
        return "http://localhost:" + port;
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Last lines of the process output, for failure messages.
     *
     * @return up to 60 lines.
     */
    String logTail()
    {
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "---- " + name + " log (" + log + ") ----\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (final IOException ex)
        {
            return "---- " + name + " log unreadable: " + ex;
        }
    }

    /**
     * Stops the process: a normal termination first (so the writer writes CLOSE), then a forced one.
     */
    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
