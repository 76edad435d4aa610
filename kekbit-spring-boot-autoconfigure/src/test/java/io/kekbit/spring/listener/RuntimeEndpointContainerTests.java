package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.idle.SleepingIdleStrategy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * {@link KekbitListenerContainerFactory#createContainer}: a container for an endpoint built at run time gets the
 * factory's executor, idle strategy and customizers, and reads a real channel.
 */
class RuntimeEndpointContainerTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long CHANNEL = 77;
    private static final KekbitErrorHandler SKIP_ALL = (exception, record, attempt) -> KekbitErrorHandler.SKIP;

    @TempDir
    Path root;

    /** The object whose method the container calls. */
    public static final class Sink
    {
        final List<String> payloads = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        public void onRecord(final byte[] payload)
        {
            threads.add(Thread.currentThread().getName());
            payloads.add(new String(payload, StandardCharsets.UTF_8));
        }
    }

    /** The object whose batch method a batch container calls. */
    public static final class BatchSink
    {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        public void onBatch(final List<byte[]> payloads)
        {
            batches.add(payloads.stream().map(bytes -> new String(bytes, StandardCharsets.UTF_8)).toList());
        }
    }

    @Test
    void shouldDeliverEachPollAsOneBatchToABatchContainerBuiltAtRunTime() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final BatchSink sink = new BatchSink();
        final KekbitListenerContainer container = factory.createBatchContainer(endpoint("batch", ""), sink,
            BatchSink.class.getMethod("onBatch", List.class), null, false, SKIP_ALL);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, CHANNEL, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            for (int i = 0; i < 40; i++)
            {
                writer.write(("r" + i).getBytes(StandardCharsets.UTF_8));
            }
            container.start();
            await().atMost(WAIT).until(() -> sink.batches.stream().mapToInt(List::size).sum() == 40);
        }
        finally
        {
            container.stop();
            container.destroy();
        }
        assertThat(sink.batches).as("batches of at most maxRecordsPerPoll (16)").hasSizeGreaterThanOrEqualTo(3)
            .allMatch(batch -> !batch.isEmpty() && batch.size() <= 16);
        assertThat(sink.batches.stream().flatMap(List::stream).toList())
            .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40).mapToObj(i -> "r" + i).toList());
        assertThatThrownBy(() -> factory.createBatchContainer(endpoint("not-batch", ""), new Sink(),
            Sink.class.getMethod("onRecord", byte[].class), null, false, SKIP_ALL))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("onRecord");
    }

    private KekbitListenerEndpoint endpoint(final String idleStrategy)
    {
        return endpoint("runtime", idleStrategy);
    }

    private KekbitListenerEndpoint endpoint(final String id, final String idleStrategy)
    {
        return new KekbitListenerEndpoint(id, "orders", CHANNEL, root, StartFrom.BEGINNING, "runtime", null,
            idleStrategy, 16, true, Duration.ofSeconds(5), false);
    }

    @Test
    void shouldApplyTheFactorySettingsToAContainerBuiltAtRunTime() throws Exception
    {
        final SleepingIdleStrategy idle = new SleepingIdleStrategy(1_000_000L);
        final List<String> customized = new CopyOnWriteArrayList<>();
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        factory.setTaskExecutor(new SimpleAsyncTaskExecutor("runtime-pool-"));
        factory.setIdleStrategy(() -> idle);
        factory.addContainerCustomizer(container -> customized.add(container.getListenerId()));
        final Sink sink = new Sink();
        final Method method = Sink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerContainer container = factory.createContainer(endpoint(""), sink, method, null, false,
            SKIP_ALL);
        assertThat(customized).containsExactly("runtime");
        assertThat(container.getIdleStrategy()).isSameAs(idle);
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, CHANNEL, 1 << 16, 256, 60_000, TickUnit.MILLIS)))
        {
            container.start();
            writer.write("a".getBytes(StandardCharsets.UTF_8));
            writer.write("b".getBytes(StandardCharsets.UTF_8));
            await().atMost(WAIT).until(() -> sink.payloads.size() == 2);
            assertThat(sink.payloads).containsExactly("a", "b");
            assertThat(container.getLagRecords()).isZero();
        }
        finally
        {
            container.stop();
            container.destroy();
        }
        assertThat(sink.threads).allMatch("runtime"::equals);
    }

    @Test
    void shouldKeepTheIdleStrategyTheEndpointNamesAndDefaultToBackoff() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final Method method = Sink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerContainer named = factory.createContainer(endpoint("yielding"), new Sink(), method, null,
            false, SKIP_ALL);
        assertThat(named.getIdleStrategy()).isInstanceOf(io.kekbit.core.idle.YieldingIdleStrategy.class);
        final KekbitListenerContainer unnamed = factory.createContainer(endpoint(""), new Sink(), method, null,
            false, SKIP_ALL);
        assertThat(unnamed.getIdleStrategy()).isInstanceOf(io.kekbit.core.idle.BackoffIdleStrategy.class);
        named.destroy();
        unnamed.destroy();
        assertThatThrownBy(() -> factory.createContainer(endpoint("nap"), new Sink(), method, null, false,
            SKIP_ALL)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nap");
    }

    @Test
    void shouldRefuseTheFactorysStatefulDefaultIdleStrategyForASecondRuntimeContainer() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final io.kekbit.core.idle.BackoffIdleStrategy singleton = new io.kekbit.core.idle.BackoffIdleStrategy();
        factory.setIdleStrategy(() -> singleton);
        final Method method = Sink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerContainer first = factory.createContainer(endpoint("first", ""), new Sink(), method,
            null, false, SKIP_ALL);
        assertThat(first.getIdleStrategy()).isSameAs(singleton);
        assertThatThrownBy(() -> factory.createContainer(endpoint("second", ""), new Sink(), method, null, false,
            SKIP_ALL)).isInstanceOf(SharedIdleStrategyException.class)
            .hasMessageContaining("'first' and 'second'").hasMessageContaining("@Scope(\"prototype\")");
        first.destroy();
    }

    @Test
    void shouldRefuseAStatefulIdleStrategyACustomizerGivesToTwoContainers() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final io.kekbit.core.idle.BackoffIdleStrategy shared = new io.kekbit.core.idle.BackoffIdleStrategy();
        factory.addContainerCustomizer(container -> container.setIdleStrategy(shared));
        final Method method = Sink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerContainer first = factory.createContainer(endpoint("first", "yielding"), new Sink(),
            method, null, false, SKIP_ALL);
        assertThat(first.getIdleStrategy()).isSameAs(shared);
        assertThatThrownBy(() -> factory.createContainer(endpoint("second", "yielding"), new Sink(), method, null,
            false, SKIP_ALL)).isInstanceOf(SharedIdleStrategyException.class)
            .hasMessageContaining("KekbitContainerCustomizer").hasMessageContaining("'first' and 'second'");
        first.destroy();
    }

    @Test
    void shouldFreeTheDefaultIdleStrategyOfAContainerWhoseCustomizerReplacedIt() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final io.kekbit.core.idle.BackoffIdleStrategy singleton = new io.kekbit.core.idle.BackoffIdleStrategy();
        factory.setIdleStrategy(() -> singleton);
        factory.addContainerCustomizer(container ->
        {
            if (container.getListenerId().equals("own"))
            {
                container.setIdleStrategy(new io.kekbit.core.idle.BackoffIdleStrategy());
            }
        });
        final Method method = Sink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerContainer own = factory.createContainer(endpoint("own", ""), new Sink(), method, null,
            false, SKIP_ALL);
        assertThat(own.getIdleStrategy()).isNotSameAs(singleton);
        final KekbitListenerContainer other = factory.createContainer(endpoint("other", ""), new Sink(), method,
            null, false, SKIP_ALL);
        assertThat(other.getIdleStrategy()).as("the default, unused by 'own', is free for 'other'")
            .isSameAs(singleton);
        own.destroy();
        other.destroy();
    }

    @Test
    void shouldReserveTheDefaultIdleStrategyForAContainerCreatedLater() throws Exception
    {
        final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
        final io.kekbit.core.idle.BackoffIdleStrategy singleton = new io.kekbit.core.idle.BackoffIdleStrategy();
        factory.setIdleStrategy(() -> singleton);
        // A check without keeping records nothing: the object is still free.
        factory.reserveDefaultIdleStrategy("anonymous reader", false);
        factory.reserveDefaultIdleStrategy("later", true);
        assertThatThrownBy(() -> factory.reserveDefaultIdleStrategy("anonymous reader", false))
            .isInstanceOf(SharedIdleStrategyException.class).hasMessageContaining("'later' and 'anonymous reader'");
        assertThatThrownBy(() -> factory.reserveDefaultIdleStrategy("other", true))
            .isInstanceOf(SharedIdleStrategyException.class).hasMessageContaining("'later' and 'other'");
        final Method method = Sink.class.getMethod("onRecord", byte[].class);
        final KekbitListenerContainer later = factory.createContainer(endpoint("later", ""), new Sink(), method,
            null, false, SKIP_ALL);
        assertThat(later.getIdleStrategy()).isSameAs(singleton);
        later.destroy();
    }
}
