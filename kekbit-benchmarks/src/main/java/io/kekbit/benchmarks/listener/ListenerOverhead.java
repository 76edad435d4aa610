package io.kekbit.benchmarks.listener;

import io.kekbit.benchmarks.latency.LatencyHarness;
import io.kekbit.core.Claim;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.RecordHandler;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.envelope.EnvelopeEncoder;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.listener.KekbitListener;
import io.kekbit.spring.listener.KekbitMessageListenerContainer;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Records per second through {@code @KekbitListener} methods (a zero-copy {@link ByteBuffer} parameter and a
 * {@link String} parameter) against the raw reader loop ({@code read(handler, 64)}, the listener's default batch), on
 * the same pre-filled channel of 32-byte records. Each variant runs {@link #RUNS} times from the start of the channel
 * (a fresh reader, or the same listener container restarted, which opens a fresh reader and thread) and the best run
 * counts, so JIT warm-up does not decide it. As the raw loop uses one handler, each listener variant uses one
 * listener method: several methods of the same shape would make the call into them megamorphic, as several raw
 * handlers would make the reader's call into its handler. Rates are records per CPU-second of the consuming thread
 * (the raw loop's thread, or the container's poll thread from its start to its last record), so they hold on a busy
 * machine. Prints {@code LISTENER variant records-per-cpu-second} lines. Not thread-safe; a command-line tool.
 * <p>
 * Each variant runs in its own JVM (this class started again with the variant's name): in one JVM, the profile
 * that the JIT collected for the raw loop's calls into the core reader would steer how it compiles the listener's
 * calls into the same reader code (the raw loop calls {@code ShmReader.read}, the container {@code controlledRead};
 * both share the reader's length checks and record delivery), and the variant measured second would pay for the
 * first.
 * <pre>
 * java -cp benchmarks.jar io.kekbit.benchmarks.listener.ListenerOverhead [records [variant]]
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(KekbitAutoConfiguration.class)
public class ListenerOverhead
{
    /** Runs per variant; the first ones include JIT compilation. */
    static final int RUNS = 5;
    /** Prefix of result lines. */
    public static final String PREFIX = "LISTENER ";
    private static final String RAW = "raw-reader-loop";
    private static final String BYTEBUFFER = "listener-bytebuffer";
    private static final String STRING = "listener-string";
    private static final String ENVELOPE = "listener-envelope";
    private static final String ENVELOPE_OBSERVED = "listener-envelope-observed";
    /** The variants, in the order they are reported. */
    static final List<String> VARIANTS = List.of(RAW, BYTEBUFFER, STRING);
    /**
     * The observation variants, run with the argument {@code observation}: a {@code ByteBuffer} listener on an
     * enveloped channel, with {@code kekbit.listener.observation-enabled} off and on (a registry whose one handler
     * does nothing, so the observations are created, started and stopped).
     */
    static final List<String> OBSERVATION_VARIANTS = List.of(ENVELOPE, ENVELOPE_OBSERVED);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * The listener bean.
     *
     * @return the listeners.
     */
    @Bean
    Listeners listeners()
    {
        return new Listeners();
    }

    /**
     * Runs the measurement: every variant, each in a child JVM, or the one variant named.
     *
     * @param args optional record count (default 5,000,000), then optionally one of {@link #VARIANTS} or
     *             {@link #OBSERVATION_VARIANTS}, or {@code observation} for all of the latter.
     * @throws Exception when a run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final long records = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        if (args.length < 2 || "observation".equals(args[1]))
        {
            for (final String variant : args.length < 2 ? VARIANTS : OBSERVATION_VARIANTS)
            {
                runVariant(records, variant);
            }
            return;
        }
        final String variant = args[1];
        if (!VARIANTS.contains(variant) && !OBSERVATION_VARIANTS.contains(variant))
        {
            throw new IllegalArgumentException("variant: expected one of " + VARIANTS + ", " +
                OBSERVATION_VARIANTS + " or observation, actual " + variant);
        }
        final Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "kekbit-listener-");
        try (Writer writer = OBSERVATION_VARIANTS.contains(variant) ? fillEnveloped(dir, records) : fill(dir, records))
        {
            System.out.println(measure(dir, records, variant).toLine());
        }
        finally
        {
            LatencyHarness.deleteRecursively(dir);
        }
    }

    /**
     * Measures one variant in a child JVM (same java and class path) and passes its output on.
     */
    private static void runVariant(final long records, final String variant) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path"), ListenerOverhead.class.getName(),
            Long.toString(records), variant).inheritIO().start();
        if (process.waitFor() != 0)
        {
            throw new IllegalStateException(variant + " failed: exit code " + process.exitValue());
        }
    }

    /**
     * Creates channel 1 under {@code dir} and writes {@code records} 32-byte ASCII records; the writer stays open.
     *
     * @param dir     root folder.
     * @param records records to write.
     * @return the open writer.
     */
    static Writer fill(final Path dir, final long records)
    {
        final Writer writer = Kekbit.shmWriter(dir, Header.of(
            1, 1, records * 40 + (1 << 20), 64, Duration.ofHours(1), TickUnit.MILLIS));
        final byte[] payload = "record-0000000000-padding-to-32B".getBytes(StandardCharsets.US_ASCII);
        for (long i = 0; i < records; i++)
        {
            payload[7] = (byte)('0' + i % 10);
            if (writer.write(payload) < 0)
            {
                throw new IllegalStateException("channel full at record " + i);
            }
        }
        return writer;
    }

    /**
     * Creates channel 2 under {@code dir} and writes {@code records} enveloped records (no headers, the same 32-byte
     * body as {@link #fill}); the writer stays open.
     *
     * @param dir     root folder.
     * @param records records to write.
     * @return the open writer.
     */
    static Writer fillEnveloped(final Path dir, final long records)
    {
        final Writer writer = Kekbit.shmWriter(dir, Header.of(
            1, 2, records * 56 + (1 << 20), 64, Duration.ofHours(1), TickUnit.MILLIS));
        final EnvelopeEncoder encoder = new EnvelopeEncoder();
        final Claim claim = new Claim();
        final ByteBuffer body = ByteBuffer.wrap("record-0000000000-padding-to-32B".getBytes(StandardCharsets.US_ASCII));
        for (long i = 0; i < records; i++)
        {
            body.put(7, (byte)('0' + i % 10));
            if (encoder.write(writer, claim, body) < 0)
            {
                throw new IllegalStateException("channel full at record " + i);
            }
        }
        return writer;
    }

    /**
     * Measures one variant on channel 1 (channel 2 for the enveloped variants) under {@code dir}.
     *
     * @param dir     root folder holding the filled channel.
     * @param records records in the channel.
     * @param variant one of {@link #VARIANTS}.
     * @return the best rate of the runs.
     */
    static Result measure(final Path dir, final long records, final String variant)
    {
        double best = 0;
        if (RAW.equals(variant))
        {
            for (int run = 1; run <= RUNS; run++)
            {
                best = Math.max(best, printed(variant, run, rawLoop(dir, records)));
            }
            return new Result(variant, best);
        }
        final boolean observed = ENVELOPE_OBSERVED.equals(variant);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListenerOverhead.class)
            .web(WebApplicationType.NONE)
            .logStartupInfo(false)
            .initializers(ctx ->
            {
                if (observed)
                {
                    ctx.getBeanFactory().registerSingleton("observationRegistry", noopHandlerRegistry());
                }
            })
            .properties(
                "spring.main.banner-mode=off",
                "kekbit.root-path=" + dir,
                "kekbit.readers.bench.channel-id=1",
                "kekbit.readers.bench-envelope.channel-id=2",
                "kekbit.readers.bench-envelope.envelope=true",
                "kekbit.listener.observation-enabled=" + observed,
                "kekbit.listener.idle-strategy=busy-spin",
                "kekbit.listener.start-from=beginning")
            .run())
        {
            final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
            final Listeners listeners = context.getBean(Listeners.class);
            for (int run = 1; run <= RUNS; run++)
            {
                best = Math.max(best, printed(variant, run, listener(registry, listeners, variant, records)));
            }
        }
        return new Result(variant, best);
    }

    /**
     * A registry whose one handler does nothing: the observations are real (not the no-op one) and cost only
     * themselves.
     */
    private static ObservationRegistry noopHandlerRegistry()
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

    private static double printed(final String variant, final int run, final double rate)
    {
        System.out.printf(Locale.ROOT, "%s run %d: %.2f M records per CPU-second%n", variant, run, rate / 1e6);
        return rate;
    }

    private static double rawLoop(final Path dir, final long records)
    {
        final long[] count = new long[1];
        final RecordHandler handler = (buffer, offset, length, position) -> count[0] += buffer.get(offset) != 0 ? 1 : 0;
        try (Reader reader = Kekbit.shmReader(dir, 1))
        {
            final long start = THREADS.getCurrentThreadCpuTime();
            while (count[0] < records)
            {
                if (reader.read(handler, 64) < 0)
                {
                    throw new IllegalStateException("reader exhausted: " + reader.exhausted());
                }
            }
            return records * 1e9 / (THREADS.getCurrentThreadCpuTime() - start);
        }
    }

    private static double listener(
        final KekbitListenerEndpointRegistry registry, final Listeners listeners, final String id, final long records)
    {
        final KekbitMessageListenerContainer container = registry.getListenerContainer(id);
        listeners.expect(records);
        registry.start(id);
        long cpu;
        while ((cpu = listeners.cpuAtLastRecord) == 0)
        {
            if (!container.isRunning())
            {
                throw new IllegalStateException("listener " + id + " stopped: " + container.getReason());
            }
            LockSupport.parkNanos(50_000L);
        }
        registry.stop(id);
        // CPU time of the container thread from its start (opening the reader) to the last record, read by the
        // listener itself: the idle spins until this thread noticed, long on a busy machine, are left out.
        return records * 1e9 / cpu;
    }

    /**
     * One variant's rate.
     *
     * @param variant       what was measured.
     * @param recordsPerSec best rate.
     */
    public record Result(String variant, double recordsPerSec)
    {
        /**
         * The printed line.
         *
         * @return {@code LISTENER variant rate}.
         */
        public String toLine()
        {
            return String.format(Locale.ROOT, "%s%s %.0f", PREFIX, variant, recordsPerSec);
        }
    }

    /**
     * Listener methods: one per parameter type, its container restarted for each run; each counts its records, as
     * the raw loop's handler does, and reads its thread's CPU time at the last one. Not thread-safe beyond what the
     * containers need: each method runs on its own container thread, one container at a time.
     */
    public static class Listeners
    {
        /** CPU time of the container thread when it handled the expected record count; 0 until then. */
        volatile long cpuAtLastRecord;
        /** Uses the parameters, so the work is not optimised away. */
        private long local;
        private long expected;
        private long seen;

        /**
         * Prepares a run; call before starting the container (the thread start publishes the fields).
         *
         * @param records records the run reads.
         */
        void expect(final long records)
        {
            expected = records;
            seen = 0;
            cpuAtLastRecord = 0;
        }

        private void counted()
        {
            if (++seen == expected)
            {
                cpuAtLastRecord = THREADS.getCurrentThreadCpuTime();
            }
        }

        /**
         * Zero-copy listener.
         *
         * @param payload the record.
         */
        @KekbitListener(channel = "bench", id = BYTEBUFFER, autoStartup = "false")
        public void onBuffer(final ByteBuffer payload)
        {
            local += payload.get(payload.position());
            counted();
        }

        /**
         * Zero-copy listener on the enveloped channel, observation off.
         *
         * @param payload the record's body.
         */
        @KekbitListener(channel = "bench-envelope", id = ENVELOPE, autoStartup = "false")
        public void onEnvelope(final ByteBuffer payload)
        {
            local += payload.get(payload.position());
            counted();
        }

        /**
         * The same on the enveloped channel, in a JVM where observation is on.
         *
         * @param payload the record's body.
         */
        @KekbitListener(channel = "bench-envelope", id = ENVELOPE_OBSERVED, autoStartup = "false")
        public void onEnvelopeObserved(final ByteBuffer payload)
        {
            local += payload.get(payload.position());
            counted();
        }

        /**
         * String listener.
         *
         * @param payload the record, decoded as UTF-8.
         */
        @KekbitListener(channel = "bench", id = STRING, autoStartup = "false")
        public void onString(final String payload)
        {
            local += payload.length();
            counted();
        }
    }
}
