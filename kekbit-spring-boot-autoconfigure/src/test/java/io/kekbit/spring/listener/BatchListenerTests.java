package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.kekbit.core.DurablePosition;
import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Batch listeners in a real Spring context over real channel files: one poll is one batch, the durable position is
 * saved after the batch, a whole-batch failure is retried and then given up record by record (dead-lettered), a
 * {@link KekbitBatchListenerFailedException} commits the records before the failed one and retries from it, and a
 * container stopped at a failed record resumes from it after a restart.
 */
class BatchListenerTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long CHANNEL = 11;

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.retry.initial-interval=10ms",
            "kekbit.listener.max-records-per-poll=3");

    record Order(String id, int quantity)
    {
    }

    /** Records each batch it receives and the positions of each. */
    static class TextBatchListener
    {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();
        final List<List<Long>> positions = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "${channel}", id = "texts", batch = "true")
        void onBatch(final List<String> texts, @org.springframework.messaging.handler.annotation.Header(
            KekbitHeaders.POSITION) final List<Long> at)
        {
            batches.add(texts);
            positions.add(at);
        }
    }

    static class MessageBatchListener
    {
        final List<String> received = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "messages", startFrom = "beginning", batch = "true")
        void onBatch(final List<Message<Order>> orders)
        {
            for (final Message<Order> order : orders)
            {
                received.add(order.getPayload().id() + "@" + order.getHeaders().get(KekbitHeaders.POSITION) + " " +
                    order.getHeaders().get("note"));
            }
        }
    }

    /** Fails every batch that holds a poison record, as a whole. */
    static class WholeBatchListener
    {
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft;

        WholeBatchListener(final int failures)
        {
            this.failuresLeft = new AtomicInteger(failures);
        }

        @KekbitListener(channel = "${channel}", id = "whole", batch = "true")
        void onBatch(final List<String> texts)
        {
            calls.add(texts);
            if (texts.stream().anyMatch(text -> text.startsWith("poison")) && failuresLeft.getAndDecrement() > 0)
            {
                throw new IllegalStateException("batch with poison");
            }
        }
    }

    /** Saves records one by one and names the poison one's index. */
    static class IndexedBatchListener
    {
        final List<String> saved = new CopyOnWriteArrayList<>();
        final List<List<String>> calls = new CopyOnWriteArrayList<>();
        final boolean failPoison;

        IndexedBatchListener(final boolean failPoison)
        {
            this.failPoison = failPoison;
        }

        @KekbitListener(channel = "${channel}", id = "indexed", batch = "true")
        void onBatch(final List<String> texts)
        {
            calls.add(texts);
            for (int i = 0; i < texts.size(); i++)
            {
                if (failPoison && texts.get(i).startsWith("poison"))
                {
                    throw new KekbitBatchListenerFailedException("cannot save " + texts.get(i),
                        new IllegalArgumentException("poison"), i);
                }
                saved.add(texts.get(i));
            }
        }
    }

    /** A batch listener on a rolling journal that fails the poison record by index. */
    static class JournalBatchListener
    {
        final List<String> saved = new CopyOnWriteArrayList<>();
        final AtomicInteger failures = new AtomicInteger();

        @KekbitListener(channel = "feed", id = "journal-batch", batch = "true")
        void onBatch(final List<String> texts)
        {
            for (int i = 0; i < texts.size(); i++)
            {
                if (texts.get(i).equals("poison"))
                {
                    failures.incrementAndGet();
                    throw new KekbitBatchListenerFailedException("poison", null, i);
                }
                saved.add(texts.get(i));
            }
        }
    }

    /** Plain methods, registered in code rather than annotated. */
    static class CodeListeners
    {
        final List<List<String>> batches = new CopyOnWriteArrayList<>();

        void onBatch(final List<String> texts)
        {
            batches.add(texts);
        }

        String upper(final String text)
        {
            return text.toUpperCase();
        }
    }

    static class NotAList
    {
        @KekbitListener(channel = "orders", id = "not-a-list", batch = "true")
        void onBatch(final String text)
        {
        }
    }

    static class BatchWithSendTo
    {
        @KekbitListener(channel = "orders", id = "batch-reply", batch = "true")
        @SendTo("orders")
        String onBatch(final List<String> texts)
        {
            return "n/a";
        }
    }

    static class BadBatchFlag
    {
        @KekbitListener(channel = "orders", id = "bad-flag", batch = "yes")
        void onBatch(final List<String> texts)
        {
        }
    }

    private Writer channel()
    {
        return Kekbit.shmWriter(root, Header.of(0, CHANNEL, 1 << 16, 256, 60_000, TickUnit.MILLIS));
    }

    private static List<Long> write(final Writer writer, final String... texts)
    {
        final List<Long> positions = new ArrayList<>();
        for (final String text : texts)
        {
            positions.add(writer.writeOffset());
            assertThat(writer.write(text.getBytes(StandardCharsets.UTF_8))).isPositive();
        }
        return positions;
    }

    private static <T> List<T> flat(final List<List<T>> batches)
    {
        return batches.stream().flatMap(List::stream).toList();
    }

    private static <T> List<List<String>> withPoison(final List<List<String>> calls)
    {
        return calls.stream().filter(batch -> batch.contains("poison")).toList();
    }

    private ApplicationContextRunner onChannel()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=" + CHANNEL);
    }

    private long saved(final String listenerId)
    {
        try (DurablePosition durable = DurablePosition.open(root, CHANNEL, listenerId))
        {
            return durable.get();
        }
    }

    private List<String> deadLetters()
    {
        return texts(2);
    }

    /** The records of a channel as text. */
    private List<String> texts(final long channelId)
    {
        final List<String> dead = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, channelId))
        {
            Readers.drain(reader, (buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                dead.add(new String(bytes, StandardCharsets.UTF_8));
            });
        }
        return dead;
    }

    @Test
    void shouldDeliverEachPollAsOneBatchAndSaveThePositionAfterIt()
    {
        try (Writer writer = channel())
        {
            final List<Long> positions = write(writer, "a", "b", "c", "d", "e");
            onChannel().withBean(TextBatchListener.class).run(context ->
            {
                final TextBatchListener listener = context.getBean(TextBatchListener.class);
                await().atMost(WAIT).until(() -> flat(listener.batches).size() == 5);
                // A poll reads up to max-records-per-poll (3) records, heartbeats included.
                assertThat(flat(listener.batches)).containsExactly("a", "b", "c", "d", "e");
                assertThat(listener.batches).hasSizeGreaterThanOrEqualTo(2).allMatch(batch -> batch.size() <= 3)
                    .anyMatch(batch -> batch.size() > 1);
                assertThat(flat(listener.positions)).isEqualTo(positions);
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("texts");
                await().atMost(WAIT).until(() -> container.getPosition() == writer.writeOffset());
                assertThat(container.getRecords()).isEqualTo(5);
                assertThat(container.getLagRecords()).isZero();
            });
            assertThat(saved("texts")).isEqualTo(writer.writeOffset());
            write(writer, "f");
            onChannel().withBean(TextBatchListener.class).run(context ->
            {
                final TextBatchListener listener = context.getBean(TextBatchListener.class);
                await().atMost(WAIT).until(() -> listener.batches.size() == 1);
                assertThat(listener.batches).containsExactly(List.of("f"));
            });
        }
    }

    @Test
    void shouldDeliverMessagesWithPositionsAndEnvelopeHeaders()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.orders.envelope=true").withBean(MessageBatchListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long first = template.send("orders", MessageBuilder.withPayload(new Order("A", 1))
                    .setHeader("note", "first").build());
                final long second = template.send("orders", (Object)new Order("B", 2));
                final MessageBatchListener listener = context.getBean(MessageBatchListener.class);
                await().atMost(WAIT).until(() -> listener.received.size() == 2);
                assertThat(listener.received).containsExactly("A@" + first + " first", "B@" + second + " null");
            });
    }

    @Test
    void shouldRetryAWholeBatchThatFailed()
    {
        try (Writer writer = channel())
        {
            write(writer, "a", "poison", "c");
            onChannel().withPropertyValues("kekbit.listener.retry.max-attempts=3")
                .withBean(WholeBatchListener.class, () -> new WholeBatchListener(2)).run(context ->
                {
                    final WholeBatchListener listener = context.getBean(WholeBatchListener.class);
                    final KekbitMessageListenerContainer container = context
                        .getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("whole");
                    await().atMost(WAIT).until(() -> container.getRecords() == 3);
                    final List<List<String>> poisoned = withPoison(listener.calls);
                    assertThat(poisoned).as("the same batch, delivered 3 times").hasSize(3)
                        .allMatch(batch -> batch.equals(poisoned.get(0)));
                    assertThat(listener.calls.stream().filter(batch -> !batch.contains("poison"))
                        .flatMap(List::stream).toList()).doesNotContainAnyElementsOf(poisoned.get(0));
                    assertThat(container.getErrors()).isEqualTo(2);
                    await().atMost(WAIT).until(() -> container.getPosition() == writer.writeOffset());
                });
            assertThat(saved("whole")).isEqualTo(writer.writeOffset());
        }
    }

    @Test
    void shouldDeadLetterEveryRecordOfABatchGivenUp()
    {
        try (Writer writer = channel())
        {
            write(writer, "a", "poison", "c", "d");
            onChannel().withPropertyValues("kekbit.writers.dlq.channel-id=2", "kekbit.listener.dead-letter=dlq",
                "kekbit.listener.retry.max-attempts=2")
                .withBean(WholeBatchListener.class, () -> new WholeBatchListener(Integer.MAX_VALUE)).run(context ->
                {
                    final WholeBatchListener listener = context.getBean(WholeBatchListener.class);
                    final KekbitMessageListenerContainer container = context
                        .getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("whole");
                    await().atMost(WAIT).until(() -> container.getRecords() == 4);
                    final List<List<String>> poisoned = withPoison(listener.calls);
                    assertThat(poisoned).as("the same batch, delivered twice").hasSize(2)
                        .allMatch(batch -> batch.equals(poisoned.get(0)));
                    assertThat(poisoned.get(0)).hasSizeGreaterThan(1);
                    assertThat(deadLetters()).as("every record of the batch given up").isEqualTo(poisoned.get(0));
                    final List<String> delivered = new ArrayList<>(poisoned.get(0));
                    listener.calls.stream().filter(batch -> !batch.contains("poison")).forEach(delivered::addAll);
                    assertThat(delivered).containsExactly("a", "poison", "c", "d");
                    assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.RUNNING);
                });
        }
    }

    @Test
    void shouldCommitBeforeTheFailedIndexAndRetryFromIt()
    {
        try (Writer writer = channel())
        {
            write(writer, "a", "b", "poison", "d", "e");
            onChannel().withPropertyValues("kekbit.writers.dlq.channel-id=2", "kekbit.listener.dead-letter=dlq",
                "kekbit.listener.retry.max-attempts=2")
                .withBean(IndexedBatchListener.class, () -> new IndexedBatchListener(true)).run(context ->
                {
                    final IndexedBatchListener listener = context.getBean(IndexedBatchListener.class);
                    final KekbitMessageListenerContainer container = context
                        .getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("indexed");
                    await().atMost(WAIT).until(() -> container.getRecords() == 5);
                    assertThat(listener.saved).containsExactly("a", "b", "d", "e");
                    final List<List<String>> poisoned = withPoison(listener.calls);
                    assertThat(poisoned).hasSize(2);
                    assertThat(poisoned.get(1).get(0)).as("the retry starts at the failed record").isEqualTo("poison");
                    assertThat(deadLetters()).containsExactly("poison");
                    assertThat(container.getErrors()).isEqualTo(2);
                    await().atMost(WAIT).until(() -> container.getPosition() == writer.writeOffset());
                });
            assertThat(saved("indexed")).isEqualTo(writer.writeOffset());
        }
    }

    @Test
    void shouldResumeFromTheFailedRecordAfterARestart()
    {
        try (Writer writer = channel())
        {
            final List<Long> positions = write(writer, "a", "poison", "c");
            onChannel().withPropertyValues("kekbit.listener.stop-on-error=true",
                "kekbit.listener.retry.max-attempts=1")
                .withBean(IndexedBatchListener.class, () -> new IndexedBatchListener(true)).run(context ->
                {
                    final IndexedBatchListener listener = context.getBean(IndexedBatchListener.class);
                    final KekbitMessageListenerContainer container = context
                        .getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("indexed");
                    await().atMost(WAIT).until(() -> container.getState() ==
                        KekbitMessageListenerContainer.State.FAILED);
                    assertThat(container.getReason()).contains("error handler stopped the batch listener at " +
                        "position " + positions.get(1));
                    assertThat(listener.saved).containsExactly("a");
                    assertThat(container.getPosition()).isEqualTo(positions.get(1));
                });
            assertThat(saved("indexed")).isEqualTo(positions.get(1));
            onChannel().withBean(IndexedBatchListener.class, () -> new IndexedBatchListener(false)).run(context ->
            {
                final IndexedBatchListener listener = context.getBean(IndexedBatchListener.class);
                await().atMost(WAIT).until(() -> listener.saved.size() == 2);
                assertThat(listener.calls).containsExactly(List.of("poison", "c"));
            });
            assertThat(saved("indexed")).isEqualTo(writer.writeOffset());
        }
    }

    @Test
    void shouldRetryFromTheFailedRecordOnARollingJournal()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.readers.feed.channel-id=9",
            "kekbit.readers.feed.roll=true", "kekbit.writers.journal.channel-id=9",
            "kekbit.writers.journal.roll.enabled=true", "kekbit.writers.journal.capacity=16KB",
            "kekbit.writers.journal.max-message-length=100B", "kekbit.writers.dlq.channel-id=2",
            "kekbit.listener.dead-letter=dlq", "kekbit.listener.retry.max-attempts=3",
            "kekbit.listener.max-records-per-poll=64").withBean(JournalBatchListener.class).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final List<String> expected = new ArrayList<>();
                for (int i = 0; i < 3000; i++)
                {
                    final String text = i == 1500 ? "poison" : "record-" + i;
                    template.send("journal", text);
                    if (i != 1500)
                    {
                        expected.add(text);
                    }
                }
                final JournalBatchListener listener = context.getBean(JournalBatchListener.class);
                final KekbitMessageListenerContainer container = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("journal-batch");
                await().atMost(WAIT).until(() -> container.getRecords() == 3000);
                assertThat(container.getSegment()).as("the journal rolled").isPositive();
                assertThat(listener.saved).isEqualTo(expected);
                assertThat(listener.failures).hasValue(3);
                assertThat(deadLetters()).containsExactly("poison");
            });
    }

    @Test
    void shouldApplyBatchFilterAndSendToOfEndpointsRegisteredInCode()
    {
        final CodeListeners listeners = new CodeListeners();
        final KekbitListenerConfigurer configurer = registrar ->
        {
            try
            {
                registrar.registerEndpoint(new MethodKekbitListenerEndpoint(listeners,
                    CodeListeners.class.getDeclaredMethod("onBatch", List.class), "code-batch", "orders")
                    .startFrom("beginning").batch("true").filter("dropNoise"));
                registrar.registerEndpoint(new MethodKekbitListenerEndpoint(listeners,
                    CodeListeners.class.getDeclaredMethod("upper", String.class), "code-reply", "orders")
                    .startFrom("beginning").filter("none").sendTo("replies"));
            }
            catch (final NoSuchMethodException ex)
            {
                throw new IllegalStateException(ex);
            }
        };
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1",
            "kekbit.writers.replies.channel-id=2")
            .withBean("dropNoise", KekbitRecordFilterStrategy.class, () -> record -> record.payloadAsString()
                .startsWith("noise"))
            .withBean(KekbitListenerConfigurer.class, () -> configurer).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", "one");
                template.send("orders", "noise");
                template.send("orders", "two");
                await().atMost(WAIT).until(() -> flat(listeners.batches).size() == 2 && texts(2).size() == 3);
                assertThat(flat(listeners.batches)).containsExactly("one", "two");
                assertThat(texts(2)).as("the replies").containsExactly("ONE", "NOISE", "TWO");
            });
    }

    @Test
    void shouldFilterRecordsOutOfBatches()
    {
        try (Writer writer = channel())
        {
            write(writer, "a", "noise", "b", "c");
            onChannel().withBean(KekbitRecordFilterStrategy.class, () -> record -> record.payloadAsString()
                .equals("noise")).withBean(TextBatchListener.class).run(context ->
                {
                    final TextBatchListener listener = context.getBean(TextBatchListener.class);
                    final KekbitMessageListenerContainer container = context
                        .getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("texts");
                    await().atMost(WAIT).until(() -> container.getRecords() == 4);
                    assertThat(flat(listener.batches)).containsExactly("a", "b", "c");
                    assertThat(container.getFilteredRecords()).isEqualTo(1);
                });
        }
    }

    @Test
    void shouldFailStartupOnInvalidBatchListeners()
    {
        final ApplicationContextRunner runner = contextRunner.withPropertyValues("kekbit.root-path=" + root,
            "kekbit.writers.orders.channel-id=1");
        runner.withBean(NotAList.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(new KekbitListenerFailureAnalyzer().analyze(context.getStartupFailure()).getDescription())
                .contains("onBatch(java.lang.String)").contains("takes the records as a List<T>");
        });
        runner.withBean(BatchWithSendTo.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("@SendTo is not supported on a batch listener");
        });
        runner.withBean(BadBatchFlag.class).run(context ->
        {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                .hasMessageContaining("batch: expected true or false, actual 'yes'");
        });
    }
}
