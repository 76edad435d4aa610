package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kekbit.core.Kekbit;
import io.kekbit.journal.Journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Producer bindings of one destination in one process share its writer (as they would share a topic on Kafka); a
 * producer in another process is still refused, naming the binding's destination property.
 */
class KekbitBinderSharedWriterTests
{
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final String[] PRODUCERS = {
        "spring.cloud.function.definition=sink",
        "spring.cloud.stream.bindings.sink-in-0.destination=orders",
        "spring.cloud.stream.bindings.sink-in-0.group=billing",
        "spring.cloud.stream.output-bindings=orders",
        "spring.cloud.stream.bindings.orders-out-0.destination=orders",
        "spring.cloud.stream.bindings.more.destination=orders"};

    @TempDir
    Path root;

    @Test
    void shouldShareTheDeadLetterWriterWithAProducerBindingOfTheDeadLetterDestination()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "spring.cloud.stream.binding-retry-interval=0",
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.sink-in-0.consumer.max-attempts=1",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.enable-dlq=true",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.dlq-name=dead",
            "spring.cloud.stream.bindings.out.destination=orders",
            "spring.cloud.stream.bindings.dead-out.destination=dead"))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThat(bridge.send("dead-out", MessageBuilder.withPayload("manual-1").build())).isTrue();
            assertThat(bridge.send("out", MessageBuilder.withPayload("fail-1").build())).isTrue();
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.payloads().contains("fail-1"));

            final KekbitMessageChannelBinder binder = (KekbitMessageChannelBinder)app.getBean(BinderFactory.class)
                .getBinder("kekbit", MessageChannel.class);
            final KekbitProducerHandler producer = binder.getProducers().stream()
                .filter(handler -> handler.getDestination().getName().equals("dead")).findFirst().orElseThrow();
            assertThat(binder.getDeadLetterHandlers()).singleElement()
                .satisfies(letters -> assertThat(letters.getWriter()).isSameAs(producer.writer("dead")));

            try (ConfigurableApplicationContext audit = StreamApps.start(root,
                "spring.cloud.function.definition=sink",
                "spring.cloud.stream.bindings.sink-in-0.destination=dead",
                "spring.cloud.stream.bindings.sink-in-0.group=audit"))
            {
                final StreamApps.Received letters = audit.getBean(StreamApps.Received.class);
                await().atMost(WAIT).until(() -> letters.messages.size() == 2);
                assertThat(letters.payloads()).containsExactly("manual-1", "fail-1");
                assertThat(letters.messages.get(1).getHeaders().get("kekbit_dlt_channel")).isEqualTo("orders");
            }
        }
    }

    @Test
    void shouldShareOneWriterAmongTheProducerBindingsOfADestination()
    {
        final int id = (int)DestinationIds.derive("orders");
        try (ConfigurableApplicationContext app = StreamApps.start(root, PRODUCERS))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThat(bridge.send("orders-out-0", MessageBuilder.withPayload("a").build())).isTrue();
            assertThat(bridge.send("more", MessageBuilder.withPayload("b").build())).isTrue();
            assertThat(bridge.send("orders-out-0", MessageBuilder.withPayload("c").build())).isTrue();
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 3);
            assertThat(received.payloads()).containsExactly("a", "b", "c");

            final KekbitMessageChannelBinder binder = (KekbitMessageChannelBinder)app.getBean(BinderFactory.class)
                .getBinder("kekbit", MessageChannel.class);
            // output-bindings=orders binds "orders"; StreamBridge binds "orders-out-0" and "more" on first send
            assertThat(binder.getProducers()).hasSize(3);
            assertThat(binder.getProducers()).allSatisfy(handler -> assertThat(handler.writer("orders"))
                .isSameAs(binder.getProducers().iterator().next().writer("orders")));
            assertThat(Journal.writerPid(root, id)).isEqualTo(ProcessHandle.current().pid());
        }
        assertThat(Journal.writerPid(root, id)).as("closed with the last binding").isEqualTo(Kekbit.NO_WRITER);
    }

    @Test
    void shouldRefuseBindingsOfOneDestinationThatDisagreeOnTheEnvelope()
    {
        final Throwable failure = catchThrowable(() -> StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.output-bindings=out;raw",
            "spring.cloud.stream.bindings.out.destination=orders",
            "spring.cloud.stream.bindings.raw.destination=orders",
            "spring.cloud.stream.kekbit.bindings.raw.producer.envelope=false").close());
        assertThat(failure).isNotNull();
        final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription())
            .containsAnyOf("spring.cloud.stream.kekbit.bindings.raw.producer.envelope",
                "spring.cloud.stream.kekbit.bindings.out.producer.envelope")
            .contains("destination 'orders' is already written in this process by another binding");
        assertThat(analysis.getAction()).contains("Set the same envelope on every producer binding");
    }

    @Test
    void shouldStillRefuseAProducerOfTheDestinationInAnotherProcess() throws Exception
    {
        final Process child = startChild("spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.output-bindings=out",
            "spring.cloud.stream.bindings.out.destination=orders");
        try
        {
            await().atMost(WAIT).until(() -> !child.isAlive() ||
                Files.exists(childLog()) && Files.readString(childLog()).contains("STREAM-APP-STARTED"));
            assertThat(child.isAlive()).as("child JVM running, log:%n%s", Files.readString(childLog())).isTrue();

            final Throwable failure = catchThrowable(() -> StreamApps.start(root, PRODUCERS).close());
            assertThat(failure).isNotNull();
            final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("analysis of %s", failure).isNotNull();
            assertThat(analysis.getDescription())
                .contains("spring.cloud.stream.bindings.orders.destination")
                .contains("destination 'orders'")
                .contains("process " + child.pid());
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor();
        }
    }

    private Process startChild(final String... properties) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StreamAppMain.class.getName());
        command.add(root.toString());
        command.addAll(List.of(properties));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(childLog().toFile()).start();
    }

    private Path childLog()
    {
        return root.resolve("child.log");
    }
}
