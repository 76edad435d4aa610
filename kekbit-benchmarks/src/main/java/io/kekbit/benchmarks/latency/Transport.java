package io.kekbit.benchmarks.latency;

import java.nio.file.Path;
import java.util.List;

/**
 * A way to move one {@code long} (at the start of a fixed-size payload) from one thread or process to another. Each
 * implementation opens named one-way links under a folder; the side that creates a link is its sender.
 * <p>
 * Not thread-safe as a whole: open each endpoint on the thread that uses it (Chronicle Queue insists), and use a
 * sender or receiver from one thread only.
 */
public abstract class Transport implements AutoCloseable
{
    /** Value a receiver returns when nothing arrived yet. */
    public static final long NONE = Long.MIN_VALUE;
    /** Value that tells an echo or a one-way reader to stop. */
    public static final long STOP = Long.MAX_VALUE;
    /** Link from the pinging side to the echo. */
    public static final String PING = "ping";
    /** Link from the echo back. */
    public static final String PONG = "pong";
    /** Link of the one-way measurement. */
    public static final String ONE_WAY = "oneway";
    /** Names of every transport, in table order: kekbit, the peers, then the floor. */
    public static final List<String> NAMES = List.of("kekbit", "chronicle", "aeron", "agrona", "cacheline");

    /**
     * Sending end of a link.
     */
    public interface Sender
    {
        /**
         * Publishes one record holding {@code value}.
         *
         * @param value the value, never {@link #NONE}.
         * @return false when the link pushes back (not connected yet, or full): try again.
         */
        boolean send(long value);
    }

    /**
     * Receiving end of a link.
     */
    public interface Receiver
    {
        /**
         * Takes the next record, if any.
         *
         * @return its value, or {@link #NONE} when nothing is there yet.
         */
        long poll();
    }

    /**
     * Opens a transport.
     *
     * @param name        one of {@link #NAMES}.
     * @param dir         folder shared by both sides (on {@code /dev/shm}).
     * @param host        whether this side hosts shared infrastructure (Aeron's media driver); the other process
     *                    passes false.
     * @param payload     payload bytes per record, at least 8.
     * @param maxMessages most records one link carries (sizes non-circular storage).
     * @return the transport.
     */
    public static Transport create(
        final String name, final Path dir, final boolean host, final int payload, final long maxMessages)
    {
        switch (name)
        {
            case "kekbit":
                return new KekbitTransport(dir, payload, maxMessages);
            case "chronicle":
                return new ChronicleQueueTransport(dir, payload);
            case "aeron":
                return new AeronIpcTransport(dir, host, payload);
            case "agrona":
                return new AgronaRingTransport(dir, payload);
            case "cacheline":
                return new CacheLineTransport(dir);
            default:
                throw new IllegalArgumentException("unknown transport: name=" + name + ", expected one of " + NAMES);
        }
    }

    /**
     * Creates a link and returns its sending end.
     *
     * @param link link name.
     * @return the sender.
     */
    public abstract Sender sender(String link);

    /**
     * Opens the receiving end of a link, waiting for its sender to create it.
     *
     * @param link link name.
     * @return the receiver.
     */
    public abstract Receiver receiver(String link);

    /**
     * Releases everything this transport opened.
     */
    @Override
    public abstract void close();

    static int linkId(final String link)
    {
        switch (link)
        {
            case PING:
                return 1;
            case PONG:
                return 2;
            case ONE_WAY:
                return 3;
            default:
                return 4 + Math.floorMod(link.hashCode(), 1000);
        }
    }

    static void awaitFile(final Path file)
    {
        awaitFile(file, "link", () -> true);
    }

    /**
     * Waits up to 30 s for a file that another thread or process creates.
     *
     * @param file         the file.
     * @param what         what the file stands for, for the error message.
     * @param creatorAlive false once the creator is gone, which ends the wait at once.
     */
    static void awaitFile(final Path file, final String what, final java.util.function.BooleanSupplier creatorAlive)
    {
        final long deadline = System.nanoTime() + 30_000_000_000L;
        while (!java.nio.file.Files.exists(file))
        {
            if (!creatorAlive.getAsBoolean())
            {
                throw new IllegalStateException(what + " not created, its creator is gone: file=" + file);
            }
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException(what + " not created within 30 s: file=" + file);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }
}
