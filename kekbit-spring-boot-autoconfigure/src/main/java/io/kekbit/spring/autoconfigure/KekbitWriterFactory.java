package io.kekbit.spring.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
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

    static Writer create(final Path root, final String name, final WriterProperties properties)
    {
        if (properties.getRoll().isEnabled())
        {
            return KekbitJournalWriterFactory.create(root, name, properties);
        }
        final String prefix = "kekbit.writers." + name + ".";
        final long channelId =
            KekbitPropertiesValidator.channelId(prefix + "channel-id", properties.getChannelId());
        final TickUnit tickUnit = KekbitPropertiesValidator.tickUnit(prefix + "tick-unit", properties.getTickUnit());
        final Header header = Header.of(properties.getWriterId(), channelId, properties.getCapacity().toBytes(),
            KekbitPropertiesValidator.maxMessageLength(properties), properties.getTimeout(), tickUnit);
        final Path file = Kekbit.storagePath(root, channelId);
        try
        {
            checkNoLiveWriter(name, file, Kekbit.writerPid(root, channelId), null);
            final Writer writer;
            switch (properties.getOnExisting())
            {
                case RECREATE:
                    final boolean existed = Files.exists(file);
                    writer = Kekbit.recreateShmWriter(root, header);
                    LOGGER.info(() -> "writer '" + name + "' " + (existed ? "re-created" : "created") + " channel 0x" +
                        Long.toHexString(channelId) + " at " + file + (existed ?
                        " (on-existing=recreate: the old channel and its durable reader positions were deleted)" : ""));
                    break;
                case RESUME:
                    writer = Files.exists(file) ? resume(root, name, file, channelId) : create(root, name, header);
                    break;
                default:
                    if (Files.exists(file))
                    {
                        throw new KekbitStartupException(KekbitWriterReports.subject(name),
                            "the channel file " + file + " already exists and " + prefix + "on-existing is fail.",
                            "Set " + prefix + "on-existing to resume (continue the channel after its last record " +
                            "when its previous writer stopped without closing it) or to recreate (delete it and its " +
                            "durable reader positions at startup), or delete " + file + ".", null);
                    }
                    writer = create(root, name, header);
                    break;
            }
            return Kekbit.synchronizedWriter(writer);
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.CHANNEL_IN_USE || ex.reason() == ChannelError.STORAGE_ALREADY_EXISTS &&
                ex.getMessage().contains("a live writer holds the channel"))
            {
                checkNoLiveWriter(name, file, Kekbit.writerPid(root, channelId), ex);
                throw KekbitWriterReports.inUse(name, "the channel file", file, Kekbit.UNKNOWN_WRITER_PID, ex);
            }
            if (KekbitWriterReports.isEnvironmentProblem(ex))
            {
                throw KekbitWriterReports.environment(name, root, ex);
            }
            throw ex;
        }
    }

    private static void checkNoLiveWriter(final String name, final Path file, final long pid, final Throwable cause)
    {
        if (pid != Kekbit.NO_WRITER)
        {
            throw KekbitWriterReports.inUse(name, "the channel file", file, pid, cause);
        }
    }

    private static Writer create(final Path root, final String name, final Header header)
    {
        final Writer writer = Kekbit.shmWriter(root, header);
        LOGGER.info(() -> "writer '" + name + "' created channel 0x" + Long.toHexString(header.channelId()) + " at " +
            Kekbit.storagePath(root, header.channelId()) + " (capacity " + header.capacity() + " bytes)");
        return writer;
    }

    /**
     * Continues a channel whose previous writer stopped without closing it (killed, crashed); a closed one is
     * reported, since CLOSE ends a fixed channel.
     */
    private static Writer resume(final Path root, final String name, final Path file, final long channelId)
    {
        try
        {
            final Writer writer = Kekbit.resumeShmWriter(root, channelId);
            LOGGER.info(() -> "writer '" + name + "' resumed channel 0x" + Long.toHexString(channelId) + " at " + file +
                " after its last complete record (position " + writer.writeOffset() + ", " + writer.available() +
                " bytes left): its previous writer stopped without closing it");
            return writer;
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.ACCESS_ERROR && ex.getMessage().contains("already closed"))
            {
                throw KekbitWriterReports.closed(name, file, ex);
            }
            throw ex;
        }
    }
}
