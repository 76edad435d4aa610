package io.kekbit.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Creates and opens the files and folders kekbit writes. Every file and folder is created with its final permissions
 * in the creating system call (never created wider and narrowed afterwards); when the process umask strips bits the
 * caller asked for, they are added back afterwards, which only widens towards the requested permissions. Files
 * kekbit writes are never reached through a symbolic link: creation is exclusive ({@code O_EXCL} does not follow a
 * link) and opening an existing file refuses a link with a message naming it. Thread-safe (stateless).
 */
public final class PrivateFiles
{
    /** Default permissions of every file kekbit creates: owner read and write. */
    public static final Set<PosixFilePermission> OWNER_ONLY =
        Collections.unmodifiableSet(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));

    private static final Set<OpenOption> CREATE_OPTIONS = Set.of(
        StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

    private PrivateFiles()
    {
    }

    /**
     * Permissions of a folder that holds files with {@code filePermissions}: the same bits plus execute (search)
     * for the owner, and for group and others wherever they may read or write.
     *
     * @param filePermissions permissions of the files.
     * @return the folder permissions.
     */
    public static Set<PosixFilePermission> folderPermissions(final Set<PosixFilePermission> filePermissions)
    {
        final Set<PosixFilePermission> folder = EnumSet.noneOf(PosixFilePermission.class);
        folder.addAll(filePermissions);
        folder.add(PosixFilePermission.OWNER_READ);
        folder.add(PosixFilePermission.OWNER_WRITE);
        folder.add(PosixFilePermission.OWNER_EXECUTE);
        if (filePermissions.contains(PosixFilePermission.GROUP_READ) ||
            filePermissions.contains(PosixFilePermission.GROUP_WRITE))
        {
            folder.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (filePermissions.contains(PosixFilePermission.OTHERS_READ) ||
            filePermissions.contains(PosixFilePermission.OTHERS_WRITE))
        {
            folder.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return folder;
    }

    /**
     * Creates a folder and its missing parents, each new one with {@link #folderPermissions} of
     * {@code filePermissions}. Folders that exist keep their permissions.
     *
     * @param folder          the folder.
     * @param filePermissions permissions of the files it will hold.
     * @throws IOException when a folder cannot be created, or a path element exists and is not a folder.
     */
    public static void createFolders(final Path folder, final Set<PosixFilePermission> filePermissions)
        throws IOException
    {
        final Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute))
        {
            return;
        }
        final Path parent = absolute.getParent();
        if (parent != null)
        {
            createFolders(parent, filePermissions);
        }
        final Set<PosixFilePermission> permissions = folderPermissions(filePermissions);
        try
        {
            createFolder(absolute, permissions);
        }
        catch (final FileAlreadyExistsException ex)
        {
            if (!Files.isDirectory(absolute))
            {
                throw ex;
            }
        }
    }

    private static void createFolder(final Path folder, final Set<PosixFilePermission> permissions) throws IOException
    {
        try
        {
            Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(permissions));
        }
        catch (final UnsupportedOperationException ex)
        {
            Files.createDirectory(folder);
            return;
        }
        widen(folder, permissions);
    }

    /**
     * Creates a new file for reading and writing, exclusively: fails when any file or link has the name.
     *
     * @param file        the file.
     * @param permissions its permissions (ignored on file systems without POSIX permissions).
     * @return the open channel; the caller closes it.
     * @throws FileAlreadyExistsException when the name exists (also as a symbolic link).
     * @throws IOException                when it cannot be created.
     */
    public static FileChannel createFile(final Path file, final Set<PosixFilePermission> permissions)
        throws IOException
    {
        FileChannel channel;
        boolean posix = true;
        try
        {
            channel = FileChannel.open(file, CREATE_OPTIONS, PosixFilePermissions.asFileAttribute(permissions));
        }
        catch (final UnsupportedOperationException ex)
        {
            channel = FileChannel.open(file, CREATE_OPTIONS, new FileAttribute<?>[0]);
            posix = false;
        }
        if (posix)
        {
            try
            {
                widen(file, permissions);
            }
            catch (final IOException | RuntimeException ex)
            {
                channel.close();
                throw ex;
            }
        }
        return channel;
    }

    /**
     * Opens an existing file without following a symbolic link.
     *
     * @param file    the file.
     * @param options open options ({@link LinkOption#NOFOLLOW_LINKS} is added).
     * @return the open channel; the caller closes it.
     * @throws NoSuchFileException when it does not exist.
     * @throws FileSystemException when it is a symbolic link (the message says so).
     * @throws IOException         when it cannot be opened.
     */
    public static FileChannel open(final Path file, final OpenOption... options) throws IOException
    {
        checkNotLink(file);
        final Set<OpenOption> set = new HashSet<>(Set.of(options));
        set.add(LinkOption.NOFOLLOW_LINKS);
        try
        {
            return FileChannel.open(file, set);
        }
        catch (final FileSystemException ex)
        {
            // Replaced by a link between the check and the open: O_NOFOLLOW fails with ELOOP.
            checkNotLink(file);
            throw ex;
        }
    }

    /**
     * Refuses a symbolic link.
     *
     * @param file the file.
     * @throws FileSystemException when it is a symbolic link; the message names it.
     */
    public static void checkNotLink(final Path file) throws FileSystemException
    {
        if (Files.isSymbolicLink(file))
        {
            throw new FileSystemException(file.toString(), null,
                "is a symbolic link; kekbit does not follow links to files it writes or inspects");
        }
    }

    /**
     * Attributes of a file, not following a symbolic link.
     *
     * @param file the file.
     * @return its attributes.
     * @throws IOException when it does not exist or cannot be read.
     */
    public static BasicFileAttributes attributes(final Path file) throws IOException
    {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Adds the bits the umask stripped at creation; never removes any. */
    private static void widen(final Path file, final Set<PosixFilePermission> permissions) throws IOException
    {
        final PosixFileAttributeView view =
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (view == null)
        {
            return;
        }
        final Set<PosixFilePermission> actual = view.readAttributes().permissions();
        if (!actual.containsAll(permissions))
        {
            final Set<PosixFilePermission> wanted = EnumSet.copyOf(actual);
            wanted.addAll(permissions);
            view.setPermissions(wanted);
        }
    }
}
