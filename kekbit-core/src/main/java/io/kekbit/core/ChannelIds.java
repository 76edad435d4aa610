package io.kekbit.core;

/**
 * Parses channel ids as people write them: unsigned 64-bit, in decimal ({@code 42}, {@code 18446744073709551615}) or
 * in hex after {@code 0x} or {@code 0X} ({@code 0x2a}, {@code 0xffffffffffffffff}), with {@code _} allowed between
 * digits ({@code 0x0000_0001_0000_0000}) and surrounding white space ignored. Ids above {@link Long#MAX_VALUE} come
 * back as negative longs, as channel files name them. Journal and writer ids use the same notation; callers check
 * their narrower ranges themselves.
 * <p>
 * Failures are a {@link ChannelIdFormatException} whose {@link ChannelIdFormatException#problem() problem} lets a
 * caller word the report in its own terms (a property, a command-line argument) and whose message stands alone.
 * Thread-safe (stateless).
 */
public final class ChannelIds
{
    /** The ids that parse, in words, for error messages. */
    public static final String RANGE = "0 to 18446744073709551615, in decimal or 0x hex (0x0 to 0xffffffffffffffff)";

    private ChannelIds()
    {
    }

    /**
     * Parses an unsigned 64-bit id.
     *
     * @param text decimal digits, or {@code 0x} and hex digits; {@code _} may stand anywhere between the first and
     *             the last digit; a leading {@code +} is accepted before decimal digits; white space around is
     *             ignored.
     * @return the id as a long (ids above 2^63 - 1 are negative).
     * @throws ChannelIdFormatException when the text is null or blank ({@link ChannelIdFormatException.Problem#EMPTY}),
     *                                  starts with {@code -} ({@link ChannelIdFormatException.Problem#NEGATIVE}), is no
     *                                  such number ({@link ChannelIdFormatException.Problem#MALFORMED}) or is above
     *                                  2^64 - 1 ({@link ChannelIdFormatException.Problem#OUT_OF_RANGE}).
     */
    public static long parse(final CharSequence text)
    {
        final String trimmed = text == null ? "" : text.toString().trim();
        if (trimmed.isEmpty())
        {
            throw new ChannelIdFormatException(ChannelIdFormatException.Problem.EMPTY, text);
        }
        if (trimmed.charAt(0) == '-')
        {
            throw new ChannelIdFormatException(ChannelIdFormatException.Problem.NEGATIVE, text);
        }
        final boolean hex = trimmed.length() > 1 && trimmed.charAt(0) == '0' &&
            (trimmed.charAt(1) == 'x' || trimmed.charAt(1) == 'X');
        final int start = hex ? 2 : trimmed.charAt(0) == '+' ? 1 : 0;
        final int radix = hex ? 16 : 10;
        final StringBuilder digits = new StringBuilder(trimmed.length() - start);
        for (int i = start; i < trimmed.length(); i++)
        {
            final char c = trimmed.charAt(i);
            if (c == '_' && i > start && i < trimmed.length() - 1)
            {
                continue;
            }
            if (!isDigit(c, hex))
            {
                throw new ChannelIdFormatException(ChannelIdFormatException.Problem.MALFORMED, text);
            }
            digits.append(c);
        }
        if (digits.length() == 0)
        {
            throw new ChannelIdFormatException(ChannelIdFormatException.Problem.MALFORMED, text);
        }
        try
        {
            return Long.parseUnsignedLong(digits, 0, digits.length(), radix);
        }
        catch (final NumberFormatException ex)
        {
            throw new ChannelIdFormatException(ChannelIdFormatException.Problem.OUT_OF_RANGE, text);
        }
    }

    private static boolean isDigit(final char c, final boolean hex)
    {
        return c >= '0' && c <= '9' || hex && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
    }
}
