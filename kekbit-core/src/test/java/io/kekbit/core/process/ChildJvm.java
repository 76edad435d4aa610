package io.kekbit.core.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM started by a process-level test: stdout is collected line by line into a queue, stderr into a
 * string, stdin stays open for barriers. Always {@link #close()} it in {@code finally} (destroys it forcibly).
 * Not thread-safe: one test thread drives it.
 */
final class ChildJvm implements AutoCloseable
{
    /** Default bound for any wait on a child. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread outPump;
    private final Thread errPump;

    private ChildJvm(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        this.outPump = pump(process.getInputStream(), line ->
        {
            stdout.append(line).append('\n');
            lines.add(line);
        }, name + "-out");
        this.errPump = pump(process.getErrorStream(), line -> stderr.append(line).append('\n'), name + "-err");
    }

    /**
     * The java launcher of the running JVM, so children run on the same JDK as the test (17 or 25).
     *
     * @return path of the java executable.
     */
    static String currentJava()
    {
        return ProcessHandle.current().info().command()
            .orElseThrow(() -> new IllegalStateException("cannot determine the running java command"));
    }

    /**
     * Class path for children: the test class path (surefire's real one when it uses a manifest-only jar).
     *
     * @return the class path.
     */
    static String classPath()
    {
        final String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isEmpty() ? surefire : System.getProperty("java.class.path");
    }

    /**
     * Command line for {@code main} on {@code java} with the given JVM flags and program arguments.
     */
    static List<String> command(
        final String java, final List<String> jvmFlags, final Class<?> main, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * Starts {@code main} on the running JVM's java with no extra flags.
     */
    static ChildJvm start(final Class<?> main, final String... args)
    {
        return start(main.getSimpleName(), command(currentJava(), List.of(), main, args));
    }

    /**
     * Starts a child from a full command line.
     */
    static ChildJvm start(final String name, final List<String> command)
    {
        final ProcessBuilder builder = new ProcessBuilder(command);
        try
        {
            return new ChildJvm(name, builder.start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not start child " + name + ": " + command, ex);
        }
    }

    private static Thread pump(final InputStream in, final java.util.function.Consumer<String> sink, final String name)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    sink.accept(line);
                }
            }
            catch (final IOException ex)
            {
                // The child was destroyed: nothing more to read.
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    long pid()
    {
        return process.pid();
    }

    Process process()
    {
        return process;
    }

    /**
     * Next stdout line, waiting at most {@code timeout}.
     *
     * @throws AssertionError when no line came in time (the message shows the child's output).
     */
    String nextLine(final Duration timeout)
    {
        try
        {
            final String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null)
            {
                throw new AssertionError("no output from " + describe() + " within " + timeout);
            }
            return line;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + describe(), ex);
        }
    }

    /**
     * Waits for a stdout line starting with {@code prefix}, skipping others.
     */
    String awaitLine(final String prefix, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("no line starting with '" + prefix + "' from " + describe() + " within " +
                    timeout);
            }
            final String line = nextLine(Duration.ofNanos(left));
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
    }

    /**
     * Sends a line on stdin (a barrier release).
     */
    void send(final String line)
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not write to " + describe(), ex);
        }
    }

    /**
     * Waits for the child to exit and for its output to be fully collected.
     *
     * @return the exit code.
     * @throws AssertionError when it does not exit within {@code timeout}.
     */
    int waitFor(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new AssertionError(describe() + " did not exit within " + timeout);
            }
            outPump.join(timeout.toMillis());
            errPump.join(timeout.toMillis());
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + describe(), ex);
        }
    }

    /**
     * Sends SIGKILL and waits (bounded) until the process is gone.
     */
    void kill()
    {
        process.destroyForcibly();
        try
        {
            if (!process.waitFor(DEFAULT_WAIT.toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new AssertionError(describe() + " survived SIGKILL for " + DEFAULT_WAIT);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    String stdout()
    {
        return stdout.toString();
    }

    String stderr()
    {
        return stderr.toString();
    }

    String describe()
    {
        return "child " + name + " (pid " + process.pid() + (process.isAlive() ? ", alive" : ", exit " +
            process.exitValue()) + ")\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
    }

    @Override
    public void close()
    {
        if (process.isAlive())
        {
            kill();
        }
    }
}
