package io.kekbit.cli;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.RecordDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opening channels for the commands, with one-line errors that name the file. Thread-safe (stateless).
 */
final class Channels
{
    private Channels()
    {
    }

    /**
     * Checks that the root folder exists.
     *
     * @param root the root folder.
     * @throws CliException with {@link ExitCodes#ERROR} when it does not exist or is not a folder.
     */
    static void checkRoot(final Path root)
    {
        if (!Files.exists(root))
        {
            throw new CliException(ExitCodes.ERROR, "root folder not found: " + root);
        }
        if (!Files.isDirectory(root))
        {
            throw new CliException(ExitCodes.ERROR, "root is not a folder: " + root);
        }
    }

    /**
     * Opens a reader on a channel.
     *
     * @param root      root folder, checked first.
     * @param channelId channel id.
     * @return the reader.
     * @throws CliException with {@link ExitCodes#ERROR} when the root or the channel is missing or invalid.
     */
    static Reader openReader(final Path root, final long channelId)
    {
        checkRoot(root);
        try
        {
            return Kekbit.shmReader(root, channelId);
        }
        catch (final ChannelException ex)
        {
            throw toCliException(ex, channelId);
        }
    }

    /**
     * Turns a channel exception into a one-line error.
     *
     * @param ex        the exception.
     * @param channelId the channel id asked for.
     * @return the error to throw.
     */
    static CliException toCliException(final ChannelException ex, final long channelId)
    {
        if (ex.reason() == ChannelError.STORAGE_NOT_FOUND)
        {
            return new CliException(ExitCodes.ERROR,
                "unknown channel " + Values.idText(channelId) + ": no file " + ex.path());
        }
        return new CliException(ExitCodes.ERROR, describe(ex));
    }

    /**
     * Describes a channel exception in one line.
     *
     * @param ex the exception.
     * @return the text.
     */
    static String describe(final ChannelException ex)
    {
        if (ex.reason() == ChannelError.INVALID_SIGNATURE)
        {
            return "not a kekbit channel: " + ex.getMessage();
        }
        return ex.getMessage();
    }

    /**
     * Moves a reader to a position given on the command line.
     *
     * @param reader   the reader.
     * @param position the wanted position.
     * @param path     channel file, for the message.
     * @throws CliException with {@link ExitCodes#USAGE} when the position is not a record boundary.
     */
    static void moveTo(final Reader reader, final long position, final Path path)
    {
        final long result = position < 0 ? InvalidPosition.UNAVAILABLE.code() : reader.moveTo(position);
        if (result < 0)
        {
            final InvalidPosition why = InvalidPosition.fromCode(result);
            throw new CliException(ExitCodes.USAGE, "invalid --from " + position + ": " + why + " in " + path +
                (why == InvalidPosition.UNALIGNED ? " (not a multiple of 8, or inside a record)" :
                " (negative, or beyond the written data)") +
                "; valid positions are 0, a record's position, or the write position");
        }
    }

    /**
     * Reads the raw length word at a data position, for error messages about corrupt channels.
     *
     * @param path     channel file.
     * @param position data position.
     * @return the word as unsigned hex, or {@code "?"} when it cannot be read.
     */
    static String lengthWordAt(final Path path, final long position)
    {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            final ByteBuffer word = ByteBuffer.allocate(RecordDescriptor.LENGTH_WORD).order(ByteOrder.LITTLE_ENDIAN);
            final long offset = ChannelHeaderDescriptor.DATA_OFFSET + position;
            while (word.hasRemaining())
            {
                if (channel.read(word, offset + word.position()) < 0)
                {
                    return "?";
                }
            }
            return String.format("0x%016x", word.getLong(0));
        }
        catch (final IOException ex)
        {
            return "?";
        }
    }

    /**
     * The one-line error for a reader that ended with {@link ReadError#FAILED}: an invalid length word with its value,
     * or the reader's {@link Reader#failureReason()} (a record or length word past the end of the file, with the
     * file's stored length; a file that shrank while open).
     *
     * @param path   channel file.
     * @param reader the reader, standing on the bad length word.
     * @return the message.
     */
    static String corruptMessage(final Path path, final Reader reader)
    {
        final String reason = reader.failureReason();
        if (reason != null && !reason.contains(": invalid length word "))
        {
            // Past the end of the file, or the file shrank while open: the reader's reason says where and why.
            return reason;
        }
        return "corrupt channel " + path + ": invalid length word " + lengthWordAt(path, reader.position()) +
            " at position " + reader.position() + " (max message length " + reader.header().maxMessageLength() + ")";
    }

    /**
     * Describes a fault on a mapped channel file: the file's length now, when another process cut it.
     *
     * @param path the channel file.
     * @param ex   the fault the JDK raised.
     * @return "the file shrank below its capacity while open: it is now N bytes (fault)", or that it is gone.
     */
    static String shrunk(final Path path, final InternalError ex)
    {
        try
        {
            return "the file shrank below its capacity while open: it is now " + Files.size(path) + " bytes (" +
                ex.getMessage() + ")";
        }
        catch (final IOException ioe)
        {
            return "the file is gone while open (" + ex.getMessage() + ")";
        }
    }
}
