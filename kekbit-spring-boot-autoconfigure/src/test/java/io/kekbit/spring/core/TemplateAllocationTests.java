package io.kekbit.spring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;

import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@link KekbitTemplate#send(String, ByteBuffer)} allocates nothing per record, with a producer listener told about
 * each send: the sending thread's allocation counter is read around 100,000 sends once the path is warm. Bytes, not
 * time, are asserted. Sending {@code String}s, which must allocate, shows that the counter sees the allocations.
 */
class TemplateAllocationTests
{
    private static final int RECORDS = 100_000;
    private static final int WARM_UP_ROUNDS = 3;
    private static final long BOUND = 1024;

    private static com.sun.management.ThreadMXBean threads;

    @TempDir
    Path root;

    /** Sums the positions it is told about (allocation-free). */
    static final class Summing implements KekbitProducerListener
    {
        long sum;

        @Override
        public void onSuccess(final String writerName, final Object payload, final long position)
        {
            sum += position;
        }
    }

    @BeforeAll
    static void counter()
    {
        threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    private ApplicationContextRunner runner()
    {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
            .withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
                "kekbit.writers.orders.capacity=64MB")
            .withBean(Summing.class, Summing::new);
    }

    @Test
    void shouldSendBuffersWithoutAllocating()
    {
        runner().run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final ByteBuffer payload = ByteBuffer.allocateDirect(8).putLong(0, 42);
            long allocated = 0;
            for (int round = 0; round <= WARM_UP_ROUNDS; round++)
            {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < RECORDS; i++)
                {
                    template.send("orders", payload);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertThat(allocated).as("bytes allocated by %d sends", RECORDS).isLessThan(BOUND);
            assertThat(context.getBean(Summing.class).sum).isPositive();
        });
    }

    @Test
    void shouldSeeAllocationsOfStringSends()
    {
        runner().run(context ->
        {
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < RECORDS; i++)
            {
                template.send("orders", "12345678");
            }
            assertThat(threads.getCurrentThreadAllocatedBytes() - before).isGreaterThan(RECORDS * 8L);
        });
    }
}
