package io.kekbit.spring.autoconfigure;

import java.util.Set;

import io.kekbit.core.Writer;
import io.kekbit.spring.core.RollingWriter;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.log.LogAccessor;

/**
 * Closes each configured writer bean when the context closes and logs one line saying where it ended: position,
 * records, and for a roll writer the segment. The bean's own destroy method then finds it closed. Thread-safe
 * (stateless after construction).
 */
public class KekbitWriterCloseLogger implements DestructionAwareBeanPostProcessor
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitWriterCloseLogger.class);

    private final Set<String> writerNames;

    /**
     * Creates the logger.
     *
     * @param writerNames names of the writer beans registered from {@code kekbit.writers}.
     */
    public KekbitWriterCloseLogger(final Set<String> writerNames)
    {
        this.writerNames = Set.copyOf(writerNames);
    }

    /** {@inheritDoc} */
    @Override
    public void postProcessBeforeDestruction(final Object bean, final String beanName)
    {
        if (!(bean instanceof Writer) || !writerNames.contains(beanName))
        {
            return;
        }
        final Writer writer = (Writer)bean;
        if (writer.isClosed())
        {
            return;
        }
        writer.close();
        final long position = writer.writeOffset();
        if (writer instanceof RollingWriter)
        {
            LOGGER.info(() -> "writer '" + beanName + "' closed journal " + ((RollingWriter)writer).journalId() +
                " at segment " + (position >>> 32) + ", position " + (position & 0xFFFF_FFFFL) + ", after " +
                writer.recordCount() + " records");
        }
        else
        {
            LOGGER.info(() -> "writer '" + beanName + "' closed channel 0x" + Long.toHexString(writer.header()
                .channelId()) + " at position " + position + " after " + writer.recordCount() + " records (CLOSE " +
                "written: the next start needs roll.enabled=true or on-existing=recreate to write it again)");
        }
    }

    /** {@inheritDoc} */
    @Override
    public boolean requiresDestruction(final Object bean)
    {
        return bean instanceof Writer;
    }
}
