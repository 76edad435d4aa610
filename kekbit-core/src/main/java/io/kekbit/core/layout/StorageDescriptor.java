package io.kekbit.core.layout;

import java.nio.file.Path;

/**
 * Where a channel lives under a root folder. For {@code channelId}, {@code hi = id >>> 32} names the folder and
 * {@code lo = id & 0xFFFFFFFF} the file, each as two groups of four lower-case hex digits joined by {@code _}:
 * <pre>
 *   42                    -&gt; ROOT/0000_0000/0000_002a.kekbit
 *   0x0001000200030004    -&gt; ROOT/0001_0002/0003_0004.kekbit
 * </pre>
 * The lock file that marks a channel under creation has the same path with the extension {@code .lock}; the owner
 * file on which an open writer holds an OS lock has the extension {@code .owner} (see {@link #ownerPath}).
 * <p>
 * The whole format, with the files kept beside a channel, is described in {@code docs/format.md}.
 */
public final class StorageDescriptor
{
    /** Extension of channel files. */
    public static final String CHANNEL_EXTENSION = ".kekbit";
    /** Extension of the lock file present while a channel is created. */
    public static final String LOCK_EXTENSION = ".lock";
    /**
     * Extension of the owner file: an open writer of this library holds an exclusive OS file lock on it and records
     * its process id in it. The file stays after the writer is gone; only the lock says whether a writer is alive.
     */
    public static final String OWNER_EXTENSION = ".owner";
    /** Extension of durable reader position files: {@code <stem>.<reader-name>.position}. */
    public static final String POSITION_EXTENSION = ".position";

    private StorageDescriptor()
    {
    }

    /**
     * Folder name for the high 32 bits of a channel id.
     *
     * @param channelId channel id.
     * @return for example {@code 0000_0000}.
     */
    public static String folderName(final long channelId)
    {
        return group((int)(channelId >>> 32));
    }

    /**
     * File stem (name without extension) for the low 32 bits of a channel id.
     *
     * @param channelId channel id.
     * @return for example {@code 0000_002a}.
     */
    public static String fileStem(final long channelId)
    {
        return group((int)channelId);
    }

    /**
     * Path of a channel file.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return {@code root/<folder>/<stem>.kekbit}.
     */
    public static Path channelPath(final Path root, final long channelId)
    {
        return root.resolve(folderName(channelId)).resolve(fileStem(channelId) + CHANNEL_EXTENSION);
    }

    /**
     * Path of a channel's lock file.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return {@code root/<folder>/<stem>.lock}.
     */
    public static Path lockPath(final Path root, final long channelId)
    {
        return root.resolve(folderName(channelId)).resolve(fileStem(channelId) + LOCK_EXTENSION);
    }

    /**
     * Path of a channel's owner file, the one an open writer holds an OS lock on.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return {@code root/<folder>/<stem>.owner}.
     */
    public static Path ownerPath(final Path root, final long channelId)
    {
        return root.resolve(folderName(channelId)).resolve(fileStem(channelId) + OWNER_EXTENSION);
    }

    /**
     * Path of a durable reader position file beside a channel.
     *
     * @param root       root folder.
     * @param channelId  channel id.
     * @param readerName a name checked by {@link #checkReaderName(String)}.
     * @return {@code root/<folder>/<stem>.<readerName>.position}.
     */
    public static Path positionPath(final Path root, final long channelId, final String readerName)
    {
        checkReaderName(readerName);
        return root.resolve(folderName(channelId)).resolve(fileStem(channelId) + "." + readerName + POSITION_EXTENSION);
    }

    /**
     * Parses a channel id back from a path relative to the root, the reverse of {@link #channelPath}.
     *
     * @param folder folder name such as {@code 0000_0000}.
     * @param file   file name such as {@code 0000_002a.kekbit}.
     * @return the channel id, or {@code null} when the names do not follow the scheme.
     */
    public static Long parseChannelId(final String folder, final String file)
    {
        if (!file.endsWith(CHANNEL_EXTENSION))
        {
            return null;
        }
        final Long hi = parseGroup(folder);
        final Long lo = parseGroup(file.substring(0, file.length() - CHANNEL_EXTENSION.length()));
        return hi == null || lo == null ? null : (hi << 32) | lo;
    }

    /**
     * Checks a durable reader name: 1 to 64 characters from {@code [A-Za-z0-9_-]}, so it can never escape the folder.
     *
     * @param name the reader name.
     * @return the name.
     * @throws IllegalArgumentException when the name is empty, too long or has another character.
     */
    public static String checkReaderName(final String name)
    {
        if (name == null || name.isEmpty() || name.length() > 64 || !name.matches("[A-Za-z0-9_-]+"))
        {
            throw new IllegalArgumentException(
                "invalid reader name (allowed: 1-64 characters of A-Z a-z 0-9 _ -): name=" + name);
        }
        return name;
    }

    private static String group(final int value)
    {
        return String.format("%04x_%04x", (value >>> 16) & 0xFFFF, value & 0xFFFF);
    }

    private static Long parseGroup(final String text)
    {
        if (text.length() != 9 || text.charAt(4) != '_')
        {
            return null;
        }
        try
        {
            final String digits = text.substring(0, 4) + text.substring(5);
            if (!digits.matches("[0-9a-f]{8}"))
            {
                return null;
            }
            return Long.parseLong(digits, 16);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }
}
