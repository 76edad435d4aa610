package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PayloadFormatTest
{
    private static String format(final PayloadFormat format, final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        format.appendRecord(sb, bytes, bytes.length, 8);
        return sb.toString();
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintTextWithPositionAndLength()
    {
        assertThat(format(PayloadFormat.TEXT, utf8("There"))).isEqualTo("8\t5\tThere");
    }

    @Test
    void shouldEscapeControlCharactersBackslashesAndInvalidUtf8InText()
    {
        final byte[] bytes = {'a', '\t', 'b', '\n', '\r', '\\', 0, 0x1b, 0x7f, (byte)0xff, (byte)0xc3};
        assertThat(format(PayloadFormat.TEXT, bytes)).isEqualTo("8\t11\ta\\tb\\n\\r\\\\\\x00\\x1b\\x7f\\xff\\xc3");
    }

    @Test
    void shouldKeepNonAsciiTextAndEscapeC1Controls()
    {
        assertThat(format(PayloadFormat.TEXT, utf8("üñí€ \u0085"))).isEqualTo("8\t12\tüñí€ \\u0085");
    }

    @Test
    void shouldPrintLowerCaseHex()
    {
        assertThat(format(PayloadFormat.HEX, new byte[] {0, 0x7f, (byte)0xAB, (byte)0xff}))
            .isEqualTo("8\t4\t007fabff");
    }

    @Test
    void shouldPrintJsonWithHexAndTextOrNull()
    {
        assertThat(format(PayloadFormat.JSON, utf8("say \"hi\"\n")))
            .isEqualTo("{\"position\":8,\"length\":9,\"hex\":\"73617920226869220a\",\"text\":\"say \\\"hi\\\"\\n\"}");
        assertThat(format(PayloadFormat.JSON, new byte[] {(byte)0xff, 1}))
            .isEqualTo("{\"position\":8,\"length\":2,\"hex\":\"ff01\",\"text\":null}");
    }

    @Test
    void shouldPrintEndLines()
    {
        final StringBuilder sb = new StringBuilder();
        PayloadFormat.TEXT.appendEnd(sb, "CLOSED");
        assertThat(sb).hasToString("END\tCLOSED");
        sb.setLength(0);
        PayloadFormat.JSON.appendEnd(sb, "WATERMARK");
        assertThat(sb).hasToString("{\"end\":\"WATERMARK\"}");
    }
}
