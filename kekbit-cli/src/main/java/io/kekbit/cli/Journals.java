package io.kekbit.cli;

import io.kekbit.core.ChannelException;
import io.kekbit.core.InvalidPosition;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalReader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opening and positioning journal readers for {@code dump --journal} and {@code tail --journal}, with one-line
 * errors that name the folder or file. Thread-safe (stateless).
 */
final class Journals
{
    private Journals()
    {
    }

    /**
     * Checks that the root and the journal's folder exist.
     *
     * @param root      root folder.
     * @param journalId journal id.
     * @return the journal's folder.
     * @throws CliException with {@link ExitCodes#ERROR} when the root or the folder is missing.
     */
    static Path checkFolder(final Path root, final int journalId)
    {
        Channels.checkRoot(root);
        final Path folder = Journal.folder(root, journalId);
        if (!Files.isDirectory(folder))
        {
            throw new CliException(ExitCodes.ERROR,
                "unknown journal " + Values.journalIdText(journalId) + ": no folder " + folder);
        }
        return folder;
    }

    /**
     * Opens a reader at the start of the oldest segment.
     *
     * @param root      root folder.
     * @param journalId journal id.
     * @return the reader.
     * @throws CliException with {@link ExitCodes#ERROR} when the oldest segment is not a valid channel.
     */
    static JournalReader openReader(final Path root, final int journalId)
    {
        try
        {
            return Journal.reader(root, journalId);
        }
        catch (final ChannelException ex)
        {
            throw new CliException(ExitCodes.ERROR, Channels.describe(ex));
        }
    }

    /**
     * Moves a reader to a {@code --from} position.
     *
     * @param reader    the reader.
     * @param position  the wanted journal position.
     * @param root      root folder.
     * @param journalId journal id.
     * @return null when moved, or the gap message when the position's segment was deleted while later ones exist
     *         (the caller ends with FAILED).
     * @throws CliException with {@link ExitCodes#USAGE} when the position is not a record boundary or is beyond the
     *                      written data.
     */
    static String moveTo(final JournalReader reader, final long position, final Path root, final int journalId)
    {
        final long result = reader.moveTo(position);
        if (result >= 0)
        {
            return null;
        }
        final long segment = JournalPosition.segment(position);
        if (isGap(root, journalId, segment))
        {
            return gapMessage(root, journalId, segment);
        }
        final InvalidPosition why = InvalidPosition.fromCode(result);
        final long[] segments = Journal.segments(root, journalId);
        throw new CliException(ExitCodes.USAGE, "invalid --from " + Values.journalPositionText(position) + ": " +
            why + " in journal " + Values.journalIdText(journalId) + " (" +
            (why == InvalidPosition.UNALIGNED ? "not a multiple of 8, or inside a record" :
            "beyond the written data, or a segment that does not exist yet") + "; " +
            (segments.length == 0 ? "the journal has no segment yet" :
            "segments are " + segments[0] + ".." + segments[segments.length - 1]) +
            "); valid positions are SEGMENT:OFFSET of a record, the end of a segment's data, or NEXT:0 right after " +
            "the newest segment");
    }

    /**
     * Whether a segment is missing while a later one exists.
     *
     * @param root      root folder.
     * @param journalId journal id.
     * @param segment   segment number.
     * @return true for a gap.
     */
    static boolean isGap(final Path root, final int journalId, final long segment)
    {
        return !Files.exists(Journal.segmentPath(root, journalId, segment)) && nextAfter(root, journalId, segment) >= 0;
    }

    /**
     * The one-line error for a reader that ended with FAILED: a gap (deleted segment) or a corrupt segment.
     *
     * @param reader    the reader.
     * @param root      root folder.
     * @param journalId journal id.
     * @return the message.
     */
    static String failureMessage(final JournalReader reader, final Path root, final int journalId)
    {
        if (reader.missingSegment() >= 0)
        {
            return gapMessage(root, journalId, reader.missingSegment());
        }
        final long position = reader.position();
        final Path path = Journal.segmentPath(root, journalId, JournalPosition.segment(position));
        return "corrupt journal segment " + path + ": invalid length word " +
            Channels.lengthWordAt(path, JournalPosition.offset(position)) + " at position " +
            Values.journalPositionText(position) + " (max message length " + reader.header().maxMessageLength() + ")";
    }

    private static String gapMessage(final Path root, final int journalId, final long segment)
    {
        final long next = nextAfter(root, journalId, segment);
        return "gap in journal " + Values.journalIdText(journalId) + ": segment " + segment + " is missing (no file " +
            Journal.segmentPath(root, journalId, segment) + ") but later segments exist: it was deleted, for example " +
            "by a forced retention, before it was read" + (next >= 0 ? "; --from " + next + ":0 skips the gap" : "");
    }

    private static long nextAfter(final Path root, final int journalId, final long segment)
    {
        for (final long existing : Journal.segments(root, journalId))
        {
            if (existing > segment)
            {
                return existing;
            }
        }
        return -1;
    }
}
