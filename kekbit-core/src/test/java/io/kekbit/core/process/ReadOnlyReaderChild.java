package io.kekbit.core.process;

import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child JVM, run as another user: checks it may not open the channel file for writing ({@code WRITE_DENIED}), then
 * reads the channel to its end and prints {@code RECORDS <count> <exhausted> <all buffers read-only>}.
 * Arguments: {@code root channelId}.
 */
public final class ReadOnlyReaderChild
{
    private ReadOnlyReaderChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path root = Path.of(args[0]);
        final long channelId = Long.parseLong(args[1]);
        try (FileChannel channel = FileChannel.open(Kekbit.storagePath(root, channelId), StandardOpenOption.WRITE))
        {
            System.out.println("WRITE_ALLOWED");
        }
        catch (final AccessDeniedException ex)
        {
            System.out.println("WRITE_DENIED");
        }
        final int[] count = {0};
        final boolean[] readOnly = {true};
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            int calls = 0;
            while (reader.read((buffer, offset, length, position) ->
            {
                count[0]++;
                readOnly[0] &= buffer.isReadOnly();
            }, 64) >= 0 && calls++ < 1000)
            {
                // until the end
            }
            final ReadError exhausted = reader.exhausted();
            System.out.println("RECORDS " + count[0] + " " + exhausted + " " + readOnly[0]);
        }
    }
}
