package io.kekbit.core.process;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Child JVM: writes a channel, opens a reader, then truncates the file under the open mapping to the given length
 * and reads on. Prints {@code END <read result> <exhausted>} or {@code THROWN <throwable>}; the point is that the
 * JVM survives. Arguments: {@code root truncatedLength}.
 */
public final class TruncateWhileOpenChild
{
    private TruncateWhileOpenChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path root = Path.of(args[0]);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 1, 1 << 20, 1000, 1000, TickUnit.MILLIS)))
        {
            for (int i = 0; i < 1000; i++)
            {
                writer.write(new byte[500]);
            }
        }
        try (Reader reader = Kekbit.shmReader(root, 1))
        {
            try (FileChannel channel = FileChannel.open(Kekbit.storagePath(root, 1), StandardOpenOption.WRITE))
            {
                channel.truncate(Long.parseLong(args[1]));
            }
            long result;
            int calls = 0;
            while ((result = reader.read((buffer, offset, length, position) -> buffer.get(offset + length - 1), 10)) > 0
                && calls++ < 10_000)
            {
                // read on
            }
            System.out.println("END " + result + " " + reader.exhausted());
        }
        catch (final Throwable ex)
        {
            System.out.println("THROWN " + ex);
        }
    }
}
