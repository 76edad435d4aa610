package io.kekbit.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.spring.autoconfigure.KekbitProperties.OnExisting;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;

import org.springframework.core.log.LogAccessor;

/**
 * Creates the channel of a configured writer and returns a thread-safe writer for it; a roll writer gets its journal
 * from {@link KekbitJournalWriterFactory}. Thread-safe (stateless).
 */
final class KekbitWriterFactory
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitWriterFactory.class);

    private KekbitWriterFactory()
    {
    }

    /** Durable reader positions of the old channel are meaningless in the new one: delete them too. */
    private static void deletePositions(final Path channelFile) throws IOException
    {
        final Path folder = channelFile.getParent();
        final String stem = channelFile.getFileName().toString();
        final String prefix = stem.substring(0, stem.length() - StorageDescriptor.CHANNEL_EXTENSION.length()) + ".";
        try (DirectoryStream<Path> positions = Files.newDirectoryStream(folder,
            entry -> entry.getFileName().toString().startsWith(prefix) &&
                entry.getFileName().toString().endsWith(StorageDescriptor.POSITION_EXTENSION)))
        {
            for (final Path position : positions)
            {
                Files.deleteIfExists(position);
                LOGGER.info(() -> "deleted durable position " + position + " of the re-created channel");
            }
        }
    }

    static Writer create(final Path root, final String name, final WriterProperties properties)
    {
        if (properties.getRoll().isEnabled())
        {
            return KekbitJournalWriterFactory.create(root, name, properties);
        }
        final String prefix = "kekbit.writers." + name + ".";
        final long channelId = properties.getChannelId();
        final TickUnit tickUnit = KekbitPropertiesValidator.tickUnit(prefix + "tick-unit", properties.getTickUnit());
        final Header header = Header.of(properties.getWriterId(), channelId, properties.getCapacity().toBytes(),
            properties.getMaxMessageLength().toBytes(), properties.getTimeout(), tickUnit);
        final Path file = Kekbit.storagePath(root, channelId);
        if (properties.getOnExisting() == OnExisting.RECREATE)
        {
            try
            {
                if (Files.deleteIfExists(file))
                {
                    LOGGER.info(() -> "writer '" + name + "': deleted existing channel file " + file +
                        " (on-existing=recreate)");
                    deletePositions(file);
                }
            }
            catch (final IOException ex)
            {
                throw new KekbitException("writer '" + name + "': cannot delete existing channel file " + file, ex);
            }
        }
        try
        {
            final Writer writer = Kekbit.synchronizedWriter(Kekbit.shmWriter(root, header));
            LOGGER.info(() -> "writer '" + name + "' created channel 0x" + Long.toHexString(channelId) + " at " + file +
                " (capacity " + header.capacity() + " bytes)");
            return writer;
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.STORAGE_ALREADY_EXISTS)
            {
                throw new InvalidKekbitPropertyException(prefix + "on-existing", properties.getOnExisting(),
                    "fail, recreate", "the channel file " + file + " already exists (" + ex.getMessage() +
                    "); set recreate to delete it at startup, or delete it");
            }
            throw ex;
        }
    }
}
