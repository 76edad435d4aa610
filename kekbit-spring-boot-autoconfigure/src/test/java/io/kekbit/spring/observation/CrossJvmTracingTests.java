package io.kekbit.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.kekbit.spring.example.AppJvm;
import io.kekbit.spring.observation.tracing.TracingApp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace crosses processes through the envelope: JVM A sends inside a {@code checkout} span with
 * {@code kekbit.template.observation-enabled}, JVM B's listener (with {@code kekbit.listener.observation-enabled})
 * continues it. Both are real JVMs with Brave and Boot's tracing auto-configuration, reporting finished spans on
 * stdout; the test checks one trace id everywhere and the parent chain checkout, send (PRODUCER), receive
 * (CONSUMER), and that the span current in the listener is the receive span.
 */
class CrossJvmTracingTests
{
    @TempDir
    Path root;

    @Test
    void shouldContinueTheSendersTraceInTheListenerOfAnotherJvm() throws Exception
    {
        final String[] tracing = {"--management.tracing.sampling.probability=1.0",
            "--kekbit.listener.idle-strategy=sleep-1ms"};
        try (AppJvm receiver = AppJvm.start(TracingApp.class, root, with(tracing, "--spring.application.name=b",
                "--tracing-app.receiver=true", "--kekbit.readers.orders.channel-id=4242",
                "--kekbit.readers.orders.envelope=true", "--kekbit.listener.observation-enabled=true"));
            AppJvm sender = AppJvm.start(TracingApp.class, root, with(tracing, "--spring.application.name=a",
                "--kekbit.writers.orders.channel-id=4242", "--kekbit.writers.orders.envelope=true",
                "--kekbit.template.observation-enabled=true")))
        {
            sender.awaitLine("STARTED", AppJvm.STARTUP);
            receiver.awaitLine("STARTED", AppJvm.STARTUP);
            sender.send("send");
            final Map<String, String> sent = fields(sender.awaitLine("SENT ", AppJvm.STARTUP));
            final Map<String, String> checkout = fields(sender.awaitLine("SPAN name=checkout ", AppJvm.STARTUP));
            final Map<String, String> send = fields(sender.awaitLine("SPAN name=orders send ", AppJvm.STARTUP));
            final Map<String, String> got = fields(receiver.awaitLine("GOT order-1 ", AppJvm.STARTUP));
            final Map<String, String> receive = fields(receiver.awaitLine("SPAN name=orders receive ",
                AppJvm.STARTUP));

            assertThat(sent.get("trace")).as("a trace id").matches("[0-9a-f]{16,32}");
            assertThat(checkout.get("trace")).isEqualTo(sent.get("trace"));
            assertThat(checkout.get("span")).isEqualTo(sent.get("span"));
            assertThat(send.get("trace")).as("send span, JVM A").isEqualTo(sent.get("trace"));
            assertThat(send.get("parent")).as("send span's parent").isEqualTo(checkout.get("span"));
            assertThat(send.get("kind")).isEqualTo("PRODUCER");
            assertThat(receive.get("trace")).as("receive span, JVM B").isEqualTo(sent.get("trace"));
            assertThat(receive.get("parent")).as("receive span's parent: the send span of JVM A")
                .isEqualTo(send.get("span"));
            assertThat(receive.get("kind")).isEqualTo("CONSUMER");
            assertThat(got.get("trace")).as("trace current in the listener").isEqualTo(sent.get("trace"));
            assertThat(got.get("span")).as("span current in the listener").isEqualTo(receive.get("span"));
            assertThat(receiver.output()).as("the receiver never sent").doesNotContain("SPAN name=orders send");
        }
    }

    private static String[] with(final String[] common, final String... more)
    {
        final String[] all = new String[common.length + more.length];
        System.arraycopy(common, 0, all, 0, common.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    /** The {@code key=value} words of a line. */
    private static Map<String, String> fields(final String line)
    {
        final Map<String, String> fields = new HashMap<>();
        for (final String word : line.split(" "))
        {
            final int at = word.indexOf('=');
            if (at > 0)
            {
                fields.put(word.substring(0, at), word.substring(at + 1));
            }
        }
        return fields;
    }
}
