package io.kekbit.spring.example;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link ExampleApp} (or another application class) in a child JVM: stdout and stderr merged and collected line by
 * line, stdin for commands. Always {@link #close()} it. Not thread-safe: one test thread drives it.
 */
public final class AppJvm implements AutoCloseable
{
    /** How long an application may take to start on a busy machine. */
    public static final Duration STARTUP = Duration.ofSeconds(120);

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread pump;

    private AppJvm(final Process process)
    {
        this.process = process;
        this.pump = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    output.append(line).append('\n');
                }
            }
            catch (final IOException ex)
            {
                // The process is gone.
            }
        }, "app-jvm-out");
        pump.setDaemon(true);
        pump.start();
    }

    static AppJvm start(final Path root, final String... properties)
    {
        return start(command(ExampleApp.class, root, properties));
    }

    /**
     * Starts an application class with the test class path.
     *
     * @param main       the class with the {@code main} method.
     * @param root       the kekbit root path ({@code --kekbit.root-path}).
     * @param properties further {@code --name=value} arguments.
     * @return the running JVM.
     */
    public static AppJvm start(final Class<?> main, final Path root, final String... properties)
    {
        return start(command(main, root, properties));
    }

    /**
     * Starts the application with the size of the files it may write limited ({@code ulimit -f}), as on a full
     * disk.
     */
    static AppJvm startWithFileSizeLimit(final Path root, final long limitKib, final String... properties)
    {
        final StringBuilder script = new StringBuilder("ulimit -f " + limitKib + " && exec");
        for (final String arg : command(ExampleApp.class, root, properties))
        {
            script.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        return start(List.of("bash", "-c", script.toString()));
    }

    private static AppJvm start(final List<String> command)
    {
        try
        {
            return new AppJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not start " + command, ex);
        }
    }

    private static List<String> command(final Class<?> main, final Path root, final String... properties)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx192m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.add("--kekbit.root-path=" + root);
        command.add("--spring.main.banner-mode=off");
        command.add("--spring.main.web-application-type=none");
        command.addAll(List.of(properties));
        return command;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Everything the application printed so far.
     *
     * @return the output.
     */
    public String output()
    {
        return output.toString();
    }

    /**
     * Waits until the output has a line starting with {@code prefix}; lines are not consumed, so several waits may
     * look for lines in any order.
     *
     * @return the first such line.
     * @throws AssertionError when none came in time or the process ended without it.
     */
    public String awaitLine(final String prefix, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final boolean ended = !process.isAlive();
            final String text = "\n" + output;
            final int at = text.indexOf("\n" + prefix);
            if (at >= 0)
            {
                final int end = text.indexOf('\n', at + 1);
                return text.substring(at + 1, end < 0 ? text.length() : end);
            }
            if (ended || System.nanoTime() > deadline)
            {
                throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; output:\n" +
                    output());
            }
            Thread.sleep(20);
        }
    }

    /**
     * Writes a command line to the application's stdin.
     *
     * @param command the line, without the line break.
     */
    public void send(final String command)
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not write to the application", ex);
        }
    }

    /** Sends SIGKILL and waits until the process is gone. */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            throw new AssertionError("survived SIGKILL");
        }
    }

    /** Sends SIGTERM (a graceful stop through Spring's shutdown hook) and waits for the exit code. */
    int terminate() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            throw new AssertionError("did not stop within 60 s after SIGTERM; output:\n" + output());
        }
        drain();
        return process.exitValue();
    }

    int waitFor(final Duration timeout) throws InterruptedException
    {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
        {
            throw new AssertionError("did not exit within " + timeout + "; output:\n" + output());
        }
        drain();
        return process.exitValue();
    }

    /** After the process ended: waits until everything it printed is in {@link #output()}. */
    private void drain() throws InterruptedException
    {
        pump.join(TimeUnit.SECONDS.toMillis(30));
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
