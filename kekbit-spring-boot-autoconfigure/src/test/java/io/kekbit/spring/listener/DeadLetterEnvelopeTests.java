package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.core.envelope.EnvelopeHeaders;
import io.kekbit.spring.core.KekbitConversionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DeadLetterEnvelope} on real channel files: origin headers, original headers from an envelope or from message
 * headers (earlier origin headers left out), the body, and the exception message shortened to fit.
 */
class DeadLetterEnvelopeTests
{
    @TempDir
    Path root;

    @Test
    void shouldWriteOriginAndOriginalHeadersFromMessageHeaders()
    {
        final Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("tenant", "acme");
        headers.put("count", 3);
        headers.put(EnvelopeHeaders.DLT_CHANNEL, "an earlier origin");
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 1, 1 << 17, 1000, 1000, TickUnit.MILLIS)))
        {
            final long position = new DeadLetterEnvelope().origin("orders", 42, 4096, "audit")
                .failure(new IllegalStateException("refused"), 3).originalHeaders(headers, "dlt")
                .write(writer, utf8("body"));
            assertThat(position).isNotNegative();
        }
        final Map<String, Object> letter = readOne(1);
        assertThat(letter).containsEntry(EnvelopeHeaders.DLT_CHANNEL, "orders")
            .containsEntry(EnvelopeHeaders.DLT_CHANNEL_ID, 42L).containsEntry(EnvelopeHeaders.DLT_POSITION, 4096L)
            .containsEntry(EnvelopeHeaders.DLT_LISTENER_ID, "audit")
            .containsEntry(EnvelopeHeaders.DLT_EXCEPTION_CLASS, IllegalStateException.class.getName())
            .containsEntry(EnvelopeHeaders.DLT_EXCEPTION_MESSAGE, "refused")
            .containsEntry(EnvelopeHeaders.DLT_ATTEMPTS, 3L).containsEntry("tenant", "acme")
            .containsEntry("count", 3L).containsEntry("body", "body");
        assertThat(letter.get(EnvelopeHeaders.DLT_TIMESTAMP)).isInstanceOf(Long.class);
    }

    @Test
    void shouldCopyAnOriginalEnvelopesHeadersWithoutItsOriginHeaders()
    {
        final byte[] original = new EnvelopeEncoder().header("tenant", "acme")
            .header(EnvelopeHeaders.DLT_LISTENER_ID, "first").toBytes("body".getBytes(StandardCharsets.UTF_8));
        final EnvelopeDecoder decoder = new EnvelopeDecoder();
        assertThat(decoder.wrap(ByteBuffer.wrap(original), 0, original.length)).isNull();
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 2, 1 << 17, 1000, 1000, TickUnit.MILLIS)))
        {
            assertThat(new DeadLetterEnvelope().origin(null, -1, -1, "second").failure(null, 1)
                .originalHeaders(decoder).write(writer, utf8("body"))).isNotNegative();
        }
        final Map<String, Object> letter = readOne(2);
        assertThat(letter).containsEntry("tenant", "acme").containsEntry(EnvelopeHeaders.DLT_LISTENER_ID, "second")
            .containsEntry(EnvelopeHeaders.DLT_CHANNEL, "").containsEntry(EnvelopeHeaders.DLT_EXCEPTION_CLASS, "")
            .containsEntry(EnvelopeHeaders.DLT_EXCEPTION_MESSAGE, "").containsEntry("body", "body");
    }

    @Test
    void shouldShortenAMessageTooLongForTheWriterAndKeepTheBody()
    {
        final String message = "é".repeat(600);
        final String body = "b".repeat(300);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 3, 1 << 17, 1000, 1000, TickUnit.MILLIS)))
        {
            assertThat(new DeadLetterEnvelope().origin("orders", 3, 0, "audit")
                .failure(new IllegalArgumentException(message), 1).write(writer, utf8(body))).isNotNegative();
        }
        final Map<String, Object> letter = readOne(3);
        final String written = (String)letter.get(EnvelopeHeaders.DLT_EXCEPTION_MESSAGE);
        assertThat(written).endsWith("...").hasSizeLessThan(message.length());
        assertThat(message).startsWith(written.substring(0, written.length() - 3));
        assertThat(letter.get("body")).isEqualTo(body);
    }

    @Test
    void shouldRefuseALetterThatDoesNotFitEvenWithoutItsMessage()
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 4, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            assertThat(new DeadLetterEnvelope().origin("orders", 4, 0, "audit")
                .failure(new IllegalStateException("refused"), 1).write(writer, utf8("b".repeat(90))))
                .isEqualTo(Writer.NO_SPACE_FOR_RECORD);
        }
    }

    @Test
    void shouldRefuseAMessageHeaderTheEnvelopeCannotHold()
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 5, 1 << 17, 1000, 1000, TickUnit.MILLIS)))
        {
            final DeadLetterEnvelope letter = new DeadLetterEnvelope()
                .originalHeaders(Map.of("when", new Object()), "dlt");
            assertThatThrownBy(() -> letter.write(writer, utf8("body"))).isInstanceOf(KekbitConversionException.class)
                .hasMessageStartingWith("header 'when' of type java.lang.Object cannot be written to writer 'dlt'");
        }
    }

    @Test
    void shouldShortenBetweenCharacters()
    {
        assertThat(DeadLetterEnvelope.shorten("abcdef", 6)).isEqualTo("abcdef");
        assertThat(DeadLetterEnvelope.shorten("abcdefg", 6)).isEqualTo("abc...");
        assertThat(DeadLetterEnvelope.shorten("aéééé", 8)).isEqualTo("aéé...");
        assertThat(DeadLetterEnvelope.shorten("aéééé", 7)).isEqualTo("aé...");
        assertThat(DeadLetterEnvelope.shorten("abcdefg", 3)).isEmpty();
    }

    private static ByteBuffer utf8(final String text)
    {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The one record of a channel as headers plus its body under the key "body". */
    private Map<String, Object> readOne(final long channelId)
    {
        final List<Map<String, Object>> letters = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            Readers.drain(reader, (buffer, offset, length, position) ->
            {
                final EnvelopeDecoder decoder = new EnvelopeDecoder();
                assertThat(decoder.wrap(buffer, offset, length)).isNull();
                final Map<String, Object> letter = new LinkedHashMap<>();
                while (decoder.next())
                {
                    letter.put(decoder.key(), decoder.value());
                }
                final byte[] body = new byte[decoder.bodyLength()];
                buffer.get(decoder.bodyOffset(), body);
                letter.put("body", new String(body, StandardCharsets.UTF_8));
                letters.add(letter);
            });
        }
        assertThat(letters).hasSize(1);
        return letters.get(0);
    }
}
