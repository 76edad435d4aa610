package io.kekbit.core;

import io.kekbit.core.internal.ClaimAccess;
import io.kekbit.core.internal.MappingFaults;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Writer} shared by several producer threads: every method runs under one lock. A claim holds the lock
 * from {@link #tryClaim} until its commit or abort, so complete it on the same thread. Thread-safe.
 */
final class SynchronizedWriter implements Writer, MappingFaults
{
    private final Writer delegate;
    private final ReentrantLock lock = new ReentrantLock();
    private final Claim inner = new Claim();
    private final ClaimAccess.Committer committer = new ClaimAccess.Committer()
    {
        @Override
        public long commitClaim(final int length)
        {
            try
            {
                return inner.commit(length);
            }
            finally
            {
                lock.unlock();
            }
        }

        @Override
        public void abortClaim()
        {
            try
            {
                inner.abort();
            }
            finally
            {
                lock.unlock();
            }
        }
    };

    SynchronizedWriter(final Writer delegate)
    {
        this.delegate = Objects.requireNonNull(delegate, "writer");
    }

    @Override
    public long write(final byte[] src, final int offset, final int length)
    {
        lock.lock();
        try
        {
            return delegate.write(src, offset, length);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Hands a fault to the wrapped writer when it can tell a truncated file (it only reads the file's length, so no
     * lock is taken); rethrows it otherwise.
     *
     * @param fault the JDK's error.
     */
    @Override
    public void onMappingFault(final InternalError fault)
    {
        if (!(delegate instanceof MappingFaults))
        {
            throw fault;
        }
        ((MappingFaults)delegate).onMappingFault(fault);
    }

    @Override
    public long write(final ByteBuffer src)
    {
        lock.lock();
        try
        {
            return delegate.write(src);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long write(final int maxLength, final RecordEncoder encoder)
    {
        lock.lock();
        try
        {
            return delegate.write(maxLength, encoder);
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long tryClaim(final int length, final Claim claim)
    {
        lock.lock();
        boolean claimed = false;
        try
        {
            final long result = delegate.tryClaim(length, inner);
            if (result >= 0)
            {
                final RecordBuffer space = inner.buffer();
                claim.wrap(committer, space.window(), space.base(), inner.length());
                claimed = true;
            }
            return result;
        }
        finally
        {
            if (!claimed)
            {
                lock.unlock();
            }
        }
    }

    @Override
    public long heartbeat()
    {
        lock.lock();
        try
        {
            return delegate.heartbeat();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void flush()
    {
        lock.lock();
        try
        {
            delegate.flush();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void close()
    {
        lock.lock();
        try
        {
            delegate.close();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public void seal()
    {
        lock.lock();
        try
        {
            delegate.seal();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean isSealed()
    {
        lock.lock();
        try
        {
            return delegate.isSealed();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public boolean isClosed()
    {
        lock.lock();
        try
        {
            return delegate.isClosed();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long available()
    {
        lock.lock();
        try
        {
            return delegate.available();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long writeOffset()
    {
        lock.lock();
        try
        {
            return delegate.writeOffset();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public long recordCount()
    {
        lock.lock();
        try
        {
            return delegate.recordCount();
        }
        finally
        {
            lock.unlock();
        }
    }

    @Override
    public Header header()
    {
        return delegate.header();
    }
}
