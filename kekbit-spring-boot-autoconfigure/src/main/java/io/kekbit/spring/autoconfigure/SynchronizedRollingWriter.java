package io.kekbit.spring.autoconfigure;

import java.nio.ByteBuffer;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.RecordEncoder;
import io.kekbit.core.Writer;
import io.kekbit.journal.JournalPosition;
import io.kekbit.journal.JournalWriter;
import io.kekbit.spring.core.RollingWriter;

/**
 * The bean of a roll writer: {@link Kekbit#synchronizedWriter} over a {@link JournalWriter}, plus the journal's
 * counters. Every {@link Writer} method goes through the synchronized writer; the journal counters are safe to read
 * from any thread, and the segment capacity (the same for every segment) is read once. A write, claim or heartbeat
 * that throws is remembered as {@link #lastFailure()} until one succeeds. Thread-safe.
 */
final class SynchronizedRollingWriter implements RollingWriter
{
    private final JournalWriter journal;
    private final Writer delegate;
    private final long segmentCapacity;
    private volatile RuntimeException lastFailure;

    SynchronizedRollingWriter(final JournalWriter journal)
    {
        this.journal = journal;
        this.delegate = Kekbit.synchronizedWriter(journal);
        this.segmentCapacity = journal.header().capacity();
    }

    @Override
    public long write(final byte[] src, final int offset, final int length)
    {
        try
        {
            final long result = delegate.write(src, offset, length);
            succeeded();
            return result;
        }
        catch (final RuntimeException ex)
        {
            lastFailure = ex;
            throw ex;
        }
    }

    @Override
    public long write(final ByteBuffer src)
    {
        try
        {
            final long result = delegate.write(src);
            succeeded();
            return result;
        }
        catch (final RuntimeException ex)
        {
            lastFailure = ex;
            throw ex;
        }
    }

    @Override
    public long write(final int maxLength, final RecordEncoder encoder)
    {
        try
        {
            final long result = delegate.write(maxLength, encoder);
            succeeded();
            return result;
        }
        catch (final RuntimeException ex)
        {
            lastFailure = ex;
            throw ex;
        }
    }

    @Override
    public long tryClaim(final int length, final Claim claim)
    {
        try
        {
            final long result = delegate.tryClaim(length, claim);
            succeeded();
            return result;
        }
        catch (final RuntimeException ex)
        {
            lastFailure = ex;
            throw ex;
        }
    }

    @Override
    public long heartbeat()
    {
        try
        {
            final long result = delegate.heartbeat();
            succeeded();
            return result;
        }
        catch (final RuntimeException ex)
        {
            lastFailure = ex;
            throw ex;
        }
    }

    @Override
    public void flush()
    {
        delegate.flush();
    }

    @Override
    public void seal()
    {
        delegate.seal();
    }

    @Override
    public boolean isSealed()
    {
        return delegate.isSealed();
    }

    @Override
    public void close()
    {
        delegate.close();
    }

    @Override
    public boolean isClosed()
    {
        return delegate.isClosed();
    }

    @Override
    public long available()
    {
        return delegate.available();
    }

    @Override
    public long writeOffset()
    {
        return delegate.writeOffset();
    }

    @Override
    public long recordCount()
    {
        return delegate.recordCount();
    }

    @Override
    public Header header()
    {
        return delegate.header();
    }

    @Override
    public long journalId()
    {
        return Integer.toUnsignedLong(journal.config().journalId());
    }

    @Override
    public long segment()
    {
        return JournalPosition.segment(delegate.writeOffset());
    }

    @Override
    public long segmentCapacity()
    {
        return segmentCapacity;
    }

    @Override
    public long deletedSegments()
    {
        return journal.deletedSegments();
    }

    @Override
    public long forcedDeletions()
    {
        return journal.forcedDeletions();
    }

    @Override
    public long waitedRolls()
    {
        return journal.waitedRolls();
    }

    @Override
    public RuntimeException lastFailure()
    {
        return lastFailure;
    }

    private void succeeded()
    {
        if (lastFailure != null)
        {
            lastFailure = null;
        }
    }

    @Override
    public String toString()
    {
        return "SynchronizedRollingWriter{" + delegate + "}";
    }
}
