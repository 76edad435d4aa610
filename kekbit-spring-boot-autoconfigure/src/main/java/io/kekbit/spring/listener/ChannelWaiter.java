package io.kekbit.spring.listener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.kekbit.core.ChannelError;
import io.kekbit.core.ChannelException;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.KekbitException;
import io.kekbit.core.Reader;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.core.layout.StorageDescriptor;

import org.springframework.core.log.LogAccessor;

/**
 * Opens a listener's channel or journal, waiting for it to appear: without a wait timeout until it appears or the
 * listener is stopped, saying so once in the log and through {@link ListenerStatus#waiting}; with one, up to it, then
 * {@link ListenerStatus#failed}. Also waits for a closed channel to be re-created. Which of these applies is the
 * {@link ListenerSource}'s choice. Confined to the listener's poll thread.
 */
final class ChannelWaiter
{
    private static final LogAccessor LOGGER = new LogAccessor(KekbitMessageListenerContainer.class);
    private static final long CHANNEL_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final KekbitListenerEndpoint endpoint;
    private final ListenerStatus status;

    ChannelWaiter(final KekbitListenerEndpoint endpoint, final ListenerStatus status)
    {
        this.endpoint = endpoint;
        this.status = status;
    }

    /**
     * Opens the reader of the channel, waiting for it to appear.
     *
     * @return the reader, or null when the listener was stopped or failed (reported through the status).
     */
    Reader openChannel()
    {
        final boolean[] told = new boolean[1];
        final Reader reader;
        try
        {
            reader = Kekbit.awaitShmReader(endpoint.rootPath(), endpoint.channelId(), endpoint.waitTimeout(),
                new SleepingIdleStrategy(CHANNEL_POLL_NANOS), () ->
                {
                    if (!told[0])
                    {
                        told[0] = true;
                        final boolean creating = Files.exists(
                            StorageDescriptor.lockPath(endpoint.rootPath(), endpoint.channelId()));
                        waiting("channel '" + endpoint.channelName() + "' (0x" +
                            Long.toHexString(endpoint.channelId()) + ", " +
                            Kekbit.storagePath(endpoint.rootPath(), endpoint.channelId()) + ")",
                            (creating ? ChannelError.STORAGE_NOT_READY : ChannelError.STORAGE_NOT_FOUND).name());
                    }
                    return status.isStopRequested();
                });
        }
        catch (final ChannelException ex)
        {
            final boolean waited = !ex.isStaleLock() && (ex.reason() == ChannelError.STORAGE_NOT_FOUND ||
                ex.reason() == ChannelError.STORAGE_NOT_READY);
            fail("cannot open channel '" + endpoint.channelName() + "' (0x" + Long.toHexString(endpoint.channelId()) +
                ")" + (waited ? " after waiting " + endpoint.waitTimeout() : "") + ": " + ex.getMessage());
            return null;
        }
        if (reader != null)
        {
            appeared(told[0]);
        }
        return reader;
    }

    /**
     * Opens the reader of a journal, waiting for its first segment.
     *
     * @param exists whether the journal has a segment.
     * @param opener opens the reader once it has.
     * @return the reader, or null when the listener was stopped or failed (reported through the status).
     */
    Reader openJournal(final BooleanSupplier exists, final Supplier<Reader> opener)
    {
        final long deadline = deadline();
        boolean told = false;
        while (!exists.getAsBoolean())
        {
            if (endpoint.waitTimeout() != null && System.nanoTime() - deadline >= 0)
            {
                fail("journal '" + endpoint.channelName() + "' (" + endpoint.channelId() + ") has no segment after " +
                    "waiting " + endpoint.waitTimeout() + " under " + endpoint.rootPath());
                return null;
            }
            if (!told)
            {
                told = true;
                waiting("journal '" + endpoint.channelName() + "' (" + endpoint.channelId() + ", under " +
                    endpoint.rootPath() + ")", "no segment yet");
            }
            if (status.isStopRequested())
            {
                return null;
            }
            LockSupport.parkNanos(this, CHANNEL_POLL_NANOS);
        }
        appeared(told);
        return opener.get();
    }

    /**
     * Waits for the channel to be re-created: a file with another creation time, or another file.
     *
     * @param created creation time of the channel that ended.
     * @return a reader of the new channel, or null when the listener was stopped first.
     */
    Reader awaitRecreated(final long created)
    {
        final Path file = Kekbit.storagePath(endpoint.rootPath(), endpoint.channelId());
        final Object fileKey = fileKey(file);
        while (!status.isStopRequested())
        {
            try
            {
                final Object currentKey = fileKey(file);
                if (Header.read(file).creationTime() != created || (currentKey != null && !currentKey.equals(fileKey)))
                {
                    return Kekbit.shmReader(endpoint.rootPath(), endpoint.channelId());
                }
            }
            catch (final KekbitException ex)
            {
                LOGGER.trace(() -> "channel not ready yet: " + ex.getMessage());
            }
            LockSupport.parkNanos(this, CHANNEL_POLL_NANOS);
        }
        return null;
    }

    private long deadline()
    {
        return endpoint.waitTimeout() == null ? 0 : System.nanoTime() + endpoint.waitTimeout().toNanos();
    }

    private void waiting(final String what, final String why)
    {
        status.waiting("waiting for " + what + ": " + why);
        final String bound = endpoint.waitTimeout() == null ? "until it appears" : "up to " + endpoint.waitTimeout();
        LOGGER.info(() -> "listener '" + endpoint.id() + "' is waiting for " + what + " (" + why + "); it starts by " +
            "itself when it appears (waiting " + bound + ")");
    }

    private void appeared(final boolean waited)
    {
        if (waited)
        {
            status.waiting(null);
            LOGGER.info(() -> "listener '" + endpoint.id() + "': channel '" + endpoint.channelName() +
                "' appeared; starting");
        }
    }

    private void fail(final String why)
    {
        status.failed(why);
        LOGGER.error(() -> "listener '" + endpoint.id() + "' stopped: " + why);
    }

    private static Object fileKey(final Path file)
    {
        try
        {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
