package io.kekbit.journal;

import io.kekbit.core.DurablePosition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

/**
 * Child JVM for the journal umask test (run under {@code umask 000}): opens journal 5 under the missing folder
 * {@code args[0]}/root with the default permissions and journal 6 with {@code rw-r-----}, writes a record to each,
 * opens a durable position of journal 5, prints {@code UMASK <mode of a plain new file>} and {@code READY}, and waits
 * until its stdin ends.
 */
public final class UmaskJournalChild
{
    private UmaskJournalChild()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final Path base = Path.of(args[0]);
        final Path plain = Files.createFile(base.resolve("plain"));
        System.out.println("UMASK " + PosixFilePermissions.toString(Files.getPosixFilePermissions(plain)));
        final Path root = base.resolve("root");
        try (JournalWriter owner = Journal.writer(root, config(5).build());
            JournalWriter shared = Journal.writer(root, config(6)
                .permissions(PosixFilePermissions.fromString("rw-r-----")).build());
            DurablePosition position = Journal.durablePosition(root, 5, "audit"))
        {
            owner.write(new byte[] {1});
            shared.write(new byte[] {2});
            position.set(8);
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                // keep the writers open until stdin ends
            }
        }
    }

    private static JournalConfig.Builder config(final int journalId)
    {
        return JournalConfig.builder(journalId).segmentCapacity(16384).maxMessageLength(256)
            .timeout(Duration.ofHours(1));
    }
}
