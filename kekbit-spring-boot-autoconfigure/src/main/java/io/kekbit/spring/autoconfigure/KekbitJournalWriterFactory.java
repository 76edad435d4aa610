package io.kekbit.spring.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.kekbit.core.ChannelException;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.TickUnit;
import io.kekbit.journal.Journal;
import io.kekbit.journal.JournalConfig;
import io.kekbit.journal.JournalWriter;
import io.kekbit.journal.RetentionPolicy;
import io.kekbit.spring.autoconfigure.KekbitProperties.OnExisting;
import io.kekbit.spring.autoconfigure.KekbitProperties.Retention;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;
import io.kekbit.spring.core.RollingWriter;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.FileSystemUtils;

/**
 * Opens the journal of a roll writer ({@code kekbit.writers.<name>.roll.enabled=true}) and returns its thread-safe
 * bean. Only loaded for roll writers, so kekbit-journal stays optional. Thread-safe (stateless).
 * <p>
 * A journal writer continues an existing journal (that is its point), so {@code on-existing: fail} does not apply;
 * {@code on-existing: recreate} deletes the journal's folder (segments, durable reader positions, locks) first. A
 * journal whose writer is alive (another instance) is never touched: startup fails with a report naming its process.
 */
final class KekbitJournalWriterFactory
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitJournalWriterFactory.class);

    private KekbitJournalWriterFactory()
    {
    }

    static RollingWriter create(final Path root, final String name, final WriterProperties properties)
    {
        final String prefix = "kekbit.writers." + name + ".";
        final int journalId =
            (int)KekbitPropertiesValidator.channelId(prefix + "channel-id", properties.getChannelId());
        final TickUnit tickUnit = KekbitPropertiesValidator.tickUnit(prefix + "tick-unit", properties.getTickUnit());
        final KekbitProperties.Roll roll = properties.getRoll();
        final JournalConfig config = JournalConfig.builder(journalId)
            .writerId(properties.getWriterId())
            .segmentCapacity(properties.getCapacity().toBytes())
            .maxMessageLength(KekbitPropertiesValidator.maxMessageLength(properties))
            .timeout(properties.getTimeout())
            .tickUnit(tickUnit)
            .preallocatedSegments(roll.getPreallocatedSegments())
            .retention(retention(roll.getRetention()))
            .retentionInterval(roll.getRetention().getInterval())
            .build();
        final Path folder = Journal.folder(root, journalId);
        checkNoLiveWriter(root, name, journalId, folder, null);
        if (properties.getOnExisting() == OnExisting.RECREATE && Files.exists(folder))
        {
            try
            {
                FileSystemUtils.deleteRecursively(folder);
            }
            catch (final IOException ex)
            {
                throw new KekbitException("writer '" + name + "': cannot delete existing journal folder " + folder, ex);
            }
            LOGGER.info(() -> "writer '" + name + "': deleted existing journal folder " + folder +
                " (on-existing=recreate)");
        }
        final JournalWriter journal;
        try
        {
            journal = Journal.writer(root, config);
        }
        catch (final ChannelException ex)
        {
            if (KekbitWriterReports.isEnvironmentProblem(ex))
            {
                throw KekbitWriterReports.environment(name, root, ex);
            }
            throw ex;
        }
        catch (final KekbitException ex)
        {
            if (ex.getMessage() != null && ex.getMessage().contains("already has a writer"))
            {
                checkNoLiveWriter(root, name, journalId, folder, ex);
                throw KekbitWriterReports.inUse(name, "the journal in", folder, Kekbit.UNKNOWN_WRITER_PID, ex);
            }
            throw ex;
        }
        LOGGER.info(() -> "writer '" + name + "' writes journal " + Integer.toUnsignedString(journalId) + " in " +
            folder + " from segment " + journal.segment() + " (segment capacity " + journal.header().capacity() +
            " bytes, " + config.retention() + ")");
        return new SynchronizedRollingWriter(journal);
    }

    private static void checkNoLiveWriter(
        final Path root, final String name, final int journalId, final Path folder, final Throwable cause)
    {
        final long pid = Journal.writerPid(root, journalId);
        if (pid != Kekbit.NO_WRITER)
        {
            throw KekbitWriterReports.inUse(name, "the journal in", folder, pid, cause);
        }
    }

    static RetentionPolicy retention(final Retention retention)
    {
        return RetentionPolicy.builder()
            .maxSegments(retention.getMaxSegments())
            .maxBytes(retention.getMaxSize() == null ? 0 : retention.getMaxSize().toBytes())
            .maxAge(retention.getMaxAge())
            .forceDelete(retention.isDeleteUnread())
            .build();
    }
}
