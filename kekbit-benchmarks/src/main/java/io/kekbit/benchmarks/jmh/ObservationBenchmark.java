package io.kekbit.benchmarks.jmh;

import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListener;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Micrometer Observation costs a record. {@code sendAndDeliver}: a {@code KekbitTemplate} send of a 32-byte
 * {@code ByteBuffer} to an enveloped channel and its delivery to a {@code ByteBuffer} {@code @KekbitListener}
 * (busy-spinning on its own thread), in batches of {@link #BATCH} records sent and then awaited, so sending and
 * delivering overlap as in a steady stream; it needs two free cores, and its wall-clock figures swell on a loaded
 * machine. {@code send}: the template's side alone, on one thread, no listener running. {@code observation}:
 * {@code off} (the properties' default), {@code noop-handler} (both {@code observation-enabled} properties on, with
 * a registry whose one handler does nothing: the cost of creating, starting and stopping the observations) and
 * {@code meter-handler} (Micrometer's {@code DefaultMeterObservationHandler} on a {@code SimpleMeterRegistry}:
 * timers per observation, as an application with metrics gets). No tracer: the propagation headers a tracer would
 * add are not written. Each iteration starts a fresh context on a fresh channel under {@code /dev/shm}, outside the
 * measurement, and sends before it (the writer is created on first use and the listener opens the channel once it
 * exists). Average time per record, wall clock; {@code -prof gc} gives the bytes allocated per record (by both
 * threads for {@code sendAndDeliver}). Not thread-safe: one JMH thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ObservationBenchmark
{
    /** Records sent per benchmark call before waiting for the listener. */
    static final int BATCH = 64;

    /** Observation set-up; see the class comment. */
    @Param({"off", "noop-handler", "meter-handler"})
    public String observation;

    private final ByteBuffer payload = ByteBuffer.wrap(new byte[32]);
    private Path dir;
    private ConfigurableApplicationContext context;
    private KekbitTemplate template;
    private Counter listener;
    private KekbitMessageListenerContainer container;
    private long sent;

    /**
     * Starts a context with the template and the listener on a fresh channel.
     */
    @Setup(Level.Iteration)
    public void setUp()
    {
        dir = BenchFiles.newDir("kekbit-observation-");
        context = start(dir, observation, "1GB", true);
        template = context.getBean(KekbitTemplate.class);
        listener = context.getBean(Counter.class);
        container = context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("observation-bench");
        sent = 0;
        // The writer bean is created on first use and the listener opens the channel once it exists: one batch
        // before the measurement makes both ready.
        sendAndDeliver();
    }

    static ConfigurableApplicationContext start(
        final Path dir, final String observation, final String capacity, final boolean listen)
    {
        final ObservationRegistry registry = registry(observation);
        final boolean on = registry != null;
        return new SpringApplicationBuilder(Config.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .initializers(ctx ->
            {
                if (on)
                {
                    ctx.getBeanFactory().registerSingleton("observationRegistry", registry);
                }
            })
            .properties(
                "spring.main.banner-mode=off",
                "kekbit.root-path=" + dir,
                "kekbit.writers.bench.channel-id=1",
                "kekbit.writers.bench.capacity=" + capacity,
                "kekbit.writers.bench.envelope=true",
                "kekbit.writers.bench.heartbeat-interval=0",
                "kekbit.listener.idle-strategy=busy-spin",
                "kekbit.listener.start-from=beginning",
                "kekbit.template.observation-enabled=" + on,
                "kekbit.listener.observation-enabled=" + on,
                "kekbit.listener.auto-startup=" + listen)
            .run();
    }

    private static ObservationRegistry registry(final String observation)
    {
        switch (observation)
        {
            case "off":
                return null;
            case "noop-handler":
            {
                final ObservationRegistry registry = ObservationRegistry.create();
                registry.observationConfig().observationHandler(new ObservationHandler<>()
                {
                    @Override
                    public boolean supportsContext(final Observation.Context context)
                    {
                        return true;
                    }
                });
                return registry;
            }
            case "meter-handler":
            {
                final ObservationRegistry registry = ObservationRegistry.create();
                registry.observationConfig().observationHandler(
                    new DefaultMeterObservationHandler(new SimpleMeterRegistry()));
                return registry;
            }
            default:
                throw new IllegalArgumentException("observation: expected off, noop-handler or meter-handler, " +
                    "actual " + observation);
        }
    }

    /**
     * Closes the context and deletes the channel.
     */
    @TearDown(Level.Iteration)
    public void tearDown()
    {
        context.close();
        BenchFiles.delete(dir);
    }

    /**
     * Sends one record with no listener running: the template's side alone, on one thread.
     *
     * @param sender the sending context.
     * @return the record's position.
     */
    @Benchmark
    public long send(final Sender sender)
    {
        return sender.template.send("bench", sender.payload);
    }

    /**
     * A context whose listener does not start, on a fresh 2 GiB channel per iteration, for {@link #send}.
     * Not thread-safe: one JMH thread.
     */
    @State(Scope.Thread)
    public static class Sender
    {
        /** Observation set-up, as for the pipeline. */
        @Param({"off", "noop-handler", "meter-handler"})
        public String observation;

        final ByteBuffer payload = ByteBuffer.wrap(new byte[32]);
        KekbitTemplate template;
        private Path dir;
        private ConfigurableApplicationContext context;

        /**
         * Starts the context and creates the writer.
         */
        @Setup(Level.Iteration)
        public void setUp()
        {
            dir = BenchFiles.newDir("kekbit-observation-send-");
            context = start(dir, observation, "2GB", false);
            template = context.getBean(KekbitTemplate.class);
            template.send("bench", payload);
        }

        /**
         * Closes the context and deletes the channel.
         */
        @TearDown(Level.Iteration)
        public void tearDown()
        {
            context.close();
            BenchFiles.delete(dir);
        }
    }

    /**
     * Sends a batch and waits until the listener handled it.
     *
     * @return records sent so far.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long sendAndDeliver()
    {
        for (int i = 0; i < BATCH; i++)
        {
            template.send("bench", payload);
        }
        sent += BATCH;
        int spins = 0;
        while (listener.seen.get() < sent)
        {
            Thread.onSpinWait();
            if ((++spins & 0xFFFF) == 0 && !container.isRunning())
            {
                throw new IllegalStateException("listener stopped: " + container.getReason());
            }
        }
        return sent;
    }

    /** The application: kekbit's auto-configuration and the listener. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(KekbitAutoConfiguration.class)
    public static class Config
    {
        /**
         * The listener.
         *
         * @return the counting listener.
         */
        @Bean
        Counter counter()
        {
            return new Counter();
        }
    }

    /** Counts records with a release store, read by the benchmark thread. Confined to the listener thread. */
    public static class Counter
    {
        final AtomicLong seen = new AtomicLong();
        private long sum;

        /**
         * Zero-copy listener.
         *
         * @param record the body.
         */
        @KekbitListener(channel = "bench", id = "observation-bench")
        public void onRecord(final ByteBuffer record)
        {
            sum += record.get(record.position());
            seen.lazySet(seen.get() + 1);
        }
    }
}
