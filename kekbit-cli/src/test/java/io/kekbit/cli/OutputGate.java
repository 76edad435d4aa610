package io.kekbit.cli;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Writer;

/**
 * The stdout of a {@link Cli}, which a test can hold shut like a pipe into a pager that stopped reading: while it is
 * held, every write blocks until {@link #release()}, or until the writing thread is interrupted (the write then fails
 * with an {@link InterruptedIOException}, which {@link java.io.PrintWriter} turns back into the thread's interrupt
 * flag). Thread-safe.
 */
final class OutputGate extends Writer
{
    private final Writer target;
    private boolean held;
    private int blocked;

    OutputGate(final Writer target)
    {
        this.target = target;
    }

    /**
     * Makes the next writes block.
     */
    synchronized void hold()
    {
        held = true;
    }

    /**
     * Lets blocked and later writes through.
     */
    synchronized void release()
    {
        held = false;
        notifyAll();
    }

    /**
     * Whether a thread is blocked in a write.
     *
     * @return true while one waits for {@link #release()}.
     */
    synchronized boolean isBlocked()
    {
        return blocked > 0;
    }

    @Override
    public void write(final char[] chars, final int offset, final int length) throws IOException
    {
        awaitRelease();
        target.write(chars, offset, length);
    }

    private synchronized void awaitRelease() throws InterruptedIOException
    {
        if (!held)
        {
            return;
        }
        blocked++;
        try
        {
            while (held)
            {
                wait();
            }
        }
        catch (final InterruptedException ex)
        {
            throw new InterruptedIOException("output held by the test");
        }
        finally
        {
            blocked--;
        }
    }

    @Override
    public void flush() throws IOException
    {
        target.flush();
    }

    @Override
    public void close() throws IOException
    {
        target.close();
    }
}
