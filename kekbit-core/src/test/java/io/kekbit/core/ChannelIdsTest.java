package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ChannelIds#parse}: the notation, its edges and the problem and message of each refusal. */
class ChannelIdsTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "0|0",
        "42|42",
        "+42|42",
        "'  42  '|42",
        "0x2a|42",
        "0X2A|42",
        "0x0|0",
        "1_001|1001",
        "1__001|1001",
        "0x0001_0002_0003_0004|281483566841860",
        "0xAAAABBBBCCCCDDDD|-6148895925951734307",
        "9223372036854775807|9223372036854775807",
        "9223372036854775808|-9223372036854775808",
        "18446744073709551615|-1",
        "0xffffffffffffffff|-1",
        "0x0000000000000000ffffffffffffffff|-1",
        "000000000000000000000000018446744073709551615|-1"
    })
    void shouldParseDecimalAndHexIds(final String text, final long expected)
    {
        assertThat(ChannelIds.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x", "0xg1", "1.5", "42L", "+", "+0x2a", "0x+2a", "_1", "1_", "0x_1", "1 2",
        "\u0664\u0662"})
    void shouldRefuseWhatIsNoId(final String text)
    {
        final ChannelIdFormatException ex = refusal(text);
        assertThat(ex.problem()).isEqualTo(ChannelIdFormatException.Problem.MALFORMED);
        assertThat(ex.text()).isEqualTo(text);
        assertThat(ex).hasMessage("'" + text + "' is not an id (expected decimal digits or 0x and hex digits, for " +
            "example 42 or 0x2a)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-0x2a", " -9223372036854775808"})
    void shouldRefuseANegativeId(final String text)
    {
        final ChannelIdFormatException ex = refusal(text);
        assertThat(ex.problem()).isEqualTo(ChannelIdFormatException.Problem.NEGATIVE);
        assertThat(ex).hasMessage("'" + text + "' is negative (an id is unsigned; write ids above " +
            "9223372036854775807 as they are, or in 0x hex)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551616", "0x1ffffffffffffffff", "0x1_0000_0000_0000_0000",
        "99999999999999999999999"})
    void shouldRefuseAnIdAbove64Bits(final String text)
    {
        final ChannelIdFormatException ex = refusal(text);
        assertThat(ex.problem()).isEqualTo(ChannelIdFormatException.Problem.OUT_OF_RANGE);
        assertThat(ex).hasMessage("'" + text + "' is out of range (an id is an unsigned 64-bit value: at most " +
            "18446744073709551615 or 0xffffffffffffffff)");
    }

    @Test
    void shouldRefuseNothingAsEmpty()
    {
        for (final String text : new String[] {null, "", "   "})
        {
            final ChannelIdFormatException ex = refusal(text);
            assertThat(ex.problem()).isEqualTo(ChannelIdFormatException.Problem.EMPTY);
            assertThat(ex.text()).isEqualTo(text);
            assertThat(ex).hasMessage("no id given").isInstanceOf(NumberFormatException.class);
        }
    }

    private static ChannelIdFormatException refusal(final String text)
    {
        final ChannelIdFormatException ex =
            catchThrowableOfType(ChannelIdFormatException.class, () -> ChannelIds.parse(text));
        assertThat(ex).as("refusal of '%s'", text).isNotNull();
        return ex;
    }
}
