package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KekbitCliTest
{
    @ParameterizedTest
    @ValueSource(strings = {"header", "dump", "tail", "write", "stat", "journal"})
    void shouldPrintHelpForEveryCommand(final String command)
    {
        final Cli cli = Cli.run(command, "--help");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.outLines().get(0)).startsWith("Usage: kekbit " + command + " [-h");
        assertThat(cli.out()).contains("-h, --help");
        assertThat(Cli.run("help", command).out()).isEqualTo(cli.out());
    }

    @Test
    void shouldListTheCommandsAndExitCodesInTheTopLevelHelp()
    {
        final Cli cli = Cli.run("--help");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.outLines().get(0)).isEqualTo("Usage: kekbit [-hV] COMMAND");
        assertThat(cli.out()).contains("  header  ", "  dump    ", "  tail    ", "  write   ", "  stat    ",
            "  journal ",
            "Exit codes: 0 ok, 1 channel or file error, 2 bad usage, 3 write input rejected.");
    }

    @Test
    void shouldPrintTheVersion()
    {
        final Cli cli = Cli.run("--version");
        assertThat(cli.exitCode()).isZero();
        assertThat(cli.outLines()).singleElement().asString().startsWith("kekbit ").endsWith(" (file format 1.0.0)");
    }

    @Test
    void shouldAskForACommand()
    {
        final Cli cli = Cli.run();
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly(
            "kekbit: missing command: one of header, dump, tail, write, stat, journal",
            "Try 'kekbit --help' for more information.");
    }

    @Test
    void shouldSuggestTheClosestCommand()
    {
        final Cli cli = Cli.run("dmp");
        assertThat(cli.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.errLines()).containsExactly("kekbit: Unmatched argument at index 0: 'dmp'",
            "Did you mean: kekbit dump?", "Try 'kekbit --help' for more information.");
    }
}
