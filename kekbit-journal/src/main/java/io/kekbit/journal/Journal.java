package io.kekbit.journal;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.layout.StorageDescriptor;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * Entry point for rolling journals. Thread-safe (stateless).
 * <pre>{@code
 * Path root = Path.of("/dev/shm/kekbit");
 * try (JournalWriter writer = Journal.writer(root, JournalConfig.builder(7).segmentCapacity(1 << 20).build())) {
 *     writer.write("hello".getBytes(StandardCharsets.UTF_8));      // rolls to a new segment when full
 * }
 * try (JournalReader reader = Journal.reader(root, 7);
 *      DurablePosition saved = Journal.durablePosition(root, 7, "audit")) {
 *     Journal.resume(reader, saved);                               // registers the reader for retention
 *     reader.read((buffer, offset, length, position) -> saved.set(reader.position()), 100);
 * }
 * }</pre>
 * A journal id is 32 bits, unsigned: the high half of its segments' channel ids. Java has no unsigned int, so an
 * {@code int journalId} carries those bits: ids 1 to 2147483647 are passed as they are, and ids 2147483648 to
 * 4294967295 as the negative int with the same bits ({@code Integer.parseUnsignedInt("4294967295")} is -1).
 * Only 0 is refused.
 * <p>
 * Files of journal {@code j} live in the folder {@code root/<hi32 of (j << 32)>}: the segments
 * ({@code <segment>.kekbit}), the writer's lock ({@code journal.lock}) and one {@code journal.<name>.position} file
 * per registered durable reader.
 */
public final class Journal
{
    /** Name of the file a journal writer holds an exclusive OS lock on, in the journal's folder. */
    public static final String WRITER_LOCK_FILE = "journal.lock";
    /** Prefix of durable reader position files in the journal's folder. */
    public static final String POSITION_PREFIX = "journal.";

    private Journal()
    {
    }

    /**
     * Opens the writer of a journal: creates it, or continues it after a clean close or a crash (see
     * {@link JournalWriter}).
     *
     * @param root   root folder; created if missing.
     * @param config the journal's configuration.
     * @return the writer.
     * @throws io.kekbit.core.KekbitException when another writer holds the journal, or a segment cannot be
     *                                        created, resumed or closed.
     */
    public static JournalWriter writer(final Path root, final JournalConfig config)
    {
        return JournalWriter.open(Objects.requireNonNull(root, "root"), Objects.requireNonNull(config, "config"));
    }

    /**
     * Opens a reader at the start of the oldest segment that exists, or waiting for segment 0 of a journal that
     * has none yet.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @return the reader.
     */
    public static JournalReader reader(final Path root, final int journalId)
    {
        return new JournalReader(Objects.requireNonNull(root, "root"), checkJournalId(journalId));
    }

    /**
     * Channel id of a segment.
     *
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @param segment   segment number.
     * @return {@code (journalId << 32) | segment}.
     */
    public static long channelId(final int journalId, final long segment)
    {
        return ((journalId & 0xFFFF_FFFFL) << 32) | (segment & 0xFFFF_FFFFL);
    }

    /**
     * Folder holding a journal's files.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @return {@code root/<xxxx_xxxx>}.
     */
    public static Path folder(final Path root, final int journalId)
    {
        return root.resolve(StorageDescriptor.folderName(channelId(checkJournalId(journalId), 0)));
    }

    /**
     * Refuses journal id 0: its folder, {@code 0000_0000}, holds every ordinary channel whose id is below 2^32, which
     * a journal would take for its segments (and recover, retain or delete).
     *
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @return the id.
     * @throws IllegalArgumentException for 0.
     */
    static int checkJournalId(final int journalId)
    {
        if (journalId == 0)
        {
            throw new IllegalArgumentException("journal id 0 is reserved: its folder 0000_0000 holds the ordinary " +
                "channels with ids below 2^32, which the journal would take for its segments; use 1 to 4294967295");
        }
        return journalId;
    }

    /**
     * Path of a segment file.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @param segment   segment number.
     * @return the channel file of the segment.
     */
    public static Path segmentPath(final Path root, final int journalId, final long segment)
    {
        return StorageDescriptor.channelPath(root, channelId(checkJournalId(journalId), segment));
    }

