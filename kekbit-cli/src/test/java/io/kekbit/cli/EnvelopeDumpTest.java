package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeEncoder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code dump} and {@code tail} on a real channel holding two enveloped records and one raw record: headers shown
 * with {@code --envelope}, a guess without it, and a record that is not an envelope named as such.
 */
class EnvelopeDumpTest
{
    @TempDir
    Path root;

    private long first;
    private long second;
    private long raw;

    @BeforeEach
    void writeChannel()
    {
        final EnvelopeEncoder encoder = new EnvelopeEncoder();
        final Claim claim = new Claim();
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 42, 1 << 16, 1024, 60_000, TickUnit.MILLIS)))
        {
            first = encoder.contentType("text/plain").header("traceparent", "00-ab-cd-01").header("attempt", 2L)
                .write(writer, claim, "hello\tworld".getBytes(StandardCharsets.UTF_8), 0, 11);
            second = encoder.clear().header("raw", new byte[] {1, (byte)0xab})
                .write(writer, claim, new byte[] {0}, 0, 1);
            raw = writer.writeOffset();
            writer.write("plain".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void shouldShowHeadersWithEnvelope()
    {
        final Cli cli = Cli.run("dump", root.toString(), "42", "--envelope");

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        final int firstLength = 12 + (7 + 11 + 10) + (7 + 11 + 11) + (7 + 7 + 8) + 11;
        assertThat(cli.outLines()).containsExactly(
            first + "\t" + firstLength + "\tenvelope {\"contentType\":\"text/plain\",\"traceparent\":\"00-ab-cd-01\"," +
                "\"attempt\":2}\thello\\tworld",
            second + "\t" + (12 + 7 + 3 + 2 + 1) + "\tenvelope {\"raw\":{\"bytes\":\"01ab\"}}\t\\x00",
            raw + "\t5\tnot-envelope NOT_ENVELOPE at byte 0\tplain",
            "END\tCLOSED");
    }

    @Test
    void shouldMarkHeadersAsAGuessWithoutEnvelope()
    {
        final Cli cli = Cli.run("dump", root.toString(), "42", "--format", "hex");

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).hasSize(4);
        assertThat(cli.outLines().get(0)).startsWith(first + "\t").contains("\tenvelope? {\"contentType\":")
            .endsWith("\t68656c6c6f09776f726c64");
        assertThat(cli.outLines().get(1)).endsWith("\tenvelope? {\"raw\":{\"bytes\":\"01ab\"}}\t00");
        assertThat(cli.outLines().get(2)).isEqualTo(raw + "\t5\t706c61696e");
    }

    @Test
    void shouldPrintEnvelopesAsJson()
    {
        final Cli cli = Cli.run("dump", root.toString(), "42", "--envelope", "--format", "json");

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        final JsonMapper mapper = JsonMapper.builder().build();
        final JsonNode one = mapper.readTree(cli.outLines().get(0));
        assertThat(one.get("position").asLong()).isEqualTo(first);
        assertThat(one.get("envelope").asString()).isEqualTo("yes");
        assertThat(one.get("headers").get("attempt").asLong()).isEqualTo(2);
        assertThat(one.get("headers").get("contentType").asString()).isEqualTo("text/plain");
        assertThat(one.get("bodyLength").asInt()).isEqualTo(11);
        assertThat(one.get("text").asString()).isEqualTo("hello\tworld");
        final JsonNode three = mapper.readTree(cli.outLines().get(2));
        assertThat(three.get("envelope").asString()).isEqualTo("invalid");
        assertThat(three.get("envelopeError").asString()).isEqualTo("NOT_ENVELOPE at byte 0");
        assertThat(three.get("text").asString()).isEqualTo("plain");
        assertThat(cli.outLines().get(3)).isEqualTo("{\"end\":\"CLOSED\"}");
    }

    @Test
    void shouldTailWithHeaders()
    {
        final Cli cli = Cli.run("tail", root.toString(), "42", "--envelope", "--max", "2");

        assertThat(cli.exitCode()).as(cli.toString()).isZero();
        assertThat(cli.outLines()).hasSize(3);
        assertThat(cli.outLines().get(1)).isEqualTo(second + "\t" + (12 + 7 + 3 + 2 + 1) +
            "\tenvelope {\"raw\":{\"bytes\":\"01ab\"}}\t\\x00");
        assertThat(cli.outLines().get(2)).isEqualTo("END\tMAX");
    }
}
