package io.kekbit.spring.listener;

import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;

import java.nio.file.Path;

/**
 * Finds the end of a channel's written data, and how many records precede it, for lag metrics. Its own reader
 * scans only what was written since the previous call, so a scrape stays cheap at any backlog. Thread-safe
 * (synchronized).
 */
final class LagProbe
{
    private final Path root;
    private final long channelId;
    private long count;
    private Reader reader;
    private boolean closed;

    LagProbe(final Path root, final long channelId)
    {
        this.root = root;
        this.channelId = channelId;
    }

    synchronized long endPosition()
    {
        return advance() ? reader.position() : -1;
    }

    synchronized long endRecordIndex()
    {
        return advance() ? count : -1;
    }

    synchronized void reset()
    {
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
        count = 0;
    }

    synchronized void close()
    {
        closed = true;
        if (reader != null)
        {
            reader.close();
            reader = null;
        }
    }

    private boolean advance()
    {
        if (closed)
        {
            return false;
        }
        if (reader == null)
        {
            try
            {
                reader = Kekbit.shmReader(root, channelId);
            }
            catch (final KekbitException ex)
            {
                return false;
            }
        }
        count += Readers.skipToEnd(reader);
        return true;
    }
}
