package io.kekbit.sample.stream.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An append-only text file of audit lines. Each line is written with one {@code write} call, so a reader of the file
 * sees whole lines. Thread-safe ({@link #append} is synchronized).
 */
public final class AuditFile
{
    private final Path file;

    /**
     * Creates the audit file's holder; the file and its folder are created on the first append.
     *
     * @param file path of the file.
     */
    public AuditFile(final Path file)
    {
        this.file = file.toAbsolutePath();
    }

    /**
     * Appends one line.
     *
     * @param line the line, without the separator.
     * @throws UncheckedIOException when the file cannot be written, naming it.
     */
    public synchronized void append(final String line)
    {
        try
        {
            final Path parent = file.getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not append to the audit file " + file, ex);
        }
    }

    /**
     * Path of the file.
     *
     * @return the absolute path.
     */
    public Path path()
    {
        return file;
    }
}
