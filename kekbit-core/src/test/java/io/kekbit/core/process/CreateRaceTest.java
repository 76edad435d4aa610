package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three child JVMs create the same channel at the same instant, many rounds: the children wait on stdin, the test
 * releases all of them with one line each, back to back. Exactly one wins, the others get STORAGE_ALREADY_EXISTS,
 * no lock file is left and the channel is valid. A loser stopped by the winner's lock file is told the channel is
 * being created (by the winner's process id), never that the lock is stale or names no creator. Rounds: system property {@code kekbit.race.rounds} (default 200).
 */
class CreateRaceTest
{
    private static final int CONTENDERS = 3;

    @TempDir
    Path root;

    @Test
    void exactlyOneCreatorWinsEveryRound() throws IOException
    {
        final int rounds = ProcessTests.intProperty("kekbit.race.rounds", 200);
        final List<ChildJvm> children = new ArrayList<>();
        try
        {
            for (int i = 0; i < CONTENDERS; i++)
            {
                children.add(ChildJvm.start(CreateRaceChild.class));
            }
            for (final ChildJvm child : children)
            {
                child.awaitLine("READY", ChildJvm.DEFAULT_WAIT);
            }
            int lostAtLock = 0;
            for (int round = 0; round < rounds; round++)
            {
                final long channelId = 0x0000_7000_0000_0000L + round;
                final String barrier = root + " " + channelId;
                for (final ChildJvm child : children)
                {
                    child.send(barrier);
                }
                int won = 0;
                for (final ChildJvm child : children)
                {
                    final String line = child.nextLine(ChildJvm.DEFAULT_WAIT);
                    assertThat(line).as("round %d: %s", round, child.describe()).startsWith(channelId + " ");
                    final String outcome = line.substring(line.indexOf(' ') + 1);
                    if (outcome.equals("WON"))
                    {
                        won++;
                    }
                    else
                    {
                        assertThat(outcome).as("round %d", round).startsWith("LOST STORAGE_ALREADY_EXISTS ")
                            .as("round %d: a live creator's lock is never called stale or unrecorded", round)
                            .doesNotContain("stale")
                            .doesNotContain("no creator recorded")
                            .doesNotContain("no process holds it");
                        if (outcome.contains("lock file"))
                        {
                            lostAtLock++;
                        }
                    }
                }
                assertThat(won).as("winners in round %d", round).isEqualTo(1);
                final Path path = Kekbit.storagePath(root, channelId);
                try (Stream<Path> files = Files.list(path.getParent()))
                {
                    assertThat(files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".lock") || name.endsWith(".tmp")))
                        .as("round %d: no lock or temporary file left", round)
                        .isEmpty();
                }
                assertThat(path).as("round %d: channel file", round).isRegularFile();
                try (Reader reader = Kekbit.shmReader(root, channelId))
                {
                    final int[] count = {0};
                    reader.read((buffer, offset, length, position) -> count[0]++, 10);
                    assertThat(count[0]).as("round %d: the winner's record", round).isEqualTo(1);
                }
            }
            for (final ChildJvm child : children)
            {
                child.process().getOutputStream().close();
                assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
                assertThat(child.stderr()).as(child.describe()).isEmpty();
            }
            System.out.println("CreateRaceTest: " + rounds + " rounds, " + CONTENDERS + " contenders, " + lostAtLock +
                " losses decided at the lock file (the rest at the channel file)");
        }
        finally
        {
            for (final ChildJvm child : children)
            {
                child.close();
            }
        }
    }
}
