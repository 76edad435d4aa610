package io.kekbit.core.shm;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.internal.PrivateFiles;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Child JVM for the umask test (run under {@code umask 000}): creates, under {@code args[0]}, every kind of file and
 * folder kekbit makes and keeps them open, then prints {@code UMASK <mode of a plain new file>} and {@code READY}, and
 * waits until its stdin ends. Made: a channel under missing folders ({@code owner/...}), a held creator lock for
 * channel 2 beside it, a durable position under other missing folders ({@code positions/...}), and a channel with
 * explicit permissions {@code rw-r-----} under missing folders ({@code shared/...}).
 */
public final class UmaskChild
{
    private UmaskChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path base = Path.of(args[0]);
        final Path plain = Files.createFile(base.resolve("plain"));
        System.out.println("UMASK " + PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
        final Path owner = base.resolve("owner").resolve("nested");
        final Path shared = base.resolve("shared").resolve("nested");
        try (Writer writer = Kekbit.shmWriter(owner, Header.of(1, 1, 16384, 100, 1000, TickUnit.MILLIS));
            CreatorLock lock = CreatorLock.acquire(StorageDescriptor.lockPath(owner, 2), PrivateFiles.OWNER_ONLY);
            DurablePosition position = DurablePosition.open(base.resolve("positions").resolve("nested"), 1, "r");
            Writer wider = Kekbit.shmWriter(shared, Header.of(1, 3, 16384, 100, 1000, TickUnit.MILLIS),
                PosixFilePermissions.fromString("rw-r-----")))
        {
            writer.write(new byte[] {1});
            position.set(8);
            wider.write(new byte[] {2});
            System.out.println(lock == null ? "LOCK_EXISTS" : "READY");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // keep everything open until stdin ends
            }
        }
    }
}
