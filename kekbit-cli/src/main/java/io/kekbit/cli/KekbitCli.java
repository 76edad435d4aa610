package io.kekbit.cli;

import io.kekbit.core.KekbitException;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code kekbit} command: entry point of the tool and parent of its subcommands. Create one per invocation with
 * {@link #commandLine(InputStream, PrintWriter, PrintWriter)}; not thread-safe.
 * <pre>{@code
 * int exitCode = KekbitCli.commandLine(System.in, out, err).execute("dump", "/dev/shm/kekbit", "42");
 * }</pre>
 */
@Command(
    name = "kekbit",
    mixinStandardHelpOptions = true,
    versionProvider = KekbitCli.Version.class,
    description = "Inspect, dump, tail, write and summarize kekbit channels and rolling journals.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {
        HeaderCommand.class,
        DumpCommand.class,
        TailCommand.class,
        WriteCommand.class,
        StatCommand.class,
        JournalCommand.class,
        CommandLine.HelpCommand.class
    },
    footer = {
        "",
        "Channel ids are decimal or 0x hex. Sizes: 16KB, 64MB. Durations: 30s, 500ms.",
        "Journal positions (--journal): SEGMENT:OFFSET, for example 3:4096.",
        "Exit codes: 0 ok, 1 channel or file error, 2 bad usage, 3 write input rejected."
    })
public final class KekbitCli implements Runnable
{
    private static final String LOG_FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";

    private final InputStream stdin;

    @Spec
    private CommandSpec spec;

    /**
     * Creates the command reading standard input.
     */
    public KekbitCli()
    {
        this(System.in);
    }

    /**
     * Creates the command.
     *
     * @param stdin where {@code write} reads its lines.
     */
    public KekbitCli(final InputStream stdin)
    {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /**
     * Runs the tool and exits the JVM with its exit code.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        // Straight to file descriptor 1, not System.out: a PrintStream hides write errors, so a closed pipe
        // (kekbit dump ... | head) would go unnoticed and the dump would read the whole channel.
        final PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
            new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        // kekbit-journal logs forced retention deletions through System.Logger (java.util.logging by default):
        // one line each, in the tool's style, instead of the default two-line record with a timestamp.
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null)
        {
            System.setProperty(LOG_FORMAT_PROPERTY, "kekbit: %4$s: %5$s%6$s%n");
        }
        final int exitCode = commandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /**
     * Builds the command line with the tool's error handling: a bad option prints one error line and a hint on
     * stderr (exit code {@link ExitCodes#USAGE}); a failure prints {@code kekbit <command>: <message>} on stderr.
     *
     * @param stdin input of {@code write}.
     * @param out   standard output.
     * @param err   standard error.
     * @return the command line, ready to {@code execute}.
     */
    public static CommandLine commandLine(final InputStream stdin, final PrintWriter out, final PrintWriter err)
    {
        final CommandLine commandLine = new CommandLine(new KekbitCli(stdin));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(KekbitCli::handleParameterException);
        commandLine.setExecutionExceptionHandler(KekbitCli::handleExecutionException);
        return commandLine;
    }

    InputStream stdin()
    {
        return stdin;
    }

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(),
            "missing command: one of header, dump, tail, write, stat, journal");
    }

    private static int handleParameterException(final ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final PrintWriter err = commandLine.getErr();
        final String name = commandLine.getCommandSpec().qualifiedName();
        err.println(name + ": " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int handleExecutionException(
        final Exception ex, final CommandLine commandLine, final CommandLine.ParseResult parseResult)
    {
        final PrintWriter err = commandLine.getErr();
        final String name = commandLine.getCommandSpec().qualifiedName();
        commandLine.getOut().flush();
        final int exitCode;
        if (ex instanceof CliException)
        {
            err.println(name + ": " + ex.getMessage());
            exitCode = ((CliException)ex).exitCode();
        }
        else if (ex instanceof KekbitException)
        {
            err.println(name + ": " + ex.getMessage());
            exitCode = ExitCodes.ERROR;
        }
        else
        {
            err.println(name + ": unexpected error: " + ex);
            ex.printStackTrace(err);
            exitCode = ExitCodes.ERROR;
        }
        err.flush();
        return exitCode;
    }

    /** Reports the version of the tool from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = KekbitCli.class.getPackage().getImplementationVersion();
            return new String[] {"kekbit " + (version == null ? "0.1.0-SNAPSHOT" : version) + " (file format 1.0.0)"};
        }
    }
}
