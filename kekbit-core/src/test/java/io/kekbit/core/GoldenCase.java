package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One golden case folder made by the Rust kekbit crate 0.2.3 (described in {@code interop/golden/README.md}): the channel file under its
 * storage path and {@code expected.json}. The folder is set by surefire in the system property
 * {@value #GOLDEN_DIR_PROPERTY}; a missing folder fails the tests loudly instead of skipping them.
 */
final class GoldenCase
{
    static final String GOLDEN_DIR_PROPERTY = "kekbit.golden.dir";

    /** Cases described in interop/golden/README.md; all must be present. */
    static final List<String> KNOWN_CASES = List.of(
        "binary-max", "channel-id-hex", "channel-id-wide", "closed-text", "full", "heartbeats", "open-writer");

    private final String name;
    private final Path dir;
    private final JsonNode json;

    private GoldenCase(final String name, final Path dir, final JsonNode json)
    {
        this.name = name;
        this.dir = dir;
        this.json = json;
    }

    /**
     * The golden folder.
     *
     * @return its path.
     * @throws AssertionError when the property is unset or the folder is missing.
     */
    static Path goldenDir()
    {
        final String property = System.getProperty(GOLDEN_DIR_PROPERTY);
        if (property == null || property.isBlank())
        {
            throw new AssertionError("system property " + GOLDEN_DIR_PROPERTY + " is not set: run the tests with " +
                "Maven (surefire sets it to the repository's interop/golden) or pass -D" + GOLDEN_DIR_PROPERTY + "=DIR");
        }
        final Path dir = Path.of(property).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir))
        {
            throw new AssertionError("golden folder missing: " + GOLDEN_DIR_PROPERTY + "=" + dir);
        }
        return dir;
    }

    /**
     * Every case folder (a folder holding {@code expected.json}), sorted by name.
     *
     * @return the cases.
     */
    static Stream<GoldenCase> all()
    {
        final Path golden = goldenDir();
        final List<GoldenCase> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(golden))
        {
            folders.filter(p -> Files.isRegularFile(p.resolve("expected.json"))).sorted().forEach(p -> cases.add(load(p)));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        assertThat(cases).extracting(c -> c.name).as("golden cases in %s", golden).containsAll(KNOWN_CASES);
        return cases.stream();
    }

    /**
     * One case by name.
     *
     * @param name folder name.
     * @return the case.
     */
    static GoldenCase named(final String name)
    {
        final Path dir = goldenDir().resolve(name);
        if (!Files.isRegularFile(dir.resolve("expected.json")))
        {
            throw new AssertionError("golden case missing: " + dir);
        }
        return load(dir);
    }

    private static GoldenCase load(final Path dir)
    {
        final JsonNode json = JsonMapper.shared().readTree(dir.resolve("expected.json"));
        return new GoldenCase(dir.getFileName().toString(), dir, json);
    }

    String name()
    {
        return name;
    }

    /** The case folder, which is the root folder for {@code shmReader}. */
    Path dir()
    {
        return dir;
    }

    JsonNode json()
    {
        return json;
    }

    long channelId()
    {
        return json.get("channel_id_as_java_long").asLong();
    }

    Path channelFile()
    {
        return dir.resolve(json.get("relative_path").asString());
    }

    long longField(final String field)
    {
        final JsonNode node = json.get(field);
        if (node == null || node.isNull())
        {
            throw new AssertionError(name + ": expected.json has no field " + field);
        }
        return node.asLong();
    }

    String stringField(final String field)
    {
        final JsonNode node = json.get(field);
        if (node == null || node.isNull())
        {
            throw new AssertionError(name + ": expected.json has no field " + field);
        }
        return node.asString();
    }

    TickUnit tickUnit()
    {
        return tickUnit(stringField("tick_unit"));
    }

    static TickUnit tickUnit(final String text)
    {
        switch (text.toLowerCase(java.util.Locale.ROOT))
        {
            case "nanos":
                return TickUnit.NANOS;
            case "micros":
                return TickUnit.MICROS;
            case "millis":
                return TickUnit.MILLIS;
            case "secs":
                return TickUnit.SECS;
            default:
                throw new AssertionError("unknown tick unit " + text);
        }
    }

    /**
     * Records as expected.json lists them.
     *
     * @return position, length and payload of each record.
     */
    List<Rec> records()
    {
        final List<Rec> records = new ArrayList<>();
        for (final JsonNode r : json.get("records").values())
        {
            records.add(new Rec(r.get("position").asLong(), r.get("length").asInt(), r.get("hex").asString()));
        }
        return records;
    }

    /**
     * The first record that does not lie wholly inside the file (the crate's files end 864 bytes before their data
     * area), where our reader ends with FAILED instead of handing out zeros as the crate's reader does.
     *
     * @return the record, or null when every record lies inside the file.
     */
    Rec firstRecordPastTheFile()
    {
        final long fileSize = longField("file_size");
        for (final Rec rec : records())
        {
            if (io.kekbit.core.layout.ChannelHeaderDescriptor.DATA_OFFSET + rec.position() + 8 + rec.length() > fileSize)
            {
                return rec;
            }
        }
        return null;
    }

    /**
     * The records our reader delivers: those before {@link #firstRecordPastTheFile()}.
     *
     * @return the records.
     */
    List<Rec> ourRecords()
    {
        final Rec cut = firstRecordPastTheFile();
        return cut == null ? records() : records().stream().filter(r -> r.position() < cut.position()).toList();
    }

    /**
     * Our reader's terminal status: the crate's, or Failed at a record past the end of the file.
     *
     * @return the status name as expected.json spells it.
     */
    String ourTerminalStatus()
    {
        return firstRecordPastTheFile() == null ? stringField("terminal_status") : "Failed";
    }

    /**
     * Our reader's final position: the crate's, or the position of the record past the end of the file.
     *
     * @return the position.
     */
    long ourFinalPosition()
    {
        final Rec cut = firstRecordPastTheFile();
        return cut == null ? longField("reader_final_position") : cut.position();
    }

    List<String> strings(final String field)
    {
        final List<String> values = new ArrayList<>();
        for (final JsonNode n : json.get(field).values())
        {
            values.add(n.asString());
        }
        return values;
    }

    List<Long> longs(final String field)
    {
        final List<Long> values = new ArrayList<>();
        for (final JsonNode n : json.get(field).values())
        {
            values.add(n.asLong());
        }
        return values;
    }

    /**
     * The payloads the writer was given, decoded as the writer decoded them (text lines or hex).
     *
     * @return one payload per input line.
     */
    List<byte[]> writerInputs()
    {
        final boolean hex = stringField("writer_input_mode").startsWith("hex");
        final List<byte[]> inputs = new ArrayList<>();
        for (final String line : strings("writer_input_lines"))
        {
            inputs.add(hex ? HexFormat.of().parseHex(line) : line.getBytes(StandardCharsets.UTF_8));
        }
        return inputs;
    }

    @Override
    public String toString()
    {
        return name;
    }

    /**
     * A record: data position, payload length, payload as lower-case hex.
     */
    record Rec(long position, int length, String hex)
    {
    }
}
