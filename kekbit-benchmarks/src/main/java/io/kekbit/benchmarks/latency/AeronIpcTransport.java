package io.kekbit.benchmarks.latency;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

import java.nio.file.Path;

/**
 * Aeron IPC ({@code aeron:ipc}): the host side embeds a media driver (shared threading mode, sleeping 1 ms between
 * duty cycles so it does not take one of the two cores; IPC data never passes through it), both sides connect a
 * client. Exclusive publications with {@code tryClaim}, subscriptions polled one fragment at a time. Term buffers are
 * pre-faulted (not sparse), as kekbit's files are. Not thread-safe (see {@link Transport}).
 */
final class AeronIpcTransport extends Transport
{
    /** The channel. */
    static final String CHANNEL = "aeron:ipc";

    private final MediaDriver driver;
    private final Aeron aeron;
    private final int payload;

    AeronIpcTransport(final Path dir, final boolean host, final int payload)
    {
        final String aeronDir = dir.resolve("aeron").toString();
        this.payload = payload;
        this.driver = host ? launchDriver(aeronDir, 8 << 20) : null;
        this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
    }

    /**
     * Launches an embedded media driver for IPC.
     *
     * @param aeronDir   Aeron directory.
     * @param termLength IPC term buffer length.
     * @return the driver.
     */
    static MediaDriver launchDriver(final String aeronDir, final int termLength)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new SleepingMillisIdleStrategy(1))
            .termBufferSparseFile(false)
            .ipcTermBufferLength(termLength)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
    }

    @Override
    public Sender sender(final String link)
    {
        final ExclusivePublication publication = aeron.addExclusivePublication(CHANNEL, linkId(link));
        final BufferClaim claim = new BufferClaim();
        final int length = payload;
        return value ->
        {
            final long result = publication.tryClaim(length, claim);
            if (result < 0)
            {
                if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                {
                    throw new IllegalStateException("aeron publication failed: " + Publication.errorString(result));
                }
                return false;
            }
            claim.buffer().putLong(claim.offset(), value);
            claim.commit();
            return true;
        };
    }

    @Override
    public Receiver receiver(final String link)
    {
        return new AeronReceiver(aeron.addSubscription(CHANNEL, linkId(link)));
    }

    @Override
    public void close()
    {
        aeron.close();
        if (driver != null)
        {
            driver.close();
        }
    }

    private static final class AeronReceiver implements Receiver, FragmentHandler
    {
        private final Subscription subscription;
        private long value = NONE;

        AeronReceiver(final Subscription subscription)
        {
            this.subscription = subscription;
        }

        @Override
        public long poll()
        {
            value = NONE;
            subscription.poll(this, 1);
            return value;
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            value = buffer.getLong(offset);
        }
    }
}
