package io.kekbit.spring.listener;

import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * How a listener's channel reader ended, in words, and the file identity that tells a re-created channel from the
 * old one. Stateless and thread-safe.
 */
final class ReaderEnds
{
    private ReaderEnds()
    {
    }

    /**
     * One line saying why a channel reader is exhausted.
     *
     * @param error  the reader's {@link Reader#exhausted()}.
     * @param reader the reader.
     * @return the reason; for FAILED the reader's {@link Reader#failureReason()} when it has one.
     */
    static String describe(final ReadError error, final Reader reader)
    {
        if (error == null)
        {
            return "reader exhausted";
        }
        switch (error)
        {
            case CLOSED:
                return "CLOSED: the writer closed the channel at position " + reader.position();
            case CHANNEL_FULL:
                return "CHANNEL_FULL: the channel is full at position " + reader.position();
            case TIMEOUT:
                return "TIMEOUT: the writer wrote nothing, not even a heartbeat, for longer than " +
                    reader.header().timeoutDuration() + " (expired at " + reader.timeoutExpiration() + " " +
                    reader.header().tickUnit() + " since the epoch)";
            default:
                final String why = reader.failureReason();
                return "FAILED: " + (why != null ? why : "the channel is corrupt at position " + reader.position());
        }
    }

    /**
     * The file system's identity of a file (its inode on Linux), which changes when a channel is deleted and created
     * again.
     *
     * @param file the channel file.
     * @return the key, or null when the file cannot be read.
     */
    static Object fileKey(final Path file)
    {
        try
        {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
