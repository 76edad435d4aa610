package io.kekbit.spring.listener;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.RecordHandler;

import org.springframework.core.log.LogAccessor;

/**
 * {@link ListenerSource} over a single memory-mapped channel. An exhausted reader ends the listener, unless the
 * endpoint awaits re-creation: then the source waits for a new channel with the same id and hands back a reader of
 * it. Records are counted from the start of the channel, so the lag is known in records too. Thread-safe for the lag
 * methods (the {@link LagProbe} is synchronized); the others run on the poll thread.
 */
final class ChannelListenerSource implements ListenerSource
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);

    private final KekbitListenerEndpoint endpoint;
    private final LagProbe lagProbe;

    ChannelListenerSource(final KekbitListenerEndpoint endpoint)
    {
        this.endpoint = endpoint;
        this.lagProbe = new LagProbe(endpoint.rootPath(), endpoint.channelId());
    }

    @Override
    public boolean isRoll()
    {
        return false;
    }

    @Override
    public Reader open(final ChannelWaiter waiter)
    {
        return waiter.openChannel();
    }

    @Override
    public DurablePosition openDurable(final String name)
    {
        return DurablePosition.open(endpoint.rootPath(), endpoint.channelId(), name);
    }

    @Override
    public long moveToStart(final Reader reader, final DurablePosition durable, final StartFrom startFrom)
    {
        final long[] count = new long[1];
        switch (startFrom)
        {
            case END:
                count[0] = Readers.skipToEnd(reader);
                break;
            case DURABLE:
                if (!durable.isNew())
                {
                    final RecordHandler counter = (b, o, l, p) -> count[0]++;
                    final long target = durable.resume(reader);
                    reader.moveTo(0);
                    long step = 1;
                    while (reader.position() < target && step > 0)
                    {
                        step = reader.read(counter, 1);
                    }
                }
                break;
            default:
                break;
        }
        return count[0];
    }

    @Override
    public String describe(final long position)
    {
        return "channel '" + endpoint.channelName() + "' (0x" + Long.toHexString(endpoint.channelId()) +
            ") from position " + position;
    }

    @Override
    public Reader afterEnd(final Reader reader, final ChannelWaiter waiter, final ListenerStatus status)
    {
        final ReadError error = reader.exhausted();
        final String why = ReaderEnds.describe(error, reader);
        if (!endpoint.awaitRecreate() || error == ReadError.FAILED)
        {
            status.ended(why);
            LOGGER.warn(() -> "listener '" + endpoint.id() + "' stopped: " + why);
            return null;
        }
        status.waiting(why);
        LOGGER.warn(() -> "listener '" + endpoint.id() + "': " + why + "; waiting for the channel to be re-created");
        final long created = reader.header().creationTime();
        reader.close();
        final Reader next = waiter.awaitRecreated(created);
        if (next != null)
        {
            lagProbe.reset();
            LOGGER.info(() -> "listener '" + endpoint.id() + "' reading the re-created channel '" +
                endpoint.channelName() + "' from position 0");
        }
        return next;
    }

    @Override
    public long segment(final long position)
    {
        return 0;
    }

    @Override
    public long lagBytes(final long position)
    {
        final long end = lagProbe.endPosition();
        return end < 0 ? -1 : Math.max(0, end - position);
    }

    @Override
    public long lagRecords(final long recordIndex, final long position)
    {
        final long end = lagProbe.endRecordIndex();
        return end < 0 ? -1 : Math.max(0, end - recordIndex);
    }

    @Override
    public long lagSegments(final long position)
    {
        return 0;
    }

    @Override
    public void close()
    {
        lagProbe.close();
    }
}
