package io.kekbit.benchmarks.latency;

import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * kekbit channels: one channel per link, written with {@code tryClaim}/{@code commit}, read one record per poll with
 * the zero-copy handler. Not thread-safe (see {@link Transport}).
 */
final class KekbitTransport extends Transport
{
    private final Path root;
    private final int payload;
    private final long capacity;
    private final List<AutoCloseable> opened = new ArrayList<>();

    KekbitTransport(final Path dir, final int payload, final long maxMessages)
    {
        this.root = dir.resolve("kekbit");
        this.payload = payload;
        final long recordSize = (8 + payload + 7) & ~7L;
        this.capacity = Math.min(Integer.MAX_VALUE - (1 << 20), recordSize * (maxMessages + 1024) + (1 << 20));
    }

    @Override
    public Sender sender(final String link)
    {
        final Writer writer = Kekbit.shmWriter(
            root, Header.of(1, linkId(link), capacity, payload, Duration.ofHours(1), TickUnit.MILLIS));
        synchronized (opened)
        {
            opened.add(writer);
        }
        final Claim claim = new Claim();
        final int length = payload;
        return value ->
        {
            final long result = writer.tryClaim(length, claim);
            if (result < 0)
            {
                throw new IllegalStateException("kekbit write failed: code=" + result);
            }
            claim.buffer().putLong(0, value);
            claim.commit();
            return true;
        };
    }

    @Override
    public Receiver receiver(final String link)
    {
        final Reader reader = Kekbit.tryShmReader(root, linkId(link), Duration.ofSeconds(30), 3000);
        synchronized (opened)
        {
            opened.add(reader);
        }
        return new KekbitReceiver(reader);
    }

    @Override
    public void close()
    {
        synchronized (opened)
        {
            for (final AutoCloseable c : opened)
            {
                try
                {
                    c.close();
                }
                catch (final Exception ex)
                {
                    // best effort
                }
            }
            opened.clear();
        }
    }

    private static final class KekbitReceiver implements Receiver, RecordHandler
    {
        private final Reader reader;
        private long value = NONE;

        KekbitReceiver(final Reader reader)
        {
            this.reader = reader;
        }

        @Override
        public long poll()
        {
            value = NONE;
            final long result = reader.read(this, 1);
            if (result < 0)
            {
                throw new IllegalStateException("kekbit read failed: " + reader.exhausted());
            }
            return value;
        }

        @Override
        public void onRecord(final ByteBuffer buffer, final int offset, final int length, final long position)
        {
            value = buffer.getLong(offset);
        }
    }
}
