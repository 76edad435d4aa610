package io.kekbit.journal;

import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.layout.RecordDescriptor;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;

/**
 * File-level helpers over a journal's folder: listing segments and classifying them. Thread-safe (stateless).
 */
final class Segments
{
    /** What a scan of a segment's records found. */
    enum State
    {
        /** Only the initial heartbeat: created (possibly ahead of time) but never written. */
        PRISTINE,
        /** Written and still open: the writer may append. */
        OPEN,
        /** Ended by a CLOSE marker or by its capacity. */
        CLOSED,
        /** A length word that is neither a record nor a marker. */
        CORRUPT
    }


    private Segments()
    {
    }

    /**
     * Complete segment files (no lock file beside them), oldest first.
     *
     * @param folder the journal's folder.
     * @return segment numbers.
     */
    static long[] list(final Path folder)
    {
        return scan(folder, false);
    }

    /**
     * Segment numbers that have a lock file: being created, or left half-created by a crash.
     *
     * @param folder the journal's folder.
     * @return segment numbers.
     */
    static long[] locked(final Path folder)
    {
        return scan(folder, true);
    }

    private static long[] scan(final Path folder, final boolean locks)
    {
        long[] numbers = new long[16];
        int count = 0;
        final String extension = locks ? StorageDescriptor.LOCK_EXTENSION : StorageDescriptor.CHANNEL_EXTENSION;
        final String folderName = folder.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + extension))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final String asChannel = locks ?
                    name.substring(0, name.length() - extension.length()) + StorageDescriptor.CHANNEL_EXTENSION : name;
                final Long id = StorageDescriptor.parseChannelId(folderName, asChannel);
                if (id == null)
                {
                    continue;
                }
                if (!locks && Files.exists(file.resolveSibling(
                    name.substring(0, name.length() - extension.length()) + StorageDescriptor.LOCK_EXTENSION)))
                {
                    continue;
                }
                if (count == numbers.length)
                {
                    numbers = Arrays.copyOf(numbers, count * 2);
                }
                numbers[count++] = id & 0xFFFF_FFFFL;
            }
        }
        catch (final NoSuchFileException ex)
        {
            return new long[0];
        }
        catch (final IOException ex)
        {
            throw new KekbitException("could not list journal folder " + folder + ": " + ex, ex);
        }
        final long[] result = Arrays.copyOf(numbers, count);
        Arrays.sort(result);
        return result;
    }

    /**
     * Reads a segment from the start to classify it.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (unsigned; see {@link Journal}).
     * @param segment   segment number.
     * @return the state.
     */
    static State state(final Path root, final int journalId, final long segment)
    {
        try (Reader reader = Kekbit.shmReader(root, Journal.channelId(journalId, segment)))
        {
            Readers.skipToEnd(reader);
            final ReadError error = reader.exhausted();
            if (error == ReadError.CLOSED || error == ReadError.CHANNEL_FULL)
            {
                return State.CLOSED;
            }
            if (error == ReadError.FAILED)
            {
                return State.CORRUPT;
            }
            return reader.position() == RecordDescriptor.LENGTH_WORD ? State.PRISTINE : State.OPEN;
        }
    }

    /**
     * Whether any segment newer than {@code segment} exists.
     *
     * @param folder  the journal's folder.
     * @param segment segment number.
     * @return true when a later segment file exists.
     */
    static boolean laterExists(final Path folder, final long segment)
    {
        final long[] all = list(folder);
        return all.length > 0 && all[all.length - 1] > segment;
    }

    /**
     * Sets a segment file's last-modified time to now, the moment it was closed, from which retention counts its age
     * ({@link RetentionPolicy#maxAge()}). Best effort: when it fails, the age counts from the file's previous
     * last-modified time, at worst its creation.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (unsigned; see {@link Journal}).
     * @param segment   segment number.
     */
    static void stampClosed(final Path root, final int journalId, final long segment)
    {
        try
        {
            Files.setLastModifiedTime(StorageDescriptor.channelPath(root, Journal.channelId(journalId, segment)),
                FileTime.fromMillis(System.currentTimeMillis()));
        }
        catch (final IOException ex)
        {
            // Deleted meanwhile, or not permitted: retention falls back to the previous time.
        }
    }

    /**
     * Deletes a segment file, then its lock file and its owner file if any.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (unsigned; see {@link Journal}).
     * @param segment   segment number.
     * @return true when this call deleted the segment file, false when it was already gone (another retention pass,
     *         for example).
     * @throws KekbitException when a file exists but cannot be deleted.
     */
    static boolean delete(final Path root, final int journalId, final long segment)
    {
        final long channelId = Journal.channelId(journalId, segment);
        final Path path = StorageDescriptor.channelPath(root, channelId);
        try
        {
            final boolean deleted = Files.deleteIfExists(path);
            Files.deleteIfExists(StorageDescriptor.lockPath(root, channelId));
            Files.deleteIfExists(StorageDescriptor.ownerPath(root, channelId));
            return deleted;
        }
        catch (final IOException ex)
        {
            throw new KekbitException("could not delete journal segment " + path + ": " + ex, ex);
        }
    }
}
