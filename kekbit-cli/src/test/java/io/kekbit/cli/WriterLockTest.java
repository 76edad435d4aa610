package io.kekbit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

@EnabledOnOs(value = OS.LINUX, disabledReason = "reads lock holders from /proc/locks (Linux)")
class WriterLockTest
{
    @TempDir
    Path dir;

    private Path lockFile() throws IOException
    {
        return Files.write(dir.resolve("journal.lock"), new byte[0]);
    }

    private Path table(final String... lines) throws IOException
    {
        return Files.write(dir.resolve("locks"), String.join("\n", lines).getBytes());
    }

    @Test
    void shouldFindTheHolderInTheLockTable() throws IOException
    {
        final Path lock = lockFile();
        final long inode = ((Number)Files.getAttribute(lock, "unix:ino")).longValue();
        final WriterLock held = WriterLock.probe(lock, table(
            "1: FLOCK  ADVISORY  WRITE 77 00:01:" + inode + " 0 EOF",
            "2: POSIX  ADVISORY  WRITE 4242 00:00:" + (inode + 1) + " 0 EOF",
            "2: -> POSIX  ADVISORY  WRITE 99 00:00:" + inode + " 0 EOF"));
        assertThat(held.state).isEqualTo(WriterLock.State.HELD);
        assertThat(held.pid).isEqualTo(77);
        assertThat(held.text()).isEqualTo("HELD by pid 77");
    }

    @Test
    void shouldReportFreeAndUnknown() throws IOException
    {
        final Path lock = lockFile();
        final WriterLock free = WriterLock.probe(lock, table("1: POSIX  ADVISORY  WRITE 4242 00:00:1 0 EOF"));
        assertThat(free.text()).isEqualTo("FREE (no process holds journal.lock)");
        final WriterLock unknown = WriterLock.probe(lock, dir.resolve("no-such-table"));
        assertThat(unknown.state).isEqualTo(WriterLock.State.UNKNOWN);
        assertThat(unknown.text()).isEqualTo("UNKNOWN (cannot tell whether a writer holds journal.lock " +
            "(/proc/locks not readable))");
        final WriterLock noFile = WriterLock.probe(dir.resolve("other.lock"), dir.resolve("no-such-table"));
        assertThat(noFile.text()).isEqualTo("FREE (no other.lock file)");
    }
}
