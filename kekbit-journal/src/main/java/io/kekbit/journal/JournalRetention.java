package io.kekbit.journal;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One retention pass over a journal's folder. Runs on the writer's background thread (never on the writing thread)
 * or from {@link Journal#applyRetention}. Thread-safe (stateless); two passes at once on one journal are harmless
 * (deletes are idempotent) but wasteful.
 * <p>
 * Registered durable readers are the {@code journal.<name>.position} files in the folder. A reader whose stored
 * position is in segment {@code s} still needs {@code s} and everything after it. A file that cannot be read (for
 * example one being created) counts as position 0, which protects everything.
 */
final class JournalRetention
{
    private static final System.Logger LOG = System.getLogger(JournalRetention.class.getName());

    private JournalRetention()
    {
    }

    /**
     * Applies a policy.
     *
     * @param root          root folder.
     * @param journalId     journal id, any int but 0 (unsigned; see {@link Journal}).
     * @param activeSegment segment being written (counted, never deleted), or -1 when unknown: then the newest
     *                      segment holding data stands for it (the empty segments after it, created ahead of time,
     *                      are neither counted nor deleted) and only closed segments are deleted.
     * @param deletableBelow only segments below this number may be deleted (those already closed and unmapped by
     *                       the writer); ignored when {@code activeSegment} is -1.
     * @param policy        the policy.
     * @return what was deleted.
     */
    static RetentionResult apply(
        final Path root,
        final int journalId,
        final long activeSegment,
        final long deletableBelow,
        final RetentionPolicy policy)
    {
        if (!policy.isLimited())
        {
            return new RetentionResult(0, 0, -1, null);
        }
        final Path folder = Journal.folder(root, journalId);
        final long[] segments = Segments.list(folder);
        if (segments.length == 0)
        {
            return new RetentionResult(0, 0, -1, null);
        }
        final long active = activeSegment >= 0 ? activeSegment : newestWritten(root, journalId, segments);
        final long bound = activeSegment >= 0 ? Math.min(active, deletableBelow) : active;
        int kept = 0;
        long bytes = 0;
        final long[] sizes = new long[segments.length];
        for (int i = 0; i < segments.length && segments[i] <= active; i++)
        {
            sizes[i] = size(Journal.segmentPath(root, journalId, segments[i]));
            bytes += sizes[i];
            kept++;
        }
        final List<String> names = new ArrayList<>();
        final List<Long> readerSegments = new ArrayList<>();
        readPositions(folder, names, readerSegments);

        int deleted = 0;
        int forced = 0;
        for (int i = 0; i < segments.length && segments[i] < bound; i++)
        {
            final long segment = segments[i];
            final boolean excess = (policy.maxSegments() > 0 && kept > policy.maxSegments()) ||
                (policy.maxBytes() > 0 && bytes > policy.maxBytes()) ||
                (policy.maxAge() != null && olderThan(root, journalId, segment, policy));
            if (!excess)
            {
                break;
            }
            if (activeSegment < 0 && Segments.state(root, journalId, segment) != Segments.State.CLOSED ||
                Kekbit.writerPid(root, Journal.channelId(journalId, segment)) != Kekbit.NO_WRITER)
            {
                // Not closed, or a writer still holds its owner lock: a live segment is never deleted.
                break;
            }
            String neededBy = null;
            for (int r = 0; r < names.size(); r++)
            {
                if (readerSegments.get(r) <= segment)
                {
                    neededBy = neededBy == null ? names.get(r) : neededBy + ", " + names.get(r);
                }
            }
            if (neededBy != null && !policy.forceDelete())
            {
                return new RetentionResult(deleted, forced, segment, neededBy.split(", ")[0]);
            }
            final boolean deletedNow = Segments.delete(root, journalId, segment);
            kept--;
            bytes -= sizes[i];
            if (!deletedNow)
            {
                // Another pass (in another process, say) deleted it first, and counts it.
                continue;
            }
            deleted++;
            if (neededBy != null)
            {
                forced++;
                final String readers = neededBy;
                LOG.log(System.Logger.Level.WARNING, () -> "forced retention deleted segment " + segment +
                    " of journal " + Integer.toUnsignedString(journalId) + " that durable reader(s) [" + readers +
                    "] had not finished; they will report the gap as an error");
            }
        }
        return new RetentionResult(deleted, forced, -1, null);
    }

    /**
     * The segment a writer is (or was last) writing, as seen from outside the writer: the newest one that is not
     * pristine. The empty segments after it were created ahead of time (or kept at a close) and hold no data yet.
     */
    private static long newestWritten(final Path root, final int journalId, final long[] segments)
    {
        int i = segments.length - 1;
        while (i > 0 && isPristine(root, journalId, segments[i]))
        {
            i--;
        }
        return segments[i];
    }

    private static boolean isPristine(final Path root, final int journalId, final long segment)
    {
        try
        {
            return Segments.state(root, journalId, segment) == Segments.State.PRISTINE;
        }
        catch (final KekbitException ex)
        {
            // Being created or deleted right now: not known to be empty, so it counts.
            return false;
        }
    }

    private static boolean olderThan(
        final Path root, final int journalId, final long segment, final RetentionPolicy policy)
    {
        // The writer stamps a segment's last-modified time when it closes it; the header's creation time would make
        // a segment created ahead of time look older by the time it waited as a spare.
        final long closedMillis;
        try
        {
            closedMillis = Files.getLastModifiedTime(Journal.segmentPath(root, journalId, segment)).toMillis();
        }
        catch (final IOException ex)
        {
            return false;
        }
        return System.currentTimeMillis() - closedMillis > policy.maxAge().toMillis();
    }

    private static long size(final Path path)
    {
        try
        {
            return Files.size(path);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }

    private static void readPositions(final Path folder, final List<String> names, final List<Long> segments)
    {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(
            folder, Journal.POSITION_PREFIX + "*" + StorageDescriptor.POSITION_EXTENSION))
        {
            for (final Path file : files)
            {
                final String fileName = file.getFileName().toString();
                final String name = fileName.substring(Journal.POSITION_PREFIX.length(),
                    fileName.length() - StorageDescriptor.POSITION_EXTENSION.length());
                long segment;
                try
                {
                    segment = JournalPosition.segment(DurablePosition.peek(file));
                }
                catch (final KekbitException ex)
                {
                    segment = 0;
                }
                names.add(name);
                segments.add(segment);
            }
        }
        catch (final NoSuchFileException ex)
        {
            // No folder: no readers.
        }
        catch (final IOException ex)
        {
            throw new KekbitException("could not list journal folder " + folder + ": " + ex, ex);
        }
    }
}
