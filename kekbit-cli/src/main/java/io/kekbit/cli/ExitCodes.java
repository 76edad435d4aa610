package io.kekbit.cli;

/**
 * Exit codes of the {@code kekbit} tool. Thread-safe (constants only).
 */
public final class ExitCodes
{
    /** The command did what was asked. */
    public static final int OK = 0;
    /**
     * A channel or file could not be opened or read: missing root, unknown channel, not a kekbit channel, truncated
     * or corrupt (FAILED) channel, channel already exists.
     */
    public static final int ERROR = 1;
    /** Bad command line: unknown option, bad option value, invalid {@code --from} position. */
    public static final int USAGE = 2;
    /** {@code write} refused an input line (too long, bad hex, no space left); earlier lines stay written. */
    public static final int INPUT_REJECTED = 3;

    private ExitCodes()
    {
    }
}
