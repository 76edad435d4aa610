package io.kekbit.benchmarks.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's command line: {@code --help} prints the options and measures nothing, and an option it cannot use is
 * refused, named, before anything is written. Before, a lone trailing argument ({@code --help}, or {@code --records}
 * without its value) was ignored and the default multi-million-record run started.
 */
class JournalRollLatencyOptionsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintTheOptionsForHelpAndWriteNothing() throws Exception
    {
        final String out = stdout("--dir", dir.resolve("roll").toString(), "--help");

        assertThat(out).contains(JournalRollLatency.USAGE).contains("--records N").contains("--pace-ns NANOS");
        assertThat(out).doesNotContain("journal roll latency:");
        assertThat(Files.exists(dir.resolve("roll"))).isFalse();
    }

    @Test
    void shouldRefuseAnOptionWithoutItsValueNamingIt()
    {
        assertThatThrownBy(() -> JournalRollLatency.main(new String[] {"--dir", dir.toString(), "--records"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("option --records needs a value")
            .hasMessageContaining(JournalRollLatency.USAGE);
    }

    @Test
    void shouldRefuseAnUnknownOptionNamingIt()
    {
        assertThatThrownBy(() -> JournalRollLatency.main(new String[] {"--record", "10"}))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("unknown option: --record;");
    }

    @Test
    void shouldRunATinyMeasurementWithTheGivenOptions() throws Exception
    {
        final Path roll = dir.resolve("roll");
        final String out = stdout("--dir", roll.toString(), "--records", "2000", "--warmup", "100",
            "--segment", "65536", "--payload", "64", "--pace-ns", "0", "--block", "500");

        assertThat(out).contains("journal roll latency: 2,000 records (100 warm-up) per writer in blocks of 500, " +
            "64-byte payload, 65,536-byte segments, pace 0 ns");
        assertThat(out).contains("roll writes").contains("p99.9 roll writes / in-segment writes = ");
        assertThat(Files.exists(roll)).as("the harness deletes its journals").isFalse();
    }

    private static String stdout(final String... args) throws Exception
    {
        final PrintStream original = System.out;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try
        {
            JournalRollLatency.main(args);
        }
        finally
        {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
