package io.kekbit.sample.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One of the sample's applications in a child JVM on the test class path: stdout and stderr merged and collected.
 * Always {@link #close()} it. Not thread-safe: one test thread drives it.
 */
public final class AppJvm implements AutoCloseable
{
    /** Generous: Spring Boot JVMs start side by side on a small, possibly busy machine. */
    public static final Duration STARTUP = Duration.ofSeconds(180);

    private final String name;
    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private AppJvm(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        final Thread pump = new Thread(() ->
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
        }, name + "-out");
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts a main class with arguments.
     *
     * @param name      short name for messages.
     * @param mainClass the application's class.
     * @param args      its command-line arguments ({@code --property=value}).
     * @return the running JVM.
     */
    public static AppJvm start(final String name, final Class<?> mainClass, final List<String> args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.add("--spring.main.banner-mode=off");
        command.addAll(args);
        try
        {
            return new AppJvm(name, new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not start " + name + ": " + command, ex);
        }
    }

    /**
     * A free TCP port on this host.
     *
     * @return the port.
     */
    public static int freePort()
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

    /**
     * Process id.
     *
     * @return the pid.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * Whether the process runs.
     *
     * @return true while alive.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Everything the process printed so far.
     *
     * @return the output.
     */
    public String output()
    {
        return output.toString();
    }

    /**
     * Waits until the output has a line containing {@code text}.
     *
     * @param text    what to look for.
     * @param timeout how long to wait.
     * @throws InterruptedException when interrupted.
     * @throws AssertionError       when none came in time or the process ended without it, with the output.
     */
    public void awaitOutput(final String text, final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (output.indexOf(text) < 0)
        {
            if (!process.isAlive() && output.indexOf(text) < 0)
            {
                Thread.sleep(200); // let the pump take the last lines
                if (output.indexOf(text) >= 0)
                {
                    return;
                }
                throw new AssertionError(name + " exited (" + process.exitValue() + ") without printing '" + text +
                    "'; output:\n" + tail());
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError(name + " did not print '" + text + "' within " + timeout + "; output:\n" +
                    tail());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Waits for a condition while this JVM runs, failing with its output when the JVM ends or the time is up.
     *
     * @param what      the condition, for the message.
     * @param timeout   how long to wait.
     * @param condition what to wait for.
     * @throws InterruptedException when interrupted.
     */
    public void awaitCondition(final String what, final Duration timeout, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (!process.isAlive())
            {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before: " + what +
                    "; output:\n" + tail());
            }
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("not within " + timeout + ": " + what + "; output:\n" + tail());
            }
            Thread.sleep(50);
        }
    }

    /**
     * The last lines of the output, for failure messages.
     *
     * @return up to 80 lines, headed by the application's name.
     */
    public String tail()
    {
        final String[] lines = output().split("\n");
        final int from = Math.max(0, lines.length - 80);
        return "---- " + name + " (pid " + process.pid() + ") ----\n" +
            String.join("\n", List.of(lines).subList(from, lines.length));
    }

    /**
     * Sends SIGKILL ({@link Process#destroyForcibly()} on Linux) and waits until the process is gone.
     *
     * @throws InterruptedException when interrupted.
     */
    public void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            throw new AssertionError(name + " survived SIGKILL");
        }
    }

    /**
     * Sends SIGTERM and waits for the exit, then kills what is left.
     */
    @Override
    public void close()
    {
        process.destroy();
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
