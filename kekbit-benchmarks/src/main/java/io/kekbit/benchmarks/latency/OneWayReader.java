package io.kekbit.benchmarks.latency;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * The reader side of {@code oneway-ipc}, run in its own JVM by {@link LatencyHarness}: opens the one-way receiver,
 * creates the ready file, records until the stop value and writes its histogram (HdrHistogram's compressed encoding)
 * to a file. Not thread-safe.
 */
public final class OneWayReader
{
    private OneWayReader()
    {
    }

    /**
     * Receives one one-way run.
     *
     * @param args transport name, folder, payload bytes, max messages, warm-up ns, timeout ns (a reader still polling
     *             then gives up), histogram file, ready file.
     * @throws IOException when a file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        try (Transport transport = Transport.create(
            args[0], Path.of(args[1]), false, Integer.parseInt(args[2]), Long.parseLong(args[3])))
        {
            final Transport.Receiver receiver = transport.receiver(Transport.ONE_WAY);
            Files.createFile(Path.of(args[7]));
            final Histogram histogram = LatencyHarness.receiveOneWay(receiver, Long.parseLong(args[4]),
                Long.parseLong(args[5]));
            writeHistogram(histogram, Path.of(args[6]));
        }
    }

    static void writeHistogram(final Histogram histogram, final Path file) throws IOException
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        Files.write(file, Arrays.copyOf(buffer.array(), length));
    }

    static Histogram readHistogram(final Path file, final long highestTrackableValue) throws IOException
    {
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Files.readAllBytes(file)),
                highestTrackableValue);
        }
        catch (final DataFormatException ex)
        {
            throw new IOException("not a compressed histogram: file=" + file, ex);
        }
    }
}
