package io.kekbit.core;

/**
 * Why a reader cannot deliver more records: the seed's {@code ReadError}. Terminal and sticky: once a reader
 * reports one, every further read reports the same until a successful {@link Reader#moveTo(long)}.
 * {@link Reader#read} returns {@link #code()} when exhausted; {@link Reader#exhausted()} names the reason.
 */
public enum ReadError
{
    /** The writer closed the channel. */
    CLOSED(-1),
    /** The reader reached the end of the channel's capacity. */
    CHANNEL_FULL(-2),
    /**
     * The writer wrote nothing, not even a heartbeat, for longer than the channel's timeout;
     * see {@link Reader#timeoutExpiration()}.
     */
    TIMEOUT(-3),
    /** The channel is corrupt: a length word that is neither a valid length nor a marker. */
    FAILED(-4);

    private static final ReadError[] BY_CODE = {null, CLOSED, CHANNEL_FULL, TIMEOUT, FAILED};

    private final long code;

    ReadError(final long code)
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
     * Maps a read result back to its error.
     *
     * @param result a value returned by {@link Reader#read}.
     * @return the error, or null when the result is not an error (>= 0).
     */
    public static ReadError fromCode(final long result)
    {
        return result < 0 && result >= -4 ? BY_CODE[(int)-result] : null;
    }

    /**
     * Text for a read result, for logs.
     *
     * @param result a value returned by {@link Reader#read}.
     * @return the error name, or {@code "OK(n)"}.
     */
    public static String errorString(final long result)
    {
        final ReadError error = fromCode(result);
        return error == null ? "OK(" + result + ")" : error.name();
    }
}
