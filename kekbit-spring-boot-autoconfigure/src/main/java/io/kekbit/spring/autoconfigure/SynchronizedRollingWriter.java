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
 * from any thread, and the segment capacity (the same for every segment) is read once. Thread-safe.
 */
final class SynchronizedRollingWriter implements RollingWriter
{
    private final JournalWriter journal;
    private final Writer delegate;
    private final long segmentCapacity;

    SynchronizedRollingWriter(final JournalWriter journal)
    {
        this.journal = journal;
        this.delegate = Kekbit.synchronizedWriter(journal);
        this.segmentCapacity = journal.header().capacity();
    }

    @Override
    public long write(final byte[] src, final int offset, final int length)
    {
        return delegate.write(src, offset, length);
    }

    @Override
    public long write(final ByteBuffer src)
    {
        return delegate.write(src);
    }

    @Override
    public long write(final int maxLength, final RecordEncoder encoder)
    {
        return delegate.write(maxLength, encoder);
    }

    @Override
    public long tryClaim(final int length, final Claim claim)
    {
        return delegate.tryClaim(length, claim);
    }

    @Override
    public long heartbeat()
    {
        return delegate.heartbeat();
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
    public String toString()
    {
        return "SynchronizedRollingWriter{" + delegate + "}";
    }
}
