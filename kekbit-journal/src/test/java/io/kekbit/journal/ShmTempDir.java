package io.kekbit.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary folder in /dev/shm (memory-backed, as production journals usually are), or in /tmp without it. */
final class ShmTempDir implements AutoCloseable
{
    final Path path;

    ShmTempDir(final String prefix)
    {
        try
        {
            final Path shm = Path.of("/dev/shm");
            path = Files.isDirectory(shm) && Files.isWritable(shm) ?
                Files.createTempDirectory(shm, prefix) : Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() throws IOException
    {
        try (Stream<Path> files = Files.walk(path))
        {
            for (final Path file : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(file);
            }
        }
    }
}
