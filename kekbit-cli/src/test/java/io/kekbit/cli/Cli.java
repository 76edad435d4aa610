package io.kekbit.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the tool in-process through picocli's {@code CommandLine.execute}, capturing stdout and stderr.
 */
final class Cli
{
    private final StringWriter out = new StringWriter();
    private final OutputGate stdout = new OutputGate(out);
    private final StringWriter err = new StringWriter();
    private final InputStream stdin;
    private volatile int exitCode = -1;

    private Cli(final InputStream stdin)
    {
        this.stdin = stdin;
    }

    static Cli run(final String... args)
    {
        return withInput(new byte[0], args);
    }

    static Cli withInput(final String stdin, final String... args)
    {
        return withInput(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static Cli withInput(final byte[] stdin, final String... args)
    {
        final Cli cli = new Cli(new ByteArrayInputStream(stdin));
        cli.execute(args);
        return cli;
    }

    /**
     * A run that has not started yet, for tests that run it on another thread.
     */
    static Cli prepared()
    {
        return new Cli(new ByteArrayInputStream(new byte[0]));
    }

    void execute(final String... args)
    {
        exitCode = KekbitCli.commandLine(stdin, new PrintWriter(stdout, true),
            new PrintWriter(err, true)).execute(args);
    }

    /**
     * The command's stdout, which the test can hold shut to block the command in its next write.
     */
    OutputGate stdout()
    {
        return stdout;
    }

    int exitCode()
    {
        return exitCode;
    }

    String out()
    {
        return out.toString();
    }

    String err()
    {
        return err.toString();
    }

    List<String> outLines()
    {
        return lines(out());
    }

    List<String> errLines()
    {
        return lines(err());
    }

    private static List<String> lines(final String text)
    {
        return text.lines().collect(Collectors.toList());
    }

    @Override
    public String toString()
    {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
