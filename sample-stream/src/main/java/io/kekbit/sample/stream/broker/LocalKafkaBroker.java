package io.kekbit.sample.stream.broker;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.concurrent.CountDownLatch;

/**
 * spring-kafka-test's one-node KRaft broker, so that the sample's {@code kafka} profile and the bridges have a broker
 * to talk to where no Kafka is installed. {@link #main} runs one until the process is stopped (Ctrl-C or SIGTERM) and
 * prints {@code Kafka broker ready at localhost:<port>} once clients can connect. That broker only takes a free port,
 * so {@code main} offers the fixed one through a {@link PortForwarder}: clients bootstrap there and then talk to the
 * broker's own address on this host. {@link #startOnFreePort()} is the tests' broker. Data lives in a temporary
 * folder and is gone after the broker stops. Not thread-safe; start and stop from one thread.
 */
public final class LocalKafkaBroker
{
    /** Port used when none is given: Kafka's usual one. */
    public static final int DEFAULT_PORT = 9092;

    private LocalKafkaBroker()
    {
    }

    /**
     * Starts spring-kafka-test's embedded KRaft broker on a free port (it cannot take a fixed one).
     *
     * @return the running broker; {@link EmbeddedKafkaKraftBroker#getBrokersAsString()} is its address and
     *         {@link EmbeddedKafkaKraftBroker#destroy()} stops it.
     */
    public static EmbeddedKafkaKraftBroker startOnFreePort()
    {
        final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        return broker;
    }

    /**
     * Starts the broker and waits until the process is stopped.
     *
     * @param args optional: the port, default {@value #DEFAULT_PORT}.
     * @throws InterruptedException when the wait is interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int port = args.length > 0 ? parsePort(args[0]) : DEFAULT_PORT;
        final EmbeddedKafkaKraftBroker broker = startOnFreePort();
        final String address = broker.getBrokersAsString();
        final PortForwarder forwarder;
        try
        {
            forwarder = PortForwarder.start(port, Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
        }
        catch (final RuntimeException ex)
        {
            broker.destroy();
            throw ex;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            forwarder.close();
            broker.destroy();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker ready at localhost:" + port + " (the broker itself listens on " + address +
            ", on this host only)");
        stopped.await();
    }

    private static int parsePort(final String text)
    {
        try
        {
            final int port = Integer.parseInt(text);
            if (port < 1 || port > 65535)
            {
                throw new IllegalArgumentException("port must be 1..65535: port=" + text);
            }
            return port;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port must be a number: port=" + text, ex);
        }
    }
}
