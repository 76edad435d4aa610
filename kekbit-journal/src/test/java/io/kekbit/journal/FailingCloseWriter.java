package io.kekbit.journal;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.KekbitException;
import io.kekbit.core.RecordEncoder;
import io.kekbit.core.Writer;

import java.nio.ByteBuffer;

/**
 * A real channel writer whose {@link #close()} closes it, then throws, as when the final flush fails: injects a
 * failed segment close into a journal writer.
 */
final class FailingCloseWriter implements Writer
{
    private final Writer delegate;

    FailingCloseWriter(final Writer delegate)
    {
        this.delegate = delegate;
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
        throw new KekbitException("injected close failure: channel 0x" + Long.toHexString(header().channelId()));
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
}
