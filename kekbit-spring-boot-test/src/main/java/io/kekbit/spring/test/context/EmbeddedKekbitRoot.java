package io.kekbit.spring.test.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.FileSystemUtils;

/**
 * The channel root that {@link EmbeddedKekbit} made for one test context, registered as the bean
 * {@value #BEAN_NAME}. Thread-safe (immutable).
 */
public final class EmbeddedKekbitRoot
{
    /** Name of the bean. */
    public static final String BEAN_NAME = "embeddedKekbitRoot";
    /** Prefix of the root folders' names. */
    public static final String FOLDER_PREFIX = "kekbit-test-";

    private static final LogAccessor LOGGER = new LogAccessor(EmbeddedKekbitRoot.class);

    private final Path path;

    private EmbeddedKekbitRoot(final Path path)
    {
        this.path = path;
    }

    /**
     * Creates a new, empty root folder in {@code parent}, creating {@code parent} if missing.
     *
     * @param parent the parent folder.
     * @return the root.
     * @throws IllegalStateException naming the parent when the folder cannot be created.
     */
    static EmbeddedKekbitRoot create(final Path parent)
    {
        try
        {
            Files.createDirectories(parent);
            return new EmbeddedKekbitRoot(Files.createTempDirectory(parent, FOLDER_PREFIX).toAbsolutePath());
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            throw new IllegalStateException("@EmbeddedKekbit cannot create a channel root in parent=" + parent +
                ": " + ex, ex);
        }
    }

    /**
     * Folder of this context's channels: the value of {@code kekbit.root-path}.
     *
     * @return the absolute path.
     */
    public Path path()
    {
        return path;
    }

    /**
     * Deletes the folder and everything in it; a failure is logged with the path, not thrown, so that it cannot hide
     * the outcome of the test.
     */
    void delete()
    {
        try
        {
            FileSystemUtils.deleteRecursively(path);
            LOGGER.debug(() -> "deleted kekbit test root " + path);
        }
        catch (final IOException ex)
        {
            LOGGER.warn(ex, () -> "could not delete kekbit test root " + path);
        }
    }

    @Override
    public String toString()
    {
        return "EmbeddedKekbitRoot{" + path + "}";
    }
}
