package io.kekbit.benchmarks.latency;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Chronicle Queue (open source): one queue folder per link, written through {@code writingDocument()} and read
 * through {@code readingDocument()}, the zero-copy path. Each process opens its own queue instances; endpoints are
 * created on the thread that uses them. Not thread-safe (see {@link Transport}).
 */
final class ChronicleQueueTransport extends Transport
{
    private final Path dir;
    private final int payload;
    private final Map<String, SingleChronicleQueue> queues = new HashMap<>();

    ChronicleQueueTransport(final Path dir, final int payload)
    {
        this.dir = dir.resolve("chronicle");
        this.payload = payload;
    }

    private SingleChronicleQueue queue(final String link)
    {
        synchronized (queues)
        {
            return queues.computeIfAbsent(link, l -> SingleChronicleQueueBuilder.binary(dir.resolve(l)).build());
        }
    }

    @Override
    public Sender sender(final String link)
    {
        final ExcerptAppender appender = queue(link).createAppender();
        final int padding = payload - Long.BYTES;
        return value ->
        {
            try (DocumentContext context = appender.writingDocument())
            {
                final Bytes<?> bytes = context.wire().bytes();
                bytes.writeLong(value);
                bytes.writeSkip(padding);
            }
            return true;
        };
    }

    @Override
    public Receiver receiver(final String link)
    {
        final ExcerptTailer tailer = queue(link).createTailer();
        return () ->
        {
            try (DocumentContext context = tailer.readingDocument())
            {
                if (!context.isPresent())
                {
                    return NONE;
                }
                return context.wire().bytes().readLong();
            }
        };
    }

    @Override
    public void close()
    {
        synchronized (queues)
        {
            queues.values().forEach(SingleChronicleQueue::close);
            queues.clear();
        }
    }
}
