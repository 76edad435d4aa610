package io.kekbit.sample.stream.broker;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.concurrent.CountDownLatch;

/**
 * Runs spring-kafka-test's one-node KRaft broker on a fixed port until the process is stopped (Ctrl-C or SIGTERM),
 * so that the sample's {@code kafka} profile and the bridges have a broker to talk to. Prints
 * {@code Kafka broker ready at localhost:<port>} once clients can connect. Its data lives in a temporary folder and is
 * gone after it stops. Not thread-safe; one per process.
 */
public final class LocalKafkaBroker
{
    /** Port used when none is given: Kafka's usual one. */
    public static final int DEFAULT_PORT = 9092;

    private LocalKafkaBroker()
    {
    }

    /**
     * Starts a broker on a port.
     *
     * @param port TCP port on all local addresses; 0 picks a free one.
     * @return the running broker; {@link EmbeddedKafkaKraftBroker#destroy()} stops it.
     */
    public static EmbeddedKafkaKraftBroker start(final int port)
    {
        final EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.kafkaPorts(port);
        broker.afterPropertiesSet();
        return broker;
    }

    /**
     * Starts the broker and waits until the process is stopped.
     *
     * @param args optional: the port, default {@value #DEFAULT_PORT}.
     * @throws InterruptedException when interrupted while waiting.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int port = args.length > 0 ? parsePort(args[0]) : DEFAULT_PORT;
        final EmbeddedKafkaKraftBroker broker = start(port);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            broker.destroy();
            stopped.countDown();
        }, "broker-shutdown"));
        System.out.println("Kafka broker ready at " + broker.getBrokersAsString());
        stopped.await();
    }

    private static int parsePort(final String text)
    {
        try
        {
            final int port = Integer.parseInt(text);
            if (port < 0 || port > 65535)
            {
                throw new IllegalArgumentException("port must be 0..65535: port=" + text);
            }
            return port;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port must be a number: port=" + text, ex);
        }
    }
}
