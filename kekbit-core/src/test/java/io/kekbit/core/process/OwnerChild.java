package io.kekbit.core.process;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * Child JVM for {@link WriterOwnerLockTest}. {@code probe <root> <channelId>} prints {@code HOLDER <pid>} (the result
 * of {@link Kekbit#writerPid}); {@code resume <root> <channelId>} tries to resume the channel and prints
 * {@code RESUMED} or {@code REFUSED <reason> <message>}; {@code write <root> <channelId> <records>} creates the
 * channel, writes {@code record-<n>} records, prints {@code READY} and waits to be killed.
 */
public final class OwnerChild
{
    private OwnerChild()
    {
    }

    /**
     * Runs one mode.
     *
     * @param args mode, root, channel id, and for {@code write} the record count.
     */
    public static void main(final String[] args)
    {
        final Path root = Path.of(args[1]);
        final long channelId = Long.parseLong(args[2]);
        switch (args[0])
        {
            case "probe":
                System.out.println("HOLDER " + Kekbit.writerPid(root, channelId));
                break;
            case "resume":
                try (Writer writer = Kekbit.resumeShmWriter(root, channelId))
                {
                    System.out.println("RESUMED " + writer.writeOffset());
                }
                catch (final ChannelException ex)
                {
                    System.out.println("REFUSED " + ex.reason() + " " + ex.getMessage());
                }
                break;
            default:
                final Writer writer = Kekbit.shmWriter(root, Header.of(1, channelId, 1 << 16, 256, 60_000,
                    TickUnit.MILLIS));
                for (int i = 0; i < Integer.parseInt(args[3]); i++)
                {
                    writer.write(("record-" + i).getBytes(StandardCharsets.UTF_8));
                }
                System.out.println("READY");
                System.out.flush();
                while (!writer.isClosed())
                {
                    LockSupport.parkNanos(1_000_000_000L);
                }
                break;
        }
        System.out.flush();
    }
}
