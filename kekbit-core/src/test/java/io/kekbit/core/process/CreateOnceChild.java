package io.kekbit.core.process;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.MappedMemories;

import java.nio.file.Path;

/**
 * Child JVM: creates one channel ({@code root channelId capacity maxMessageLengthHint}), writes a record and
 * closes it. Prints {@code CREATED <implementation>}, or {@code FAILED <reason> <message>} and exits 2.
 */
public final class CreateOnceChild
{
    private CreateOnceChild()
    {
    }

    public static void main(final String[] args)
    {
        final Path root = Path.of(args[0]);
        final long channelId = Long.parseLong(args[1]);
        final long capacity = Long.parseLong(args[2]);
        final long maxLength = Long.parseLong(args[3]);
        final Header header = Header.of(1, channelId, capacity, maxLength, 1000, TickUnit.MILLIS);
        try (Writer writer = Kekbit.shmWriter(root, header))
        {
            writer.write(new byte[] {42});
        }
        catch (final ChannelException ex)
        {
            System.out.println("FAILED " + ex.reason() + " " + ex.getMessage().replace('\n', ' '));
            System.out.flush();
            System.exit(2);
        }
        System.out.println("CREATED " + MappedMemories.IMPLEMENTATION);
    }
}
