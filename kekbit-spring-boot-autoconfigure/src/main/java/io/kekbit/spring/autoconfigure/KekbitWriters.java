package io.kekbit.spring.autoconfigure;

import java.nio.file.Path;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

/**
 * Opens writers in code with the same rules as the {@code kekbit.writers.<name>} beans (the Spring Cloud Stream
 * binder opens one per destination): a thread-safe writer over a fixed channel or, with {@code roll.enabled}, a
 * rolling journal ({@link io.kekbit.spring.core.RollingWriter}). The caller closes it. Thread-safe (stateless).
 */
public final class KekbitWriters
{
    private KekbitWriters()
    {
    }

    /**
     * Opens a writer.
     *
     * @param root       root folder of the channel files.
     * @param name       name used in logs and reports.
     * @param properties the writer's settings; its {@code channel-id} must be set.
     * @return a thread-safe writer.
     * @throws KekbitStartupException when a live writer holds the channel or journal, a fixed channel was closed by
     *                                its previous writer, or the root cannot hold the files.
     * @throws InvalidKekbitPropertyException when a setting is invalid.
     */
    public static Writer open(final Path root, final String name, final WriterProperties properties)
    {
        return KekbitWriterFactory.create(root, name, properties);
    }
}
