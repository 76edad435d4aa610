package io.kekbit.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EnvelopeEncoderTest
{
    private final EnvelopeEncoder encoder = new EnvelopeEncoder();

    @Test
    void shouldEncodeTheDocumentedBytes()
    {
        final byte[] bytes = encoder.header("ct", "a/b").header("n", 258L).header("k", new byte[] {7})
            .toBytes("hi".getBytes(StandardCharsets.US_ASCII));

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(
            "ff4b4245" + "01" + "00" + "0300" + "25000000" +
            "0200" + "02" + "6374" + "03000000" + "612f62" +
            "0100" + "03" + "6e" + "08000000" + "0201000000000000" +
            "0100" + "01" + "6b" + "01000000" + "07" +
            "6869");
        assertThat(encoder.prefixLength()).isEqualTo(bytes.length - 2);
        assertThat(encoder.headerCount()).isEqualTo(3);
    }

    @Test
    void shouldEncodeAnEnvelopeWithoutHeaders()
    {
        final byte[] bytes = encoder.toBytes(new byte[0]);

        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("ff4b4245010000000000000" + "0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "é", "日本", "\uD83D\uDE00 emoji", "lone \uD800 surrogate"})
    void shouldEncodeUtf8LikeTheJdk(final String text)
    {
        final String key = text.isEmpty() ? "k" : text;
        final byte[] bytes = encoder.header(key, text).toBytes(new byte[0]);
        final byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        final byte[] valueBytes = text.getBytes(StandardCharsets.UTF_8);

        assertThat(bytes.length).isEqualTo(EnvelopeDescriptor.PREFIX_LENGTH +
            EnvelopeDescriptor.entryLength(keyBytes.length, valueBytes.length));
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        final int keyAt = EnvelopeDescriptor.PREFIX_LENGTH + EnvelopeDescriptor.ENTRY_KEY_OFFSET;
        assertThat(buffer.slice(keyAt, keyBytes.length)).isEqualTo(ByteBuffer.wrap(keyBytes));
        assertThat(buffer.slice(keyAt + keyBytes.length + 4, valueBytes.length)).isEqualTo(ByteBuffer.wrap(valueBytes));
    }

    @Test
    void shouldWriteLittleEndianIntoABigEndianBuffer()
    {
        encoder.header("n", 1L);
        final ByteBuffer big = ByteBuffer.allocate(64).order(ByteOrder.BIG_ENDIAN);
        final ByteBuffer little = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

        final int length = encoder.encode(big, 3, new byte[] {9}, 0, 1);
        encoder.encode(little, 3, new byte[] {9}, 0, 1);

        assertThat(big.array()).isEqualTo(little.array());
        assertThat(length).isEqualTo(encoder.encodedLength(1));
    }

    @Test
    void shouldReuseAfterClear()
    {
        encoder.header("a", "1").header("b", "2");
        encoder.clear().header("c", 3L);

        assertThat(encoder.headerCount()).isEqualTo(1);
        assertThat(encoder.prefixLength()).isEqualTo(EnvelopeDescriptor.PREFIX_LENGTH +
            EnvelopeDescriptor.entryLength(1, 8));
    }

    @Test
    void shouldGrowBeyondTheInitialCapacity()
    {
        for (int i = 0; i < 100; i++)
        {
            encoder.header("h" + i, (long)i);
        }
        final EnvelopeDecoder decoder = new EnvelopeDecoder();
        final byte[] bytes = encoder.toBytes(new byte[] {1, 2});

        assertThat(decoder.wrap(ByteBuffer.wrap(bytes), 0, bytes.length)).isNull();
        assertThat(decoder.headerCount()).isEqualTo(100);
        assertThat(decoder.find("h99")).isTrue();
        assertThat(decoder.longValue()).isEqualTo(99);
    }

    @Test
    void shouldRejectAnEmptyKey()
    {
        assertThatThrownBy(() -> encoder.header("", "v")).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("header key length out of range 1..65535: keyLength=0");
    }

    @Test
    void shouldRejectATooLongKey()
    {
        final String key = "x".repeat(65536);

        assertThatThrownBy(() -> encoder.header(key, 1L)).isInstanceOf(IllegalArgumentException.class)
            .hasMessage("header key length out of range 1..65535: keyLength=65536");
    }

    @Test
    void shouldRejectNullValues()
    {
        assertThatThrownBy(() -> encoder.header("k", (String)null)).isInstanceOf(NullPointerException.class)
            .hasMessage("header value");
        assertThatThrownBy(() -> encoder.header("k", (byte[])null)).isInstanceOf(NullPointerException.class)
            .hasMessage("header value");
        assertThat(encoder.headerCount()).isZero();
    }

    @Test
    void shouldFailWhenTheDestinationIsTooSmall()
    {
        encoder.header("k", "value");

        assertThatThrownBy(() -> encoder.encode(ByteBuffer.allocate(10), 0, new byte[1], 0, 1))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
