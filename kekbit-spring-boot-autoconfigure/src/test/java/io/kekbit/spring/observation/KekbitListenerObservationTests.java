package io.kekbit.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.kekbit.spring.autoconfigure.InvalidKekbitPropertyException;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListener;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.ReceiverContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.support.MessageBuilder;

/**
 * {@code kekbit.listener} observations of real deliveries from real channels: keys, the envelope as the carrier a
 * propagating handler reads (and no carrier on a raw channel), the observation current while the listener runs,
 * one observation per delivery attempt with the listener's own exception, the property's default and its startup
 * failure without a registry; a batch listener's deliveries observed one per batch with the batch size.
 */
class KekbitListenerObservationTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
        .withPropertyValues("kekbit.writers.orders.channel-id=7", "kekbit.writers.orders.envelope=true",
            "kekbit.writers.plain.channel-id=8", "kekbit.listener.idle-strategy=sleep-1ms",
            "kekbit.listener.start-from=beginning", "kekbit.listener.retry.max-attempts=2",
            "kekbit.listener.retry.initial-interval=1ms");

    /** Reads {@code traceparent} through the receiver context's getter at the start, as a tracing handler does. */
    static final class ExtractingHandler implements ObservationHandler<ReceiverContext<?>>
    {
        final List<String> extracted = new CopyOnWriteArrayList<>();

        @Override
        public void onStart(final ReceiverContext<?> context)
        {
            extracted.add(String.valueOf(extract(context)));
        }

        private static <C> String extract(final ReceiverContext<C> context)
        {
            return context.getGetter().get(context.getCarrier(), "traceparent");
        }

        @Override
        public boolean supportsContext(final Observation.Context context)
        {
            return context instanceof ReceiverContext;
        }
    }

    /** Listens on both channels, noting the observation current in the listener; throws for "bad" payloads. */
    static class Listeners
    {
        final ObservationRegistry observations;
        final List<String> seen = new CopyOnWriteArrayList<>();

        Listeners(final ObservationRegistry observations)
        {
            this.observations = observations;
        }

        @KekbitListener(channel = "orders", id = "enveloped")
        void onEnveloped(final String text)
        {
            handle(text);
        }

        @KekbitListener(channel = "plain", id = "raw")
        void onRaw(final String text)
        {
            handle(text);
        }

        private void handle(final String text)
        {
            final Observation current = observations.getCurrentObservation();
            seen.add(text + " in " + (current == null ? "none" : current.getContextView().getName()));
            if (text.startsWith("bad"))
            {
                throw new IllegalArgumentException("poison: " + text);
            }
        }
    }

    /** A batch listener that notes each batch and the observation current while it runs; fails once on "bad". */
    static class BatchListener
    {
        final ObservationRegistry observations;
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<String> current = new CopyOnWriteArrayList<>();
        final AtomicBoolean failed = new AtomicBoolean();

        BatchListener(final ObservationRegistry observations)
        {
            this.observations = observations;
        }

        @KekbitListener(channel = "orders", id = "batched", batch = "true")
        void onBatch(final List<String> texts)
        {
            final Observation observation = observations.getCurrentObservation();
            current.add(observation == null ? "none" : observation.getContextView().getName());
            if (texts.stream().anyMatch(text -> text.startsWith("bad")) && failed.compareAndSet(false, true))
            {
                throw new IllegalStateException("poisoned batch");
            }
            batches.add(texts);
        }
    }

    /** Keeps the context of each stopped observation, in order. */
    static final class StoppedContexts implements ObservationHandler<KekbitRecordReceiverContext>
    {
        final List<KekbitRecordReceiverContext> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void onStop(final KekbitRecordReceiverContext context)
        {
            stopped.add(context);
        }

        @Override
        public boolean supportsContext(final Observation.Context context)
        {
            return context instanceof KekbitRecordReceiverContext;
        }
    }

    @Test
    void shouldObserveEachBatchOnceWithItsSizeFirstPositionAndBodySizes()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        final StoppedContexts contexts = new StoppedContexts();
        observations.observationConfig().observationHandler(contexts);
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.observation-enabled=true",
            "kekbit.listener.max-records-per-poll=2")
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(BatchListener.class, () -> new BatchListener(observations)).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final Map<String, Long> positions = new HashMap<>();
                for (final String text : List.of("a-1", "a-2", "a-3", "a-4", "a-5"))
                {
                    positions.put(text, template.send("orders", MessageBuilder.withPayload(text)
                        .setHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build()));
                }
                final BatchListener listener = context.getBean(BatchListener.class);
                await().atMost(WAIT).until(() -> listener.batches.stream().mapToInt(List::size).sum() == 5);
                await().atMost(WAIT).until(() -> contexts.stopped.size() == listener.batches.size());
                assertThat(listener.current).as("the observation is current in the batch listener")
                    .hasSize(listener.batches.size()).containsOnly("kekbit.listener");
                for (int i = 0; i < listener.batches.size(); i++)
                {
                    final List<String> batch = listener.batches.get(i);
                    final KekbitRecordReceiverContext observed = contexts.stopped.get(i);
                    assertThat(observed.isBatch()).isTrue();
                    assertThat(observed.getBatchSize()).isEqualTo(batch.size()).isBetween(1, 2);
                    assertThat(observed.getPosition()).as("first record's position")
                        .isEqualTo(positions.get(batch.get(0)));
                    assertThat(observed.getBodySize()).as("bodies summed, envelope headers excluded")
                        .isEqualTo(3 * batch.size());
                    assertThat(observed.getCarrier()).as("a batch continues no single record's trace").isNull();
                    assertThat(observed.getListenerId()).isEqualTo("batched");
                }
                final List<String> first = listener.batches.get(0);
                TestObservationRegistryAssert.assertThat(observations)
                    .hasNumberOfObservationsWithNameEqualTo("kekbit.listener", listener.batches.size())
                    .hasAnObservation(observation -> observation.hasContextualNameEqualTo("orders receive")
                        .doesNotHaveError()
                        .hasLowCardinalityKeyValue("kekbit.listener.id", "batched")
                        .hasLowCardinalityKeyValue("messaging.source.kind", "channel")
                        .hasHighCardinalityKeyValue("kekbit.record.position",
                            Long.toString(positions.get(first.get(0))))
                        .hasHighCardinalityKeyValue("messaging.batch.message_count", Integer.toString(first.size()))
                        .hasHighCardinalityKeyValue("messaging.message.body.size",
                            Integer.toString(3 * first.size())));
            });
    }

    @Test
    void shouldObserveEachFailedBatchAttemptWithTheListenersException()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        final StoppedContexts contexts = new StoppedContexts();
        observations.observationConfig().observationHandler(contexts);
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(BatchListener.class, () -> new BatchListener(observations)).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("orders", "bad-1");
                final BatchListener listener = context.getBean(BatchListener.class);
                await().atMost(WAIT).until(() -> listener.batches.size() == 1);
                assertThat(listener.batches).containsExactly(List.of("bad-1"));
                await().atMost(WAIT).until(() -> contexts.stopped.size() == 2);
                assertThat(contexts.stopped).extracting(observed -> observed.getError() == null ? "none" :
                    observed.getError().getClass().getSimpleName() + ": " + observed.getError().getMessage())
                    .as("the failed attempt with the method's own exception, then the retry")
                    .containsExactly("IllegalStateException: poisoned batch", "none");
                assertThat(contexts.stopped).allMatch(observed -> observed.getBatchSize() == 1);
            });
    }

    @Test
    void shouldObserveDeliveriesWithTheDocumentedKeysAndTheSendersHeaders()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        final ExtractingHandler handler = new ExtractingHandler();
        observations.observationConfig().observationHandler(handler);
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(Listeners.class, () -> new Listeners(observations)).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long position = template.send("orders", MessageBuilder.withPayload("a-1")
                    .setHeader("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").build());
                final long plainPosition = template.send("plain", "r-1");
                final Listeners listeners = context.getBean(Listeners.class);
                await().atMost(WAIT).until(() -> listeners.seen.size() == 2);
                assertThat(listeners.seen).as("the observation is current in the listener")
                    .containsExactlyInAnyOrder("a-1 in kekbit.listener", "r-1 in kekbit.listener");
                assertThat(handler.extracted).containsExactlyInAnyOrder(
                    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "null");
                TestObservationRegistryAssert.assertThat(observations).hasNumberOfObservationsEqualTo(2)
                    .hasAnObservation(observation -> observation.hasNameEqualTo("kekbit.listener")
                        .hasContextualNameEqualTo("orders receive").doesNotHaveError()
                        .hasLowCardinalityKeyValue("kekbit.listener.id", "enveloped")
                        .hasLowCardinalityKeyValue("messaging.system", "kekbit")
                        .hasLowCardinalityKeyValue("messaging.operation", "receive")
                        .hasLowCardinalityKeyValue("messaging.source.name", "orders")
                        .hasLowCardinalityKeyValue("messaging.source.kind", "channel")
                        .hasLowCardinalityKeyValue("kekbit.channel.id", "7")
                        .hasHighCardinalityKeyValue("kekbit.record.position", Long.toString(position))
                        .hasHighCardinalityKeyValue("messaging.message.body.size", "3"))
                    .hasAnObservation(observation -> observation.hasContextualNameEqualTo("plain receive")
                        .hasLowCardinalityKeyValue("kekbit.listener.id", "raw")
                        .hasLowCardinalityKeyValue("kekbit.channel.id", "8")
                        .hasHighCardinalityKeyValue("kekbit.record.position", Long.toString(plainPosition)));
            });
    }

    @Test
    void shouldObserveEachFailedAttemptWithTheListenersException()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        final List<String> stopped = new CopyOnWriteArrayList<>();
        observations.observationConfig().observationHandler(new ObservationHandler<>()
        {
            @Override
            public void onStop(final Observation.Context context)
            {
                stopped.add(context.getError() == null ? "none" : context.getError().getClass().getSimpleName());
            }

            @Override
            public boolean supportsContext(final Observation.Context context)
            {
                return true;
            }
        });
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(Listeners.class, () -> new Listeners(observations)).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("plain", "bad-1");
                template.send("plain", "r-2");
                final Listeners listeners = context.getBean(Listeners.class);
                await().atMost(WAIT).until(() -> listeners.seen.contains("r-2 in kekbit.listener"));
                assertThat(listeners.seen).containsExactly("bad-1 in kekbit.listener", "bad-1 in kekbit.listener",
                    "r-2 in kekbit.listener");
                TestObservationRegistryAssert.assertThat(observations).hasNumberOfObservationsEqualTo(3)
                    .hasNumberOfObservationsWithNameEqualTo("kekbit.listener", 3);
                assertThat(stopped).as("two failed attempts with the listener's own exception, then a success")
                    .containsExactly("IllegalArgumentException", "IllegalArgumentException", "none");
            });
    }

    @Test
    void shouldUseTheApplicationsConvention()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(KekbitListenerObservationConvention.class, () -> new DefaultKekbitListenerObservationConvention()
            {
                @Override
                public KeyValues getLowCardinalityKeyValues(final KekbitRecordReceiverContext context)
                {
                    return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
                }
            })
            .withBean(Listeners.class, () -> new Listeners(observations)).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("plain", "r-1");
                final Listeners listeners = context.getBean(Listeners.class);
                await().atMost(WAIT).until(() -> listeners.seen.size() == 1);
                TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("kekbit.listener").that()
                    .hasLowCardinalityKeyValue("tenant", "acme")
                    .hasLowCardinalityKeyValue("kekbit.listener.id", "raw");
            });
    }

    @Test
    void shouldNotObserveByDefault()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(Listeners.class, () -> new Listeners(observations)).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("plain", "r-1");
                final Listeners listeners = context.getBean(Listeners.class);
                await().atMost(WAIT).until(() -> listeners.seen.size() == 1);
                assertThat(listeners.seen).containsExactly("r-1 in none");
                assertThat(context).doesNotHaveBean(KekbitListenerObservationBinder.class);
                TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
            });
    }

    @Test
    void shouldFailStartupNamingThePropertyWithoutARegistry()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.listener.observation-enabled=true")
            .run(context ->
            {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidKekbitPropertyException.class)
                    .hasMessageContaining("kekbit.listener.observation-enabled=true");
            });
    }
}
