package io.kekbit.benchmarks.jmh;

import io.kekbit.benchmarks.latency.LatencyHarness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary folders for benchmark files, on {@code /dev/shm} when it exists. Thread-safe (stateless).
 */
final class BenchFiles
{
    private BenchFiles()
    {
    }

    static Path newDir(final String prefix)
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            return Files.isDirectory(shm) ? Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    static void delete(final Path dir)
    {
        if (dir != null)
        {
            LatencyHarness.deleteRecursively(dir);
        }
    }
}
