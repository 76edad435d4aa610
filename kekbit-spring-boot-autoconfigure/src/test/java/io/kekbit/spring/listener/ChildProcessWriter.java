package io.kekbit.spring.listener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

/**
 * Main class run in a child JVM by {@link CrossProcessListenerTests}: creates a channel, writes records, closes it.
 */
public final class ChildProcessWriter
{
    private ChildProcessWriter()
    {
    }

    /**
     * Writes {@code count} records {@code record-<i>} to a new channel.
     *
     * @param args root folder, channel id, count.
     */
    public static void main(final String[] args)
    {
        final Path root = Path.of(args[0]);
        final long channelId = Long.parseLong(args[1]);
        final int count = Integer.parseInt(args[2]);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(7, channelId, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            for (int i = 0; i < count; i++)
            {
                writer.write(("record-" + i).getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
