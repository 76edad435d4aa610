package io.kekbit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The golden channel files made by the Rust kekbit crate 0.2.3 (the repository's {@code interop/golden} folder).
 * The folder comes from the system property {@value #PROPERTY}, set by surefire; a missing folder fails loudly.
 */
final class Golden
{
    static final String PROPERTY = "kekbit.golden.dir";

    static final List<String> CASES = List.of(
        "binary-max", "channel-id-hex", "channel-id-wide", "closed-text", "full", "heartbeats", "open-writer");

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Golden()
    {
    }

    static Path dir()
    {
        final String property = System.getProperty(PROPERTY);
        if (property == null || property.isBlank())
        {
            throw new AssertionError("system property " + PROPERTY + " is not set: run the tests with Maven " +
                "(surefire sets it to the repository's interop/golden) or pass -D" + PROPERTY + "=DIR");
        }
        final Path dir = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir))
        {
            throw new AssertionError("golden folder missing: " + PROPERTY + "=" + dir);
        }
        return dir;
    }

    /** Root folder of a case, for {@code dump ROOT CHANNEL_ID}. */
    static Path root(final String name)
    {
        final Path root = dir().resolve(name);
        if (!Files.isRegularFile(root.resolve("expected.json")))
        {
            throw new AssertionError("golden case missing: " + root);
        }
        return root;
    }

    static JsonNode expected(final String name)
    {
        try
        {
            return MAPPER.readTree(Files.readString(root(name).resolve("expected.json")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Path of the case's channel file. */
    static Path file(final String name)
    {
        return root(name).resolve(expected(name).get("relative_path").asString());
    }

    /** The channel id as a string the CLI accepts (unsigned hex). */
    static String channelId(final String name)
    {
        return expected(name).get("channel_id_hex").asString();
    }
}
