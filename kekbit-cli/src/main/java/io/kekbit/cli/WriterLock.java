package io.kekbit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether a journal writer holds the OS lock on {@code journal.lock}, found without touching the lock: the tool reads
 * the kernel's lock table ({@code /proc/locks}, Linux) and looks for a POSIX lock on the file's inode. Taking the
 * lock to test it would make a writer that starts at that moment fail, so where the table cannot be read the state
 * is UNKNOWN. Thread-safe (immutable).
 */
final class WriterLock
{
    /** Lock states. */
    enum State
    {
        /** A process holds the lock: a writer is open. */
        HELD,
        /** Nobody holds the lock (or there is no lock file): no writer is open. */
        FREE,
        /** The lock table cannot be read on this system. */
        UNKNOWN
    }

    private static final Path LOCK_TABLE = Path.of("/proc/locks");

    final State state;
    final long pid;
    final String detail;

    private WriterLock(final State state, final long pid, final String detail)
    {
        this.state = state;
        this.pid = pid;
        this.detail = detail;
    }

    /**
     * Looks up the lock on a file.
     *
     * @param lockFile the journal's {@code journal.lock}.
     * @return the state, with the holder's process id when HELD.
     */
    static WriterLock probe(final Path lockFile)
    {
        return probe(lockFile, LOCK_TABLE);
    }

    static WriterLock probe(final Path lockFile, final Path lockTable)
    {
        final String name = lockFile.getFileName().toString();
        final long inode;
        final long device;
        try
        {
            if (!Files.exists(lockFile))
            {
                return new WriterLock(State.FREE, -1, "no " + name + " file");
            }
            inode = ((Number)Files.getAttribute(lockFile, "unix:ino")).longValue();
            device = ((Number)Files.getAttribute(lockFile, "unix:dev")).longValue();
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return unknown(name);
        }
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(lockTable);
        }
        catch (final IOException ex)
        {
            return unknown(name);
        }
        final String wantedDevice = Long.toHexString(major(device)) + ":" + Long.toHexString(minor(device));
        long pid = -1;
        boolean found = false;
        for (final String line : lines)
        {
            // "1: POSIX  ADVISORY  WRITE 6039 fe:00:2179664 0 EOF"; waiters are shown with "->" and skipped.
            final String[] fields = line.trim().split("\\s+");
            if (fields.length < 6 || line.contains("->"))
            {
                continue;
            }
            final String[] ids = fields[5].split(":");
            if (ids.length != 3 || !ids[2].equals(Long.toString(inode)))
            {
                continue;
            }
            final boolean sameDevice = sameDevice(ids[0] + ":" + ids[1], wantedDevice);
            if (!found || sameDevice)
            {
                found = true;
                pid = parsePid(fields[4]);
                if (sameDevice)
                {
                    break;
                }
            }
        }
        if (found)
        {
            return new WriterLock(State.HELD, pid, pid > 0 ? "by pid " + pid : "by an unknown process");
        }
        return new WriterLock(State.FREE, -1, "no process holds " + name);
    }

    private static WriterLock unknown(final String name)
    {
        return new WriterLock(State.UNKNOWN, -1, "cannot tell whether a writer holds " + name + " (" + LOCK_TABLE +
            " not readable)");
    }

    private static boolean sameDevice(final String text, final String wanted)
    {
        final String[] a = text.split(":");
        final String[] b = wanted.split(":");
        try
        {
            return Long.parseLong(a[0], 16) == Long.parseLong(b[0], 16) &&
                Long.parseLong(a[1], 16) == Long.parseLong(b[1], 16);
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static long parsePid(final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static long major(final long dev)
    {
        return ((dev >>> 8) & 0xfff) | ((dev >>> 32) & 0xffff_f000L);
    }

    private static long minor(final long dev)
    {
        return (dev & 0xff) | ((dev >>> 12) & 0xffff_ff00L);
    }

    /**
     * The state with its detail, for the text output.
     *
     * @return for example {@code HELD by pid 1234}.
     */
    String text()
    {
        return state + (state == State.HELD ? " " + detail : " (" + detail + ")");
    }
}
