package io.kekbit.spring.autoconfigure;

import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitProperties.WriterProperties;
import io.kekbit.spring.core.RollingWriter;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.core.log.LogAccessor;

/**
 * The bean of one configured writer ({@code kekbit.writers.<name>}): binds its properties, opens its channel or
 * journal when first asked for, and closes it when the context closes, logging one line saying where it ended. A bean
 * definition of this class holds only the writer's name and kind, so Spring's ahead-of-time processing can write it
 * as code. Thread-safe (the writer is created once, under the bean factory's lock).
 */
public class KekbitWriterFactoryBean implements FactoryBean<Writer>, EnvironmentAware, DisposableBean
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitWriterFactoryBean.class);

    private String name;
    private boolean roll;
    private Environment environment;
    private Writer writer;

    /**
     * Sets the writer's name, its key under {@code kekbit.writers}.
     *
     * @param name the name.
     */
    public void setName(final String name)
    {
        this.name = name;
    }

    /**
     * Sets whether the writer is a rolling journal, so that its type is known before it is created.
     *
     * @param roll true for a {@link RollingWriter}.
     */
    public void setRoll(final boolean roll)
    {
        this.roll = roll;
    }

    /** {@inheritDoc} */
    @Override
    public void setEnvironment(final Environment environment)
    {
        this.environment = environment;
    }

    /**
     * Opens the writer's channel or journal.
     *
     * @return the thread-safe writer.
     * @throws KekbitStartupException or {@link InvalidKekbitPropertyException} when it cannot be opened.
     */
    @Override
    public synchronized Writer getObject()
    {
        if (writer == null)
        {
            final Binder binder = Binder.get(environment);
            final WriterProperties properties = binder.bind("kekbit.writers." + name, WriterProperties.class)
                .orElseGet(WriterProperties::new);
            final KekbitProperties root = binder.bind("kekbit", KekbitProperties.class)
                .orElseGet(KekbitProperties::new);
            writer = KekbitWriterFactory.create(root.getRootPath(), name, properties);
        }
        return writer;
    }

    /** {@inheritDoc} */
    @Override
    public Class<?> getObjectType()
    {
        return roll ? RollingWriter.class : Writer.class;
    }

    /**
     * Closes the writer (CLOSE written, or the journal's segment closed) and logs its position and records.
     */
    @Override
    public synchronized void destroy()
    {
        if (writer == null || writer.isClosed())
        {
            return;
        }
        writer.close();
        final Writer closed = writer;
        final long position = closed.writeOffset();
        if (closed instanceof RollingWriter)
        {
            LOGGER.info(() -> "writer '" + name + "' closed journal " + ((RollingWriter)closed).journalId() +
                " at segment " + (position >>> 32) + ", position " + (position & 0xFFFF_FFFFL) + ", after " +
                closed.recordCount() + " records");
        }
        else
        {
            LOGGER.info(() -> "writer '" + name + "' closed channel 0x" + Long.toHexString(closed.header()
                .channelId()) + " at position " + position + " after " + closed.recordCount() + " records (CLOSE " +
                "written: the next start needs roll.enabled=true or on-existing=recreate to write it again)");
        }
    }
}