    /**
     * Segment numbers present (complete files, not under creation), oldest first.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @return the numbers; empty when the journal has no segment.
     */
    public static long[] segments(final Path root, final int journalId)
    {
        return Segments.list(folder(root, journalId));
    }

    /**
     * Process id of the live writer of a journal, found from the owner locks of its segments (every open segment
     * writer holds one, see {@link Kekbit#writerPid}) without disturbing it.
     *
     * @param root      root folder.
     * @param journalId journal id.
     * @return the writer's process id, {@link Kekbit#UNKNOWN_WRITER_PID} when a live writer recorded none, or
     *         {@link Kekbit#NO_WRITER} when no segment is held.
     */
    public static long writerPid(final Path root, final int journalId)
    {
        final long[] numbers = segments(root, journalId);
        for (int i = numbers.length - 1; i >= 0; i--)
        {
            final long pid = Kekbit.writerPid(root, channelId(journalId, numbers[i]));
            if (pid != Kekbit.NO_WRITER)
            {
                return pid;
            }
        }
        return Kekbit.NO_WRITER;
    }

    /**
     * Path of a durable reader's journal-level position file: {@code journal.<name>.position}. Its existence
     * registers the reader with retention; delete it to unregister.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @param name      reader name: 1 to 64 characters of {@code A-Z a-z 0-9 _ -}.
     * @return the path.
     * @throws IllegalArgumentException when the name is invalid.
     */
    public static Path positionPath(final Path root, final int journalId, final String name)
    {
        return folder(root, journalId).resolve(
            POSITION_PREFIX + StorageDescriptor.checkReaderName(name) + StorageDescriptor.POSITION_EXTENSION);
    }

    /**
     * Opens (or creates, holding position 0) a durable reader position, registering the reader with retention. The
     * stored value is a {@link JournalPosition}.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @param name      reader name.
     * @return the durable position; close it when done (closing does not unregister).
     * @throws IllegalArgumentException        when the name is invalid.
     * @throws io.kekbit.core.KekbitException when the file cannot be opened.
     */
    public static DurablePosition durablePosition(final Path root, final int journalId, final String name)
    {
        return DurablePosition.open(positionPath(root, journalId, name));
    }

    /**
     * Moves a reader to a durable position: a new position file is set to the reader's current position (the
     * oldest segment), an existing one is resumed. Never restarts silently: a stored position whose segment was
     * deleted fails.
     *
     * @param reader   the journal reader.
     * @param position its durable position.
     * @return the position the reader is at.
     * @throws io.kekbit.core.KekbitException when the stored position is no longer available (for example its
     *                                        segment was deleted by a forced retention).
     */
    public static long resume(final JournalReader reader, final DurablePosition position)
    {
        if (position.isNew())
        {
            position.set(reader.position());
            return reader.position();
        }
        // Not DurablePosition.resume: its message prints the position as a raw long, not as segment:offset.
        final long target = position.get();
        final long result = reader.moveTo(target);
        if (result < 0)
        {
            throw new KekbitException("cannot resume journal " + Integer.toUnsignedString(reader.journalId()) +
                " from durable position file " + position.path() + ": position " + JournalPosition.toString(target) +
                " (segment:offset) is " + InvalidPosition.fromCode(result) + "; segments present: " +
                Arrays.toString(segments(reader.root(), reader.journalId())));
        }
        return result;
    }

    /**
     * Applies a retention policy once, from any process, for example a maintenance tool. The newest segment that
     * holds data stands for the segment being written: it is never deleted, nor any segment that is not closed. The
     * empty segments after it (created ahead of time by a live writer) are neither counted nor deleted.
     *
     * @param root      root folder.
     * @param journalId journal id, any int but 0 (see the class note on ids).
     * @param policy    the policy.
     * @return what was deleted.
     */
    public static RetentionResult applyRetention(final Path root, final int journalId, final RetentionPolicy policy)
    {
        return JournalRetention.apply(root, checkJournalId(journalId), -1, -1, policy);
    }
}
