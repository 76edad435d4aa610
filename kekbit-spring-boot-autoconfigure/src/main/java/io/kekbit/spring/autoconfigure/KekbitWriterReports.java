package io.kekbit.spring.autoconfigure;

import java.nio.file.Path;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Kekbit;

/**
 * The startup reports of writers: a channel held by a live writer, a fixed channel closed by its previous writer, a
 * root folder that cannot hold the channel. Thread-safe (stateless).
 */
final class KekbitWriterReports
{
    private KekbitWriterReports()
    {
    }

    static String subject(final String name)
    {
        return "writer '" + name + "' (kekbit.writers." + name + ")";
    }

    /**
     * A live writer, probably another instance of this application, holds the channel or journal.
     */
    static KekbitStartupException inUse(
        final String name, final String what, final Path file, final long pid, final Throwable cause)
    {
        final String holder = pid == Kekbit.UNKNOWN_WRITER_PID ? "a process that recorded no id" :
            "process " + pid + (pid == ProcessHandle.current().pid() ? " (this process)" : "");
        return new KekbitStartupException(subject(name),
            what + " " + file + " is written by a live writer: " + holder + " holds its OS writer lock. A channel " +
            "has one writer; this instance would destroy or corrupt the other's records, so it does not start.",
            "Stop the other instance (" + holder + ") before starting this one, or give this instance its own " +
            "channel: another kekbit.root-path, or another kekbit.writers." + name + ".channel-id.",
            cause);
    }

    /**
     * A fixed channel whose previous writer closed it (a graceful stop writes CLOSE, which ends a fixed channel).
     */
    static KekbitStartupException closed(final String name, final Path file, final Throwable cause)
    {
        return new KekbitStartupException(subject(name),
            "the channel file " + file + " was closed by its previous writer (a graceful stop writes CLOSE, the end " +
            "of a fixed channel), so it cannot be continued; its records and durable reader positions are kept.",
            "To keep records across restarts, make the writer a rolling journal: kekbit.writers." + name +
            ".roll.enabled=true (and roll: true on its kekbit.readers entries); each start then continues the " +
            "journal in a new segment. To start an empty channel at each start instead (its records and durable " +
            "positions deleted), set kekbit.writers." + name + ".on-existing=recreate.",
            cause);
    }

    /**
     * The root folder cannot hold the channel: not a directory, not writable, read-only, full, or not mappable.
     */
    static KekbitStartupException environment(final String name, final Path root, final ChannelException ex)
    {
        final String fix = ex.reason() == ChannelError.MEMORY_MAPPING_FAILED ?
            "a local or memory-backed file system (such as /dev/shm on Linux) that supports memory-mapped files" :
            "a writable directory, on a file system that is not read-only, with enough free space for the channel";
        return new KekbitStartupException(subject(name),
            "the channel cannot be created under kekbit.root-path=" + root + ": " + ex.getMessage(),
            "Set kekbit.root-path to " + fix + ", or fix the permissions, type or free space of " + root + ".",
            ex);
    }

    static boolean isEnvironmentProblem(final ChannelException ex)
    {
        return ex.reason() == ChannelError.COULD_NOT_ACCESS_STORAGE ||
            ex.reason() == ChannelError.MEMORY_MAPPING_FAILED;
    }
}
