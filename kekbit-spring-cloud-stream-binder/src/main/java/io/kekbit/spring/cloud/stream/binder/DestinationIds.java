package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import io.kekbit.core.ChannelIdFormatException;
import io.kekbit.core.ChannelIds;
import io.kekbit.core.KekbitException;

/**
 * Maps destination names to journal (or channel) ids and refuses two names on one id.
 * <p>
 * Rule: an explicit {@code channel-id} wins (a partition adds its number to it); otherwise the id is the CRC-32C of
 * the UTF-8 bytes of the destination name ({@code <destination>-<partition>} for a partition), read as an unsigned
 * 32-bit number, with 0 replaced by 1 (journal id 0 is reserved). The first binding of an id under a root writes the
 * name to {@code <root>/scs-binder/destinations/<id in hex>.name}; a later binding of another name to the same id
 * fails, naming the property that sets an explicit id. Thread-safe (stateless; the marker file is created atomically).
 */
final class DestinationIds
{
    /** Folder of the binder's own files under the root. */
    static final String BINDER_FOLDER = "scs-binder";

    private static final long MAX_ID = 0xFFFF_FFFFL;

    private DestinationIds()
    {
    }

    /**
     * Derives the id of a name.
     *
     * @param name destination (or partition) name.
     * @return 1 to 2^32 - 1.
     */
    static long derive(final String name)
    {
        final CRC32C crc = new CRC32C();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        final long value = crc.getValue() & MAX_ID;
        return value == 0 ? 1 : value;
    }

    /**
     * Parses an explicit id.
     *
     * @param property the property holding it, for the error.
     * @param value    decimal or 0x hex ({@link ChannelIds#parse}).
     * @param span     how many consecutive ids the destination needs (its partition count).
     * @return the id.
     * @throws KekbitBinderException when the value is not a number from 1 to 2^32 - span.
     */
    static long parse(final String property, final String value, final int span)
    {
        long id;
        try
        {
            id = ChannelIds.parse(value);
        }
        catch (final ChannelIdFormatException ex)
        {
            id = -1;
        }
        if (Long.compareUnsigned(id, 1) < 0 || Long.compareUnsigned(id, MAX_ID - span + 1) > 0)
        {
            throw new KekbitBinderException(property, "'" + value + "' is not a journal id for " + span +
                " partition(s): ids are 1 to 4294967295 (32 bits unsigned, 0 reserved), decimal or 0x hex, and a " +
                "partitioned destination uses this id + partition.", "Set " + property + " to a number from 1 to " +
                (MAX_ID - span + 1) + ", or remove it to derive the id from the destination name.", null);
        }
        return id;
    }

    /**
     * Records that a name uses an id under a root, or checks that it is the name already recorded.
     *
     * @param root     root folder.
     * @param id       the id.
     * @param name     destination (or partition) name.
     * @param property property that sets an explicit id for this destination, for the error.
     * @throws KekbitBinderException when another name already uses the id.
     */
    static void claim(final Path root, final long id, final String name, final String property)
    {
        final Path marker = root.resolve(BINDER_FOLDER).resolve("destinations")
            .resolve(Long.toHexString(id) + ".name");
        try
        {
            Files.createDirectories(marker.getParent());
            try
            {
                Files.writeString(marker, name, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                return;
            }
            catch (final FileAlreadyExistsException ex)
            {
                final String existing = Files.readString(marker, StandardCharsets.UTF_8);
                if (existing.equals(name))
                {
                    return;
                }
                throw new KekbitBinderException(property, "destination '" + name + "' maps to journal id " + id +
                    ", which destination '" + existing + "' already uses under " + root + " (recorded in " + marker +
                    ").", "Give one of the two destinations its own id with " + property + " (and the same " +
                    "channel-id on its consumers), or rename it.", null);
            }
        }
        catch (final IOException ex)
        {
            throw new KekbitException("cannot record destination '" + name + "' in " + marker, ex);
        }
    }
}
