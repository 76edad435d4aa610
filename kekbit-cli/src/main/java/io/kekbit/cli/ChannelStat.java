package io.kekbit.cli;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.DurablePosition;
import io.kekbit.core.InvalidPosition;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code stat} knows about one channel: header, write position, record count, writer state and the durable
 * reader positions beside it. Not thread-safe.
 * <p>
 * The write position and record count come from walking the channel with a reader. The state is CLOSED or FULL
 * when the walk ends on the CLOSE marker or the end of the capacity, CORRUPT on a bad length word, and otherwise
 * OPEN, until {@link #watch(long)} applies a fresh reader's timeout rule: ABANDONED when the reader, standing at the
 * end, reports TIMEOUT (the writer wrote nothing, not even a heartbeat, for longer than the header's timeout).
 */
final class ChannelStat implements RecordHandler
{
    /** Writer states. */
    enum State
    {
        /** Not closed or full, and not seen idle for longer than the timeout. */
        OPEN,
        /** The writer closed the channel. */
        CLOSED,
        /** The reader reached the end of the capacity. */
        FULL,
        /** No write for longer than the header's timeout, while watched. */
        ABANDONED,
        /** A length word that is neither a record length nor a marker. */
        CORRUPT,
        /** The lock file exists: the channel is being created, or its creator died. */
        NOT_READY,
        /** The file is not a valid kekbit channel. */
        INVALID
    }

    /** A durable reader position stored beside the channel. */
    static final class DurableReader
    {
        final String name;
        final Path path;
        long position = -1;
        long lagBytes = -1;
        long lagRecords = -1;
        String error;

        DurableReader(final String name, final Path path)
        {
            this.name = name;
            this.path = path;
        }
    }

    final long channelId;
    final Path path;
    final List<DurableReader> readers = new ArrayList<>();
    Header header;
    State state;
    String error;
    long writePosition;
    long records;
    private Reader reader;
    private boolean watching;
    private long counted;

    private ChannelStat(final long channelId, final Path path)
    {
        this.channelId = channelId;
        this.path = path;
    }

    /**
     * Opens a channel and walks it to its current end.
     *
     * @param root      root folder.
     * @param channelId channel id.
     * @return the statistics; {@link #close()} them when done.
     */
    static ChannelStat open(final Path root, final long channelId)
    {
        final ChannelStat stat = new ChannelStat(channelId, StorageDescriptor.channelPath(root, channelId));
        if (Files.isSymbolicLink(stat.path))
        {
            stat.state = State.INVALID;
            stat.error = "channel file " + stat.path + " is a symbolic link; kekbit does not follow links to files " +
                "it writes or inspects";
            return stat;
        }
        try
        {
            stat.reader = Kekbit.shmReader(root, channelId);
        }
        catch (final ChannelException ex)
        {
            stat.state = ex.reason() == ChannelError.STORAGE_NOT_READY ? State.NOT_READY : State.INVALID;
            stat.error = Channels.describe(ex);
            return stat;
        }
        stat.header = stat.reader.header();
        stat.walk();
        stat.findDurableReaders(root);
        return stat;
    }

    private void walk()
    {
        Readers.drain(reader, this);
        if (reader.exhausted() != null)
        {
            finish(reader.exhausted());
            return;
        }
        state = State.OPEN;
        watching = true;
        snapshot();
    }

    private void snapshot()
    {
        writePosition = reader.position();
        records = counted;
    }

    private void finish(final ReadError why)
    {
        watching = false;
        snapshot();
        switch (why)
        {
            case CLOSED:
                state = State.CLOSED;
                break;
            case CHANNEL_FULL:
                state = State.FULL;
                break;
            case TIMEOUT:
                state = State.ABANDONED;
                break;
            default:
                state = State.CORRUPT;
                error = Channels.corruptMessage(path, reader);
                break;
        }
    }

    @Override
    public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
    {
        counted++;
    }

    /**
     * Whether {@link #watch(long)} can still decide the state: the channel is OPEN, not yet seen active, and its
     * timeout fits in the watch window.
     *
     * @param windowNanos length of the watch window.
     * @return true when worth watching.
     */
    boolean watchable(final long windowNanos)
    {
        if (!watching)
        {
            return false;
        }
        try
        {
            return header.timeoutDuration().toNanos() <= windowNanos;
        }
        catch (final ArithmeticException ex)
        {
            return false;
        }
    }

    /**
     * Polls once at the end of the channel: a record or heartbeat proves the writer alive (OPEN), TIMEOUT makes it
     * ABANDONED, CLOSED or FULL updates the state.
     *
     * @param windowNanos length of the watch window.
     * @return true when the state is decided.
     */
    boolean watch(final long windowNanos)
    {
        if (!watchable(windowNanos))
        {
            return true;
        }
        final long result = reader.read(this, Integer.MAX_VALUE);
        if (result < 0)
        {
            finish(reader.exhausted());
            return true;
        }
        if (result > 0)
        {
            watching = false;
            snapshot();
            return true;
        }
        return false;
    }

    /**
     * Lists the durable positions stored beside the channel and measures their lag against the write position.
     */
    private void findDurableReaders(final Path root)
    {
        final String prefix = StorageDescriptor.fileStem(channelId) + ".";
        final List<DurableReader> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(path.getParent(),
            prefix + "*" + StorageDescriptor.POSITION_EXTENSION))
        {
            for (final Path file : files)
            {
                final String name = file.getFileName().toString();
                final String readerName = name.substring(prefix.length(),
                    name.length() - StorageDescriptor.POSITION_EXTENSION.length());
                if (readerName.matches("[A-Za-z0-9_-]{1,64}"))
                {
                    found.add(new DurableReader(readerName, file));
                }
            }
        }
        catch (final IOException ex)
        {
            error = "could not list durable positions beside " + path + ": " + ex;
            return;
        }
        found.sort((a, b) -> a.name.compareTo(b.name));
        readers.addAll(found);
    }

    /**
     * Measures each durable reader's lag against the write position: bytes, and records counted by walking from
     * its position. Call after the watch, since it moves the reader.
     */
    void measureLag()
    {
        for (final DurableReader durable : readers)
        {
            try
            {
                durable.position = DurablePosition.peek(durable.path);
            }
            catch (final KekbitException ex)
            {
                durable.error = ex.getMessage();
                continue;
            }
            final long moved = reader.moveTo(durable.position);
            if (moved < 0)
            {
                durable.error = "position " + durable.position + " is " +
                    InvalidPosition.fromCode(moved) + " in this channel";
                continue;
            }
            durable.lagBytes = Math.max(0, writePosition - durable.position);
            final long before = counted;
            while (reader.position() < writePosition)
            {
                if (reader.read(this, 1) <= 0)
                {
                    break;
                }
            }
            durable.lagRecords = counted - before;
        }
    }

    /**
     * Used part of the capacity.
     *
     * @return percent, 0 to 100.
     */
    double usedPercent()
    {
        return header == null ? 0 : 100.0 * writePosition / header.capacity();
    }

    /**
     * Releases the reader.
     */
    void close()
    {
        if (reader != null)
        {
            reader.close();
        }
    }
}
