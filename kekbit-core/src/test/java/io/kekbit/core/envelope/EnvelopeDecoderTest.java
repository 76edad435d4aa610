package io.kekbit.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvelopeDecoderTest
{
    private final EnvelopeEncoder encoder = new EnvelopeEncoder();
    private final EnvelopeDecoder decoder = new EnvelopeDecoder();

    @Test
    void shouldReadHeadersAndBodyInPlace()
    {
        final byte[] bytes = encoder.contentType("application/json").typeId("Order").header("attempt", 2L)
            .header("raw", new byte[] {1, 2, 3}).header("ключ", "значение")
            .toBytes("{\"id\":1}".getBytes(StandardCharsets.UTF_8));
        final byte[] padded = new byte[bytes.length + 10];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);
        final ByteBuffer buffer = ByteBuffer.wrap(padded).asReadOnlyBuffer();

        assertThat(decoder.wrap(buffer, 5, bytes.length)).isNull();
        assertThat(decoder.errorOffset()).isEqualTo(-1);
        assertThat(decoder.headerCount()).isEqualTo(5);
        assertThat(decoder.bodyLength()).isEqualTo(8);
        assertThat(new String(padded, decoder.bodyOffset(), decoder.bodyLength(), StandardCharsets.UTF_8))
            .isEqualTo("{\"id\":1}");
        final List<String> seen = new ArrayList<>();
        while (decoder.next())
        {
            seen.add(decoder.key() + "=" + EnvelopeDescriptor.typeName(decoder.valueType()) + ":" +
                decoder.stringValue());
        }
        assertThat(seen).containsExactly("contentType=string:application/json", "kekbit_typeId=string:Order",
            "attempt=long:2", "raw=bytes:\u0001\u0002\u0003", "ключ=string:значение");
        assertThat(decoder.find("attempt")).isTrue();
        assertThat(decoder.longValue()).isEqualTo(2);
        assertThat(decoder.value()).isEqualTo(2L);
        assertThat(decoder.find("raw")).isTrue();
        assertThat(decoder.bytesValue()).containsExactly(1, 2, 3);
        assertThat(decoder.value()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(decoder.find("ключ")).isTrue();
        assertThat(decoder.value()).isEqualTo("значение");
        assertThat(decoder.find("missing")).isFalse();
        assertThat(decoder.find("attemp")).isFalse();
    }

    @Test
    void shouldDecodeFromABigEndianView()
    {
        final byte[] bytes = encoder.header("n", -5L).toBytes(new byte[] {4});
        final ByteBuffer big = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);

        assertThat(decoder.wrap(big, 0, bytes.length)).isNull();
        assertThat(decoder.find("n")).isTrue();
        assertThat(decoder.longValue()).isEqualTo(-5);
        assertThat(EnvelopeDecoder.hasMagic(big, 0, bytes.length)).isTrue();
    }

    @Test
    void shouldRefuseALongReadOfAString()
    {
        final byte[] bytes = encoder.header("s", "x").toBytes(new byte[0]);
        decoder.wrap(ByteBuffer.wrap(bytes), 0, bytes.length);
        decoder.next();

        assertThatThrownBy(decoder::longValue).isInstanceOf(IllegalStateException.class)
            .hasMessage("header 's' is not a long: type=string");
    }

    @Test
    void shouldReportARawRecordAsNotEnveloped()
    {
        final byte[] json = "{\"id\":1,\"name\":\"raw record\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(decoder.wrap(ByteBuffer.wrap(json), 0, json.length)).isEqualTo(EnvelopeError.NOT_ENVELOPE);
        assertThat(decoder.errorOffset()).isZero();
        assertThat(EnvelopeDecoder.hasMagic(ByteBuffer.wrap(json), 0, json.length)).isFalse();
        assertThat(decoder.wrap(ByteBuffer.wrap(new byte[] {(byte)0xff, 0x4b}), 0, 2))
            .isEqualTo(EnvelopeError.NOT_ENVELOPE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "version 2,                    ff4b4245020000000000000000, UNSUPPORTED_VERSION, 4",
        "flags set,                    ff4b4245010100000000000000, MALFORMED, 5",
        "headers longer than record,   ff4b42450100000005000000aa, MALFORMED, 8",
        "negative headers length,      ff4b424501000000ffffffff,   MALFORMED, 8",
        "count without entries,        ff4b42450100010000000000,   MALFORMED, 12",
        "empty key,                    ff4b424501000100070000000000020000000000, MALFORMED, 12",
        "unknown type,                 ff4b42450100010008000000010009610000000000, MALFORMED, 12",
        "value past headers,           ff4b42450100010008000000010002610500000061, MALFORMED, 16",
        "long of 4 bytes,              ff4b4245010001000c00000001000361040000000100000000, MALFORMED, 16",
        "entries shorter than length,  ff4b4245010001000a0000000100026100000000aaaa, MALFORMED, 20",
    })
    void shouldRejectMalformedEnvelopes(
        final String name, final String hex, final EnvelopeError expected, final int errorOffset)
    {
        final byte[] bytes = HexFormat.of().parseHex(hex);

        assertThat(decoder.wrap(ByteBuffer.wrap(bytes), 0, bytes.length)).isEqualTo(expected);
        assertThat(decoder.errorOffset()).isEqualTo(errorOffset);
        assertThat(decoder.headerCount()).isZero();
        assertThat(decoder.next()).isFalse();
    }

    @Test
    void shouldAcceptAnEnvelopeWithAnEmptyBody()
    {
        final byte[] bytes = encoder.header("k", "v").toBytes(new byte[0]);

        assertThat(decoder.wrap(ByteBuffer.wrap(bytes), 0, bytes.length)).isNull();
        assertThat(decoder.bodyLength()).isZero();
        assertThat(decoder.bodyOffset()).isEqualTo(bytes.length);
    }
}
