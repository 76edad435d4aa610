package io.kekbit.core;

/**
 * Why a write was refused. {@link Writer} methods return the record size on success or one of the negative
 * {@link #code()}s; {@link #fromCode(long)} maps a code back. Nothing is written when a write is refused and the
 * writer stays usable, except after {@link #CHANNEL_FULL} and {@link #CLOSED}.
 */
public enum WriteError
{
    /** The channel has no room left for any record, not even a heartbeat. */
    CHANNEL_FULL(-1),
    /**
     * The record does not fit: longer than the max message length, longer than the space left, or empty.
     * A shorter record may still fit.
     */
    NO_SPACE_FOR_RECORD(-2),
    /** The encoder reported an invalid length; nothing was published. */
    ENCODING_ERROR(-3),
    /** The writer was closed. */
    CLOSED(-4);

    private static final WriteError[] BY_CODE = {null, CHANNEL_FULL, NO_SPACE_FOR_RECORD, ENCODING_ERROR, CLOSED};

    private final long code;

    WriteError(final long code)
    {
        this.code = code;
    }

    /**
     * The negative result code for this error.
     *
     * @return the code.
     */
    public long code()
    {
        return code;
    }

    /**
     * Maps a write result back to its error.
     *
     * @param result a value returned by a write method.
     * @return the error, or null when the result is not an error (>= 0).
     */
    public static WriteError fromCode(final long result)
    {
        return result < 0 && result >= -4 ? BY_CODE[(int)-result] : null;
    }

    /**
     * Text for a write result, for logs.
     *
     * @param result a value returned by a write method.
     * @return the error name, or {@code "OK(n)"}.
     */
    public static String errorString(final long result)
    {
        final WriteError error = fromCode(result);
        return error == null ? "OK(" + result + ")" : error.name();
    }
}
