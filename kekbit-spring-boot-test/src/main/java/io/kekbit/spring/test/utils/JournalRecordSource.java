package io.kekbit.spring.test.utils;

import java.nio.file.Files;
import java.nio.file.Path;

import io.kekbit.core.Reader;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalPosition;

/**
 * A rolling journal, read across its segments. The only class of this package that uses kekbit-journal, loaded
 * only for journals, so that the dependency stays optional. Thread-safe (immutable).
 */
final class JournalRecordSource implements RecordSource
{
    private final String name;
    private final Path root;
    private final int journalId;

    JournalRecordSource(final String name, final Path root, final int journalId)
    {
        this.name = name;
        this.root = root;
        this.journalId = journalId;
    }

    @Override
    public Reader open()
    {
        return Files.isDirectory(Journal.folder(root, journalId)) ? Journal.reader(root, journalId) : null;
    }

    @Override
    public String describe()
    {
        final String id = Integer.toUnsignedString(journalId);
        return "journal " + (name == null ? id + " (" : "'" + name + "' (id " + id + ", ") + "folder " +
            Journal.folder(root, journalId) + ")";
    }

    @Override
    public String position(final long position)
    {
        return JournalPosition.toString(position);
    }
}
