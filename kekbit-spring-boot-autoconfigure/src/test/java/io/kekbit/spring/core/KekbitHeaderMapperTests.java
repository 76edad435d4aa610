package io.kekbit.spring.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.spring.listener.KekbitHeaders;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.MessageHeaders;
import org.springframework.util.MimeTypeUtils;

class KekbitHeaderMapperTests
{
    @Test
    void shouldSkipTransientAndReceiveSideHeaders()
    {
        assertThat(KekbitHeaderMapper.isSkipped(MessageHeaders.ID)).isTrue();
        assertThat(KekbitHeaderMapper.isSkipped(MessageHeaders.TIMESTAMP)).isTrue();
        assertThat(KekbitHeaderMapper.isSkipped(KekbitHeaders.POSITION)).isTrue();
        assertThat(KekbitHeaderMapper.isSkipped(KekbitHeaders.CHANNEL_ID)).isTrue();
        assertThat(KekbitHeaderMapper.isSkipped(KekbitHeaders.CHANNEL_NAME)).isTrue();
        assertThat(KekbitHeaderMapper.isSkipped(MessageHeaders.CONTENT_TYPE)).isFalse();
        assertThat(KekbitHeaderMapper.isSkipped("kekbit_typeId")).isFalse();
    }

    @Test
    void shouldRoundTripSupportedTypes()
    {
        final MessageHeaders headers = new MessageHeaders(Map.of(
            MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON,
            "text", "héllo",
            "bytes", new byte[] {1, 2},
            "int", 7,
            "short", (short)8,
            "byte", (byte)9,
            "long", Long.MIN_VALUE,
            KekbitHeaders.POSITION, 64L));
        final EnvelopeEncoder encoder = new EnvelopeEncoder();

        KekbitHeaderMapper.toEnvelope(headers, encoder, "w");
        final byte[] bytes = encoder.toBytes(new byte[0]);
        final EnvelopeDecoder decoder = new EnvelopeDecoder();
        assertThat(decoder.wrap(ByteBuffer.wrap(bytes), 0, bytes.length)).isNull();
        final Map<String, Object> back = new LinkedHashMap<>();
        KekbitHeaderMapper.fromEnvelope(decoder, back);

        assertThat(KekbitHeaderMapper.mappedCount(headers)).isEqualTo(7);
        assertThat(back).hasSize(7).containsEntry(MessageHeaders.CONTENT_TYPE, "application/json")
            .containsEntry("text", "héllo").containsEntry("int", 7L).containsEntry("short", 8L)
            .containsEntry("byte", 9L).containsEntry("long", Long.MIN_VALUE);
        assertThat((byte[])back.get("bytes")).containsExactly(1, 2);
    }

    @Test
    void shouldRefuseOtherTypesNamingTheHeader()
    {
        final Map<String, Object> headers = Map.of("ratio", 0.5);

        assertThatThrownBy(() -> KekbitHeaderMapper.toEnvelope(headers, new EnvelopeEncoder(), "orders"))
            .isInstanceOf(KekbitConversionException.class)
            .hasMessage("header 'ratio' of type java.lang.Double cannot be written to writer 'orders' (envelope " +
                "header values: String, byte[], Long, Integer, Short, Byte, MimeType)");
    }
}
