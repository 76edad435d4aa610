package io.kekbit.spring.test.utils;

import java.nio.file.Path;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;

/**
 * A single channel file. Thread-safe (immutable).
 */
final class ChannelRecordSource implements RecordSource
{
    private final String name;
    private final Path root;
    private final long channelId;

    ChannelRecordSource(final String name, final Path root, final long channelId)
    {
        this.name = name;
        this.root = root;
        this.channelId = channelId;
    }

    @Override
    public Reader open()
    {
        try
        {
            return Kekbit.shmReader(root, channelId);
        }
        catch (final ChannelException ex)
        {
            if (ex.reason() == ChannelError.STORAGE_NOT_FOUND || ex.reason() == ChannelError.STORAGE_NOT_READY)
            {
                return null;
            }
            throw ex;
        }
    }

    @Override
    public String describe()
    {
        final String id = "0x" + Long.toHexString(channelId);
        return "channel " + (name == null ? id + " (" : "'" + name + "' (id " + id + ", ") + "file " +
            Kekbit.storagePath(root, channelId) + ")";
    }

    @Override
    public String position(final long position)
    {
        return Long.toString(position);
    }
}
