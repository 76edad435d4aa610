package io.kekbit.cli;

import io.kekbit.core.ChannelIdFormatException;
import io.kekbit.core.ChannelIdFormatException.Problem;
import io.kekbit.core.ChannelIds;
import io.kekbit.journal.JournalPosition;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parsing and formatting of command-line values: channel ids (decimal or {@code 0x} hex, unsigned 64-bit), sizes
 * ({@code 16KB}, {@code 64MB}: binary units) and durations ({@code 30s}, {@code 500ms}). Thread-safe (stateless).
 */
final class Values
{
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([a-z]*)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([a-zµ]+)");
    private static final Pattern JOURNAL_POSITION = Pattern.compile("(\\d{1,10}):(\\d{1,10})");

    private Values()
    {
    }

    /**
     * Parses an unsigned 64-bit id with {@link ChannelIds#parse}: decimal, or hex with a {@code 0x} prefix;
     * {@code _} separators are allowed between digits.
     *
     * @param text the text.
     * @return the id as a Java long (ids above 2^63 - 1 are negative).
     * @throws TypeConversionException when the text is not such a number.
     */
    static long parseId(final String text)
    {
        try
        {
            return ChannelIds.parse(text);
        }
        catch (final ChannelIdFormatException ex)
        {
            // A blank or negative id is reported like any other text that is no id: the usage names the notation.
            throw new TypeConversionException(ex.problem() == Problem.OUT_OF_RANGE ? ex.getMessage() :
                "'" + text + "' is " + Problem.MALFORMED.description());
        }
    }

    /**
     * Parses a size in bytes: digits with an optional unit {@code B}, {@code KB}/{@code K}/{@code KiB},
     * {@code MB}/{@code M}/{@code MiB}, {@code GB}/{@code G}/{@code GiB} (case-insensitive, powers of 1024).
     *
     * @param text the text.
     * @return the size in bytes.
     * @throws TypeConversionException when the text is not a size.
     */
    static long parseSize(final String text)
    {
        final Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
        {
            throw new TypeConversionException("'" + text + "' is not a size (expected digits and an optional unit: " +
                "B, KB, MB or GB, for example 16KB or 64MB)");
        }
        final long unit;
        switch (m.group(2))
        {
            case "":
            case "b":
                unit = 1;
                break;
            case "k":
            case "kb":
            case "kib":
                unit = 1L << 10;
                break;
            case "m":
            case "mb":
            case "mib":
                unit = 1L << 20;
                break;
            case "g":
            case "gb":
            case "gib":
                unit = 1L << 30;
                break;
            default:
                throw new TypeConversionException("'" + text + "' has an unknown size unit '" + m.group(2) +
                    "' (expected B, KB, MB or GB)");
        }
        try
        {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw new TypeConversionException("'" + text + "' is too large");
        }
    }

    /**
     * Parses a duration: digits and a unit {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d}, or an ISO-8601 duration such as {@code PT30S}.
     *
     * @param text the text.
     * @return the duration.
     * @throws TypeConversionException when the text is not a duration.
     */
    static Duration parseDuration(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p"))
        {
            try
            {
                final Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (d.isNegative())
                {
                    throw new TypeConversionException("'" + text + "' is negative");
                }
                return d;
            }
            catch (final DateTimeParseException ex)
            {
                throw notDuration(text);
            }
        }
        final Matcher m = DURATION.matcher(t);
        if (!m.matches())
        {
            throw notDuration(text);
        }
        final long amount;
        try
        {
            amount = Long.parseLong(m.group(1));
        }
        catch (final NumberFormatException ex)
        {
            throw new TypeConversionException("'" + text + "' is too large");
        }
        try
        {
            switch (m.group(2))
            {
                case "ns":
                    return Duration.ofNanos(amount);
                case "us":
                case "µs":
                    return Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                case "min":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                case "d":
                    return Duration.ofDays(amount);
                default:
                    throw new TypeConversionException("'" + text + "' has an unknown duration unit '" + m.group(2) +
                        "' (expected ns, us, ms, s, m, h or d)");
            }
        }
        catch (final ArithmeticException ex)
        {
            throw new TypeConversionException("'" + text + "' is too large");
        }
    }

    private static TypeConversionException notDuration(final String text)
    {
        return new TypeConversionException("'" + text + "' is not a duration (expected digits and a unit: ns, us, " +
            "ms, s, m, h or d, for example 30s or 500ms)");
    }

    /**
     * Formats an id as unsigned decimal and zero-padded hex.
     *
     * @param id the id.
     * @return for example {@code 42 (0x000000000000002a)}.
     */
    static String idText(final long id)
    {
        return Long.toUnsignedString(id) + " (" + hexId(id) + ")";
    }

    /**
     * Formats an id as zero-padded hex.
     *
     * @param id the id.
     * @return for example {@code 0x000000000000002a}.
     */
    static String hexId(final long id)
    {
        return String.format("0x%016x", id);
    }

    /**
     * Parses a journal position: {@code SEGMENT:OFFSET} (for example {@code 3:4096}) or the 64-bit
     * {@link JournalPosition} as one number (decimal or {@code 0x} hex).
     *
     * @param text the text.
     * @return the journal position.
     * @throws TypeConversionException when the text is neither form, or a part is out of range.
     */
    static long parseJournalPosition(final String text)
    {
        final Matcher m = JOURNAL_POSITION.matcher(text.trim().replace("_", ""));
        if (m.matches())
        {
            try
            {
                return JournalPosition.of(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new TypeConversionException("'" + text + "' is out of range (SEGMENT is 0.." +
                    JournalPosition.MAX_SEGMENT + ", OFFSET is 0..4294967295)");
            }
        }
        final long position;
        try
        {
            position = parseId(text);
        }
        catch (final TypeConversionException ex)
        {
            throw new TypeConversionException("'" + text + "' is not a journal position (expected SEGMENT:OFFSET, " +
                "for example 3:4096, or the 64-bit position as one number)");
        }
        if (position < 0)
        {
            throw new TypeConversionException("'" + text + "' is out of range (a 64-bit journal position is at most " +
                Long.MAX_VALUE + ")");
        }
        return position;
    }

    /**
     * Formats a journal position as {@code SEGMENT:OFFSET}.
     *
     * @param position a journal position.
     * @return for example {@code 3:4096}.
     */
    static String journalPositionText(final long position)
    {
        return JournalPosition.toString(position);
    }

    /**
     * Formats a journal id as unsigned decimal and zero-padded 32-bit hex.
     *
     * @param journalId the journal id.
     * @return for example {@code 7 (0x00000007)}.
     */
    static String journalIdText(final int journalId)
    {
        return Integer.toUnsignedString(journalId) + " (" + String.format("0x%08x", journalId) + ")";
    }

    /** Converts channel and writer ids for picocli. */
    static final class IdConverter implements ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            return parseId(value);
        }
    }

    /** Converts sizes for picocli. */
    static final class SizeConverter implements ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            return parseSize(value);
        }
    }

    /** Converts durations for picocli. */
    static final class DurationConverter implements ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String value)
        {
            return parseDuration(value);
        }
    }
}
