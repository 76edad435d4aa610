package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;

import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.metrics.KekbitMetricsAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.handler.annotation.Header;

/**
 * A listener with a zero-copy parameter allocates nothing per record (a hot path allocates nothing once a channel is
 * open), also with its meters bound (the processing timer records each delivery) while Micrometer Observation is off:
 * the poll thread's allocation counter is read before and after 100,000 records, once the path is warm. Bytes, not
 * time, are asserted. A {@code String} listener, which must allocate, shows that the counter sees the poll thread's
 * allocations.
 */
class ListenerAllocationTests
{
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int RECORDS = 100_000;
    private static final int WARM_UP_ROUNDS = 3;
    /**
     * Bytes the poll thread may allocate over {@link #RECORDS} records: one-time allocations of a JDK or of the first
     * polls (about 2 KB seen on Java 17) stay under it, while one 16-byte object per record would be 1.6 MB.
     */
    private static final long BOUND = 16 * 1024;

    private static com.sun.management.ThreadMXBean threads;

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
        .withPropertyValues("kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.capacity=64MB",
            "kekbit.listener.idle-strategy=sleep-1ms");

    @BeforeAll
    static void counter()
    {
        threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    static class BufferListener
    {
        long sum;

        @KekbitListener(channel = "orders", id = "buffer", startFrom = "beginning")
        void onBuffer(final ByteBuffer payload)
        {
            sum += payload.getLong(payload.position());
        }
    }

    static class BufferPositionListener
    {
        long sum;

        @KekbitListener(channel = "orders", id = "buffer-position", startFrom = "beginning")
        void onBuffer(final ByteBuffer payload, @Header(KekbitHeaders.POSITION) final long position)
        {
            sum += payload.getLong(payload.position()) + position;
        }
    }

    static class StringListener
    {
        long sum;

        @KekbitListener(channel = "orders", id = "string", startFrom = "beginning")
        void onText(final String text)
        {
            sum += text.length();
        }
    }

    @Test
    void shouldNotAllocatePerRecordForByteBufferParameter()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root).withBean(BufferListener.class).run(context ->
        {
            final long allocated = allocatedByListener(context.getBean(KekbitTemplate.class),
                context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("buffer"));
            assertThat(allocated).as("bytes allocated by the poll thread for %d records", RECORDS)
                .isLessThan(BOUND);
            assertThat(context.getBean(BufferListener.class).sum).isNotZero();
        });
    }

    @Test
    void shouldNotAllocatePerRecordForByteBufferAndPositionParameters()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root).withBean(BufferPositionListener.class)
            .run(context ->
            {
                final long allocated = allocatedByListener(context.getBean(KekbitTemplate.class),
                    context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("buffer-position"));
                assertThat(allocated).as("bytes allocated by the poll thread for %d records", RECORDS)
                    .isLessThan(BOUND);
                assertThat(context.getBean(BufferPositionListener.class).sum).isNotZero();
            });
    }

    @Test
    void shouldNotAllocatePerRecordForByteBufferParameterOnAnEnvelopedChannel()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.envelope=true")
            .withBean(BufferListener.class).run(context ->
            {
                final long allocated = allocatedByListener(context.getBean(KekbitTemplate.class),
                    context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("buffer"));
                assertThat(allocated).as("bytes allocated by the poll thread for %d enveloped records", RECORDS)
                    .isLessThan(BOUND);
                assertThat(context.getBean(BufferListener.class).sum).isNotZero();
            });
    }

    @Test
    void shouldNotAllocatePerRecordWithMetersBoundAndObservationOff()
    {
        contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
            SimpleMetricsExportAutoConfiguration.class, KekbitMetricsAutoConfiguration.class))
            .withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.envelope=true")
            .withBean(ObservationRegistry.class, ObservationRegistry::create)
            .withBean(BufferListener.class).run(context ->
            {
                final long allocated = allocatedByListener(context.getBean(KekbitTemplate.class),
                    context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("buffer"));
                assertThat(allocated).as("bytes allocated by the poll thread for %d records, timed", RECORDS)
                    .isLessThan(BOUND);
                assertThat(context.getBean(MeterRegistry.class).get("kekbit.listener.processing")
                    .tag("result", "success").timer().count()).as("the timer saw them")
                    .isEqualTo((WARM_UP_ROUNDS + 1L) * RECORDS);
            });
    }

    @Test
    void shouldNotAllocatePerRecordForAProgrammaticZeroCopyListener()
    {
        final long[] sum = new long[1];
        final KekbitListenerConfigurer configurer = registrar -> registrar.registerListener("lambda", "orders",
            (KekbitRecordListener)(payload, position) -> sum[0] += payload.getLong(payload.position()) + position)
            .startFrom("beginning");
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .withBean(KekbitListenerConfigurer.class, () -> configurer).run(context ->
            {
                final long allocated = allocatedByListener(context.getBean(KekbitTemplate.class),
                    context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("lambda"));
                assertThat(allocated).as("bytes allocated by the poll thread for %d records", RECORDS)
                    .isLessThan(BOUND);
                assertThat(sum[0]).isNotZero();
            });
    }

    @Test
    void shouldSeeTheAllocationsOfAStringListener()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root).withBean(StringListener.class).run(context ->
        {
            final long allocated = allocatedByListener(context.getBean(KekbitTemplate.class),
                context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("string"));
            assertThat(allocated).as("a String per record").isGreaterThanOrEqualTo(16L * RECORDS);
        });
    }

    /**
     * Sends warm-up rounds, then measures the poll thread's allocations while it handles {@link #RECORDS} more.
     */
    private static long allocatedByListener(
        final KekbitTemplate template, final KekbitMessageListenerContainer container)
    {
        final long threadId = threadNamed(container.getListenerId());
        final byte[] payload = new byte[8];
        for (int round = 0; round < WARM_UP_ROUNDS; round++)
        {
            sendAndWait(template, container, payload);
        }
        final long before = threads.getThreadAllocatedBytes(threadId);
        sendAndWait(template, container, payload);
        final long after = threads.getThreadAllocatedBytes(threadId);
        assertThat(before).as("the poll thread is alive").isNotNegative();
        assertThat(after).as("the poll thread is alive").isNotNegative();
        return after - before;
    }

    private static void sendAndWait(
        final KekbitTemplate template, final KekbitMessageListenerContainer container, final byte[] payload)
    {
        final long target = container.getRecords() + RECORDS;
        for (int i = 0; i < RECORDS; i++)
        {
            payload[0] = (byte)(i | 1);
            assertThat(template.send("orders", payload)).isPositive();
        }
        await().atMost(WAIT).until(() -> container.getRecords() == target);
    }

    private static long threadNamed(final String name)
    {
        final Thread[] found = new Thread[1];
        await().atMost(WAIT).until(() ->
        {
            for (final Thread thread : Thread.getAllStackTraces().keySet())
            {
                if (thread.getName().equals(name) && thread.isAlive())
                {
                    found[0] = thread;
                    return true;
                }
            }
            return false;
        });
        return found[0].getId();
    }
}
