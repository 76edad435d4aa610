package io.kekbit.spring.cloud.stream.binder;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.kekbit.spring.cloud.stream.binder.properties.DestinationKind;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitListenerContainerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.cloud.stream.annotation.StreamRetryTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.integration.IntegrationMessageHeaderAccessor;
import org.springframework.integration.support.ErrorMessageUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer's retry: with the binder's own template a record handled at the first attempt never enters the
 * template (allocation of the sending thread counted over many records, bytes not time), while a failed first attempt
 * is retried by the template with the attempts counted as before; an application's template with a
 * {@link RetryListener} still runs every record.
 */
class KekbitBinderRetryTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RECORDS = 100_000;
    private static final int WARM_UP_ROUNDS = 3;
    /** One-time allocations stay under it; one 16-byte object per record would be 1.6 MB. */
    private static final long BOUND = 16 * 1024;

    @TempDir
    Path root;

    /** An output channel that fails its first sends, then accepts. */
    static final class FailingChannel implements MessageChannel
    {
        final AtomicInteger sends = new AtomicInteger();
        final int failures;
        final RuntimeException failure;

        FailingChannel(final int failures, final RuntimeException failure)
        {
            this.failures = failures;
            this.failure = failure;
        }

        @Override
        public boolean send(final Message<?> message, final long timeout)
        {
            if (sends.incrementAndGet() <= failures)
            {
                throw failure;
            }
            return true;
        }
    }

    /** What the recoverer got. */
    static final class Recovered
    {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final List<Throwable> causes = new CopyOnWriteArrayList<>();
    }

    private KekbitInboundChannelAdapter adapter(final MessageChannel output, final RetryTemplate template,
        final Recovered recovered)
    {
        final KekbitDestination destination = new KekbitDestination("orders", root, DestinationKind.JOURNAL, false,
            false, new int[] {0}, new long[] {7});
        final KekbitInboundChannelAdapter adapter = new KekbitInboundChannelAdapter(destination, "billing", false,
            new KekbitConsumerProperties(), "sink-in-0", new GroupLocks(), new KekbitListenerContainerFactory(), false);
        adapter.setOutputChannel(output);
        adapter.setRetryTemplate(template);
        adapter.setRecoveryCallback((context, cause) ->
        {
            final Message<?> failed = (Message<?>)context.getAttribute(ErrorMessageUtils.FAILED_MESSAGE_CONTEXT_KEY);
            recovered.attempts.add((Integer)failed.getHeaders().get(IntegrationMessageHeaderAccessor.DELIVERY_ATTEMPT));
            recovered.causes.add(cause);
            return null;
        });
        return adapter;
    }

    /** The template Spring Cloud Stream builds from maxAttempts 3 and the back-off properties. */
    private static RetryTemplate bindingTemplate()
    {
        return new RetryTemplate(RetryPolicy.builder().maxRetries(2).delay(Duration.ofMillis(1))
            .maxDelay(Duration.ofMillis(2)).excludes(IllegalArgumentException.class).build());
    }

    private static Message<byte[]> record()
    {
        return MessageBuilder.withPayload("order".getBytes(StandardCharsets.UTF_8)).build();
    }

    /**
     * An unlimited retry (the bridge's setting while its downstream is away) in a real binding: closing the
     * application ends it at once, the consumer's poll thread ends with the context, nothing is recovered, and the
     * record is still unconsumed: the group's next start delivers it again.
     */
    @Test
    void shouldEndAnUnlimitedRetryWhenTheBindingStopsWithTheRecordUnconsumed()
    {
        final String[] binding = {
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"};
        final ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            concat(binding, "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=2147483647",
                "spring.cloud.stream.bindings.sink-in-0.consumer.back-off-initial-interval=2000",
                "spring.cloud.stream.bindings.sink-in-0.consumer.back-off-max-interval=2000"));
        final StreamApps.Received received = app.getBean(StreamApps.Received.class);
        try
        {
            KekbitBinderTests.send(app, "fail-until-stopped");
            await().atMost(WAIT).until(() -> received.payloads().size() >= 2);
        }
        finally
        {
            app.close();
        }
        final int attempts = received.payloads().size();
        assertThat(Thread.getAllStackTraces().keySet()).as("the consumer's poll thread ended with the context")
            .noneMatch(thread -> thread.getName().equals("kekbit-orders.billing"));
        assertThat(received.payloads()).hasSize(attempts);

        try (ConfigurableApplicationContext again = StreamApps.start(root, WebApplicationType.NONE,
            concat(binding, "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=1")))
        {
            final StreamApps.Received next = again.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> next.payloads().contains("fail-until-stopped"));
            assertThat(next.payloads()).as("the record was left unconsumed by the stop").first()
                .isEqualTo("fail-until-stopped");
        }
    }

    private static String[] concat(final String[] first, final String... more)
    {
        final String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }

    @Test
    void shouldRetryAFailedFirstAttemptWithTheAttemptsCounted()
    {
        final Recovered recovered = new Recovered();
        final IllegalStateException refused = new IllegalStateException("refused");

        final FailingChannel always = new FailingChannel(Integer.MAX_VALUE, refused);
        adapter(always, bindingTemplate(), recovered).onMessage(record(), null);
        assertThat(always.sends).hasValue(3);
        assertThat(recovered.attempts).containsExactly(3);
        assertThat(recovered.causes).containsExactly(refused);

        final FailingChannel once = new FailingChannel(1, refused);
        adapter(once, bindingTemplate(), recovered).onMessage(record(), null);
        assertThat(once.sends).hasValue(2);
        assertThat(recovered.attempts).containsExactly(3);

        final IllegalArgumentException fatal = new IllegalArgumentException("not retryable");
        final FailingChannel notRetried = new FailingChannel(Integer.MAX_VALUE, fatal);
        adapter(notRetried, bindingTemplate(), recovered).onMessage(record(), null);
        assertThat(notRetried.sends).hasValue(1);
        assertThat(recovered.attempts).containsExactly(3, 1);
        assertThat(recovered.causes).containsExactly(refused, fatal);
    }

    @Test
    void shouldNotEnterTheBindingsRetryTemplateForARecordHandledAtTheFirstAttempt()
    {
        final FailingChannel accepting = new FailingChannel(0, null);
        final KekbitInboundChannelAdapter adapter = adapter(accepting, bindingTemplate(), new Recovered());
        final long allocated = allocatedPerRound(adapter);
        assertThat(allocated).as("bytes allocated sending %d records", RECORDS).isLessThan(BOUND);
        assertThat(accepting.sends).hasValue((WARM_UP_ROUNDS + 1) * RECORDS);
    }

    @Test
    void shouldRunEveryRecordThroughATemplateWithAListener()
    {
        final FailingChannel accepting = new FailingChannel(0, null);
        final RetryTemplate template = bindingTemplate();
        final AtomicInteger firstAttemptSuccesses = new AtomicInteger();
        template.setRetryListener(new RetryListener()
        {
            @Override
            public void onRetryableExecution(final RetryPolicy policy, final Retryable<?> retryable,
                final RetryState state)
            {
                if (state.isSuccessful() && state.getRetryCount() == 0)
                {
                    firstAttemptSuccesses.incrementAndGet();
                }
            }
        });
        final KekbitInboundChannelAdapter adapter = adapter(accepting, template, new Recovered());
        final long allocated = allocatedPerRound(adapter);
        assertThat(firstAttemptSuccesses).hasValue((WARM_UP_ROUNDS + 1) * RECORDS);
        // The counter sees the retry path's per-record objects.
        assertThat(allocated).as("bytes allocated sending %d records through the template", RECORDS)
            .isGreaterThanOrEqualTo(16L * RECORDS);
    }

    /** Warms the path up, then counts the bytes this thread allocates while it sends {@link #RECORDS} records. */
    private static long allocatedPerRound(final KekbitInboundChannelAdapter adapter)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        final Message<byte[]> message = record();
        for (int round = 0; round < WARM_UP_ROUNDS; round++)
        {
            send(adapter, message);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        send(adapter, message);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static void send(final KekbitInboundChannelAdapter adapter, final Message<byte[]> message)
    {
        for (int i = 0; i < RECORDS; i++)
        {
            adapter.onMessage(message, null);
        }
    }

    /**
     * An application's {@code @StreamRetryTemplate} named by {@code retry-template-name}: its listener sees every
     * record's execution, including the ones that succeed at the first attempt.
     */
    @Test
    void shouldLetAStreamRetryTemplatesListenerSeeEveryRecord()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {ListenedRetryConfig.class},
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=payments",
            "spring.cloud.stream.bindings.sink-in-0.group=pay",
            "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=3",
            "spring.cloud.stream.bindings.sink-in-0.consumer.retry-template-name=listenedRetry",
            "spring.cloud.stream.bindings.out.destination=payments"))
        {
            KekbitBinderTests.send(app, "ok-1", "fail-1", "ok-2");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.payloads().contains("ok-2"));
            assertThat(received.payloads()).containsExactly("ok-1", "fail-1", "fail-1", "fail-1", "ok-2");
            final ListenedRetryConfig config = app.getBean(ListenedRetryConfig.class);
            assertThat(config.firstAttemptSuccesses).hasValue(2);
            assertThat(config.failures).hasValue(2);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenedRetryConfig
    {
        final AtomicInteger firstAttemptSuccesses = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();

        @Bean
        @StreamRetryTemplate
        RetryTemplate listenedRetry()
        {
            final RetryTemplate template = new RetryTemplate(RetryPolicy.builder().maxRetries(2)
                .delay(Duration.ofMillis(10)).build());
            template.setRetryListener(new RetryListener()
            {
                @Override
                public void onRetryableExecution(final RetryPolicy policy, final Retryable<?> retryable,
                    final RetryState state)
                {
                    if (state.isSuccessful() && state.getRetryCount() == 0)
                    {
                        firstAttemptSuccesses.incrementAndGet();
                    }
                }

                @Override
                public void onRetryFailure(final RetryPolicy policy, final Retryable<?> retryable,
                    final Throwable throwable)
                {
                    failures.incrementAndGet();
                }
            });
            return template;
        }
    }
}
