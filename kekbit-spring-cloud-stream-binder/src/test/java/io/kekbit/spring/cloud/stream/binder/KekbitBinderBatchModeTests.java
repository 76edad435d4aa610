package io.kekbit.spring.cloud.stream.binder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.kekbit.core.DurablePosition;
import io.kekbit.journal.Journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.binder.BinderHeaders;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Spring Cloud Stream's {@code consumer.batch-mode} on the kekbit binder, in real applications over real journals:
 * each poll of the journal reaches the function as one batch message, and the group position is saved only after the
 * function returned.
 */
@ExtendWith(OutputCaptureExtension.class)
class KekbitBinderBatchModeTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path root;

    @Test
    void shouldDeliverEachPollAsOneBatchWithPerRecordHeaders()
    {
        try (ConfigurableApplicationContext app = start(
            "spring.cloud.stream.kekbit.bindings.batch-in-0.consumer.max-records-per-poll=4"))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            for (int i = 0; i < 10; i++)
            {
                assertThat(bridge.send("out", MessageBuilder.withPayload("order-" + i).setHeader("seq", i).build(),
                    MimeTypeUtils.TEXT_PLAIN)).isTrue();
            }
            final Batches batches = app.getBean(Batches.class);
            await().atMost(WAIT).until(() -> batches.payloads().size() == 10);

            final List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                expected.add("order-" + i);
            }
            assertThat(batches.payloads()).containsExactlyElementsOf(expected);
            assertThat(batches.received).allMatch(batch -> !batch.getPayload().isEmpty() &&
                batch.getPayload().size() <= 4);
            long lastPosition = -1;
            int seq = 0;
            for (final Message<List<byte[]>> batch : batches.received)
            {
                assertThat(batch.getHeaders().get("kekbit_channelName")).isEqualTo("orders");
                final List<Map<String, Object>> headers = batchHeaders(batch);
                assertThat(headers).hasSameSizeAs(batch.getPayload());
                for (final Map<String, Object> recordHeaders : headers)
                {
                    assertThat(recordHeaders.get("seq")).isEqualTo((long)seq++);
                    assertThat(recordHeaders.get("contentType").toString()).startsWith("text/plain");
                    final long position = (Long)recordHeaders.get("kekbit_position");
                    assertThat(position).isGreaterThan(lastPosition);
                    lastPosition = position;
                }
            }
        }
    }

    @Test
    void shouldSaveTheGroupPositionOnlyAfterTheFunctionReturned() throws Exception
    {
        try (ConfigurableApplicationContext app = start())
        {
            final Batches batches = app.getBean(Batches.class);
            batches.hold = new CountDownLatch(1);
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            for (int i = 0; i < 3; i++)
            {
                bridge.send("out", "order-" + i);
            }
            await().atMost(WAIT).until(() -> batches.entered.getCount() == 0);
            final KekbitInboundChannelAdapter adapter = ((KekbitMessageChannelBinder)app.getBean(BinderFactory.class)
                .getBinder("kekbit", MessageChannel.class)).getConsumers().iterator().next();
            assertThat(adapter.isBatchMode()).isTrue();
            final KekbitDestination destination = adapter.getDestination();
            try (DurablePosition saved = DurablePosition.open(
                Journal.positionPath(destination.root(), (int)destination.id(0), "billing")))
            {
                final long before = saved.get();
                assertThat(batches.received).isEmpty();
                assertThat(saved.get()).as("position while the function holds the batch").isEqualTo(before);
                batches.hold.countDown();
                await().atMost(WAIT).until(() -> saved.get() > before);
                assertThat(batches.payloads()).isNotEmpty();
            }
        }
    }

    @Test
    void shouldLogAFailedBatchsStackTraceOnceAndSkipEachOfItsRecords(final CapturedOutput output)
    {
        try (ConfigurableApplicationContext app = start(
            "spring.cloud.stream.bindings.batch-in-0.consumer.max-attempts=1"))
        {
            final Batches batches = app.getBean(Batches.class);
            batches.fail = true;
            batches.hold = new CountDownLatch(1);
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            bridge.send("out", "first");
            await().atMost(WAIT).until(() -> batches.entered.getCount() == 0);
            // Written while the function holds the first batch: the next poll takes all three as one batch.
            for (int i = 0; i < 3; i++)
            {
                bridge.send("out", "order-" + i);
            }
            batches.hold.countDown();
            await().atMost(WAIT).until(() -> batches.payloads().size() == 4);
            await().atMost(WAIT).until(() -> count(output.toString(), "failed with the same batch") == 2);
            assertThat(batches.received).extracting(batch -> batch.getPayload().size()).containsExactly(1, 3);
            assertThat(count(output.toString(), "failed and is skipped (no dead-letter destination)"))
                .as("one line with the stack trace per batch").isEqualTo(2);
        }
    }

    private static int count(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length()))
        {
            count++;
        }
        return count;
    }

    @Test
    void shouldRefuseDeadLettersOnABatchModeConsumer()
    {
        final Throwable failure = catchThrowable(() ->
            start("spring.cloud.stream.kekbit.bindings.batch-in-0.consumer.enable-dlq=true").close());
        final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("a startup failure report for " + failure).isNotNull();
        assertThat(analysis.getDescription())
            .contains("spring.cloud.stream.kekbit.bindings.batch-in-0.consumer.enable-dlq")
            .contains("batch-mode consumer");
        assertThat(analysis.getAction()).contains("batch-mode off");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> batchHeaders(final Message<?> batch)
    {
        return (List<Map<String, Object>>)batch.getHeaders().get(BinderHeaders.BATCH_HEADERS);
    }

    private ConfigurableApplicationContext start(final String... more)
    {
        final List<String> properties = new ArrayList<>(List.of(
            "spring.cloud.stream.kekbit.binder.root-path=" + root,
            "kekbit.root-path=" + root,
            "spring.main.banner-mode=off",
            "spring.jmx.enabled=false",
            "spring.cloud.function.definition=batch",
            "spring.cloud.stream.bindings.batch-in-0.destination=orders",
            "spring.cloud.stream.bindings.batch-in-0.group=billing",
            "spring.cloud.stream.bindings.batch-in-0.consumer.batch-mode=true",
            "spring.cloud.stream.bindings.batch-in-0.consumer.use-native-decoding=true",
            "spring.cloud.stream.bindings.out.destination=orders"));
        Collections.addAll(properties, more);
        return new SpringApplicationBuilder(App.class)
            .web(WebApplicationType.NONE)
            .properties(properties.toArray(new String[0]))
            .run();
    }

    /** A batch consumer function recording what it gets; it can be told to hold the first batch. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App
    {
        @Bean
        Batches batches()
        {
            return new Batches();
        }

        @Bean
        Consumer<Message<List<byte[]>>> batch(final Batches batches)
        {
            return batches::accept;
        }
    }

    /** What the batch function received. */
    static final class Batches
    {
        final List<Message<List<byte[]>>> received = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch entered = new CountDownLatch(1);
        volatile CountDownLatch hold;
        volatile boolean fail;

        void accept(final Message<List<byte[]>> batch)
        {
            entered.countDown();
            final CountDownLatch latch = hold;
            if (latch != null)
            {
                try
                {
                    assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(ex);
                }
            }
            received.add(batch);
            if (fail)
            {
                throw new IllegalStateException("batch of " + batch.getPayload().size() + " refused");
            }
        }

        List<String> payloads()
        {
            synchronized (received)
            {
                final List<String> payloads = new ArrayList<>();
                for (final Message<List<byte[]>> batch : received)
                {
                    for (final Object payload : batch.getPayload())
                    {
                        payloads.add(new String((byte[])payload, StandardCharsets.UTF_8));
                    }
                }
                return payloads;
            }
        }
    }
}
