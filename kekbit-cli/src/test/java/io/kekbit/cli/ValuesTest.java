package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine.TypeConversionException;

class ValuesTest
{
    @ParameterizedTest
    @CsvSource({
        "42, 42",
        "0x2a, 42",
        "0X2A, 42",
        "0x0001_0002_0003_0004, 281483566841860",
        "0xAAAABBBBCCCCDDDD, -6148895925951734307",
        "18446744073709551615, -1",
        "0xffffffffffffffff, -1",
        "0, 0",
        "1_000_000, 1000000"
    })
    void shouldParseDecimalAndHexIds(final String text, final long expected)
    {
        assertThat(Values.parseId(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "-1", "abc", "0xg1", "1.5", "42L", "_42", "0x_2a"})
    void shouldRejectMalformedIds(final String text)
    {
        assertThatThrownBy(() -> Values.parseId(text))
            .isInstanceOf(TypeConversionException.class)
            .hasMessage("'" + text + "' is not an id (expected decimal digits or 0x and hex digits, for example 42 " +
                "or 0x2a)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551616", "0x1ffffffffffffffff"})
    void shouldRejectIdsAbove64Bits(final String text)
    {
        assertThatThrownBy(() -> Values.parseId(text))
            .isInstanceOf(TypeConversionException.class)
            .hasMessageStartingWith("'" + text + "' is out of range");
    }

    @ParameterizedTest
    @CsvSource({
        "16384, 16384",
        "100B, 100",
        "16KB, 16384",
        "16kb, 16384",
        "16K, 16384",
        "16KiB, 16384",
        "64MB, 67108864",
        "1 MB, 1048576",
        "4GB, 4294967296"
    })
    void shouldParseSizes(final String text, final long expected)
    {
        assertThat(Values.parseSize(text)).isEqualTo(expected);
    }

    @Test
    void shouldRejectBadSizes()
    {
        assertThatThrownBy(() -> Values.parseSize("16XB"))
            .hasMessage("'16XB' has an unknown size unit 'xb' (expected B, KB, MB or GB)");
        assertThatThrownBy(() -> Values.parseSize("-1KB"))
            .hasMessage("'-1KB' is not a size (expected digits and an optional unit: B, KB, MB or GB, for example " +
                "16KB or 64MB)");
        assertThatThrownBy(() -> Values.parseSize("99999999999GB")).hasMessage("'99999999999GB' is too large");
    }

    @ParameterizedTest
    @CsvSource({
        "30s, PT30S",
        "500ms, PT0.5S",
        "250us, PT0.00025S",
        "7ns, PT0.000000007S",
        "2m, PT2M",
        "1h, PT1H",
        "1d, PT24H",
        "PT1M30S, PT1M30S"
    })
    void shouldParseDurations(final String text, final Duration expected)
    {
        assertThat(Values.parseDuration(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "s", "1.5s", "-3s", "P", "PTXS"})
    void shouldRejectMalformedDurations(final String text)
    {
        assertThatThrownBy(() -> Values.parseDuration(text))
            .isInstanceOf(TypeConversionException.class)
            .hasMessage("'" + text + "' is not a duration (expected digits and a unit: ns, us, ms, s, m, h or d, " +
                "for example 30s or 500ms)");
    }

    @Test
    void shouldRejectUnknownDurationUnit()
    {
        assertThatThrownBy(() -> Values.parseDuration("3w"))
            .hasMessage("'3w' has an unknown duration unit 'w' (expected ns, us, ms, s, m, h or d)");
    }

    @Test
    void shouldFormatIds()
    {
        assertThat(Values.idText(42)).isEqualTo("42 (0x000000000000002a)");
        assertThat(Values.idText(-1)).isEqualTo("18446744073709551615 (0xffffffffffffffff)");
    }
}
