package io.kekbit.core;

/**
 * A text is not an unsigned 64-bit id ({@link ChannelIds#parse}). The message quotes the text and says what is
 * allowed; {@link #problem()} says what is wrong, so that a caller can word its own report (naming the property or
 * argument) and {@link #text()} returns the text as given. Thread-safe (immutable).
 */
public final class ChannelIdFormatException extends NumberFormatException
{
    private static final long serialVersionUID = 1L;

    /** What is wrong with the text. */
    public enum Problem
    {
        /** The text is null, empty or blank. */
        EMPTY("no id given"),
        /** The text starts with a minus sign; ids are unsigned. */
        NEGATIVE("negative (an id is unsigned; write ids above 9223372036854775807 as they are, or in 0x hex)"),
        /** The text is neither decimal digits nor {@code 0x} and hex digits. */
        MALFORMED("not an id (expected decimal digits or 0x and hex digits, for example 42 or 0x2a)"),
        /** The number is above 2^64 - 1. */
        OUT_OF_RANGE("out of range (an id is an unsigned 64-bit value: at most 18446744073709551615 or " +
            "0xffffffffffffffff)");

        private final String description;

        Problem(final String description)
        {
            this.description = description;
        }

        /**
         * What is wrong, in words, without the text.
         *
         * @return for example {@code "negative (an id is unsigned; ...)"}.
         */
        public String description()
        {
            return description;
        }
    }

    private final String text;
    private final Problem problem;

    /**
     * Creates the exception.
     *
     * @param problem what is wrong.
     * @param text    the text as given, or null.
     */
    public ChannelIdFormatException(final Problem problem, final CharSequence text)
    {
        super(problem == Problem.EMPTY ? problem.description() : "'" + text + "' is " + problem.description());
        this.problem = problem;
        this.text = text == null ? null : text.toString();
    }

    /**
     * What is wrong with the text.
     *
     * @return the problem.
     */
    public Problem problem()
    {
        return problem;
    }

    /**
     * The text as given.
     *
     * @return the text, or null when none was given.
     */
    public String text()
    {
        return text;
    }
}
