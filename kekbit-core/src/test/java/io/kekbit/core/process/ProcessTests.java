package io.kekbit.core.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Small helpers shared by the process-level tests. Thread-safe (stateless).
 */
final class ProcessTests
{
    private ProcessTests()
    {
    }

    /**
     * Seed from a system property (to replay a failure), else random; printed by the caller in every failure.
     *
     * @param property name of the system property.
     * @return the seed.
     */
    static long seed(final String property)
    {
        final String value = System.getProperty(property);
        return value != null && !value.isBlank() ? Long.parseLong(value.trim()) : new Random().nextLong();
    }

    /**
     * A fresh folder in {@code /dev/shm} (tmpfs: a writer's flush costs no disk I/O), or in the temporary folder
     * where there is no {@code /dev/shm}. Delete it with {@link #deleteTree(Path)}.
     */
    static Path shmTempDir(final String prefix) throws IOException
    {
        final Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) ? Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
    }

    /**
     * Deletes a folder and everything in it.
     */
    static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Integer system property with a default.
     */
    static int intProperty(final String property, final int defaultValue)
    {
        final String value = System.getProperty(property);
        return value != null && !value.isBlank() ? Integer.parseInt(value.trim()) : defaultValue;
    }
}
