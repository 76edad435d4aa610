package io.kekbit.cli;

/**
 * A failure reported to the user as one line on stderr ({@code kekbit <command>: <message>}) with an exit code.
 * Thread-safe (immutable).
 */
final class CliException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(final int exitCode, final String message)
    {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode()
    {
        return exitCode;
    }
}
