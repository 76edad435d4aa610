package io.kekbit.sample.stream.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Accepts TCP connections on a local port and relays each one, both ways, to a target port of {@code localhost}.
 * {@link LocalKafkaBroker} uses it to offer Kafka's usual port in front of the test kit's broker, which only takes a
 * free port: a client bootstraps through the forwarded port and then reaches the broker at the address the broker
 * advertises, on the same host. The bridge's tests also use it to make a broker appear at an address late.
 * Thread-safe; {@link #close()} stops accepting (open relays end with their peers).
 */
public final class PortForwarder implements AutoCloseable
{
    private final ServerSocket server;
    private final int targetPort;

    private PortForwarder(final ServerSocket server, final int targetPort)
    {
        this.server = server;
        this.targetPort = targetPort;
    }

    /**
     * Starts relaying.
     *
     * @param port       local port to accept on, on the loopback address.
     * @param targetPort port of {@code localhost} to relay to.
     * @return the running forwarder.
     * @throws UncheckedIOException when the port cannot be bound, naming it.
     */
    public static PortForwarder start(final int port, final int targetPort)
    {
        try
        {
            final ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            final PortForwarder forwarder = new PortForwarder(server, targetPort);
            daemon("forward-accept-" + port, forwarder::acceptLoop);
            return forwarder;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot listen on localhost:" + port + " (is another broker running?)", ex);
        }
    }

    private void acceptLoop()
    {
        while (!server.isClosed())
        {
            try
            {
                final Socket client = server.accept();
                final Socket target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                daemon("forward-in", () -> relay(client, target));
                daemon("forward-out", () -> relay(target, client));
            }
            catch (final IOException ex)
            {
                // Closed, or the target refused this connection: the client sees its connection end.
            }
        }
    }

    private static void relay(final Socket from, final Socket to)
    {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
        {
            in.transferTo(out);
        }
        catch (final IOException ex)
        {
            // One side closed: close both below.
        }
        finally
        {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(final Socket socket)
    {
        try
        {
            socket.close();
        }
        catch (final IOException ex)
        {
            // Already gone.
        }
    }

    private static void daemon(final String name, final Runnable task)
    {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops accepting connections. */
    @Override
    public void close()
    {
        try
        {
            server.close();
        }
        catch (final IOException ex)
        {
            // Already closed.
        }
    }
}
