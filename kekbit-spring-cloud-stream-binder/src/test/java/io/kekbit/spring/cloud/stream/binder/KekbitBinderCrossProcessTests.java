package io.kekbit.spring.cloud.stream.binder;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The producer and group locks across two JVMs: a second instance in this JVM fails startup while the first one runs
 * in a child JVM, naming the child's process id, and starts once the child is killed (the OS releases its locks).
 */
class KekbitBinderCrossProcessTests
{
    private static final String[] APP = {
        "spring.cloud.function.definition=sink",
        "spring.cloud.stream.bindings.sink-in-0.destination=xshared",
        "spring.cloud.stream.bindings.sink-in-0.group=team",
        "spring.cloud.stream.output-bindings=out",
        "spring.cloud.stream.bindings.out.destination=xprices"};

    @TempDir
    Path root;

    @Test
    void shouldRefuseASecondInstanceWhileAnotherJvmRunsTheFirst() throws Exception
    {
        final Process child = startChild();
        try
        {
            await().atMost(Duration.ofSeconds(60)).until(() -> !child.isAlive() ||
                Files.exists(childLog()) && Files.readString(childLog()).contains("STREAM-APP-STARTED"));
            assertThat(child.isAlive()).as("child JVM running, log:%n%s", Files.readString(childLog())).isTrue();
            assertThat(isLockedElsewhere(GroupLock.path(root, DestinationIds.derive("xshared"), "team"))).isTrue();

            final Throwable failure = catchThrowable(() -> StreamApps.start(root, APP).close());
            assertThat(failure).isNotNull();
            final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("analysis of %s", failure).isNotNull();
            assertThat(analysis.getDescription()).contains("spring.cloud.stream.bindings.sink-in-0.group")
                .contains("consumer group 'team' already reads 'xshared'");

            final Throwable producerFailure = catchThrowable(() -> StreamApps.start(root,
                "spring.cloud.function.definition=sink",
                "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
                "spring.cloud.stream.output-bindings=out",
                "spring.cloud.stream.bindings.out.destination=xprices").close());
            assertThat(new KekbitBinderFailureAnalyzer().analyze(producerFailure).getDescription())
                .contains("spring.cloud.stream.bindings.out.destination")
                .contains("process " + child.pid());
        }
        finally
        {
            child.destroyForcibly();
            child.waitFor();
        }
        try (ConfigurableApplicationContext app = StreamApps.start(root, APP))
        {
            assertThat(app.isRunning()).isTrue();
        }
    }

    private Process startChild() throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StreamAppMain.class.getName());
        command.add(root.toString());
        command.addAll(List.of(APP));
        return new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(childLog().toFile()).start();
    }

    private Path childLog()
    {
        return root.resolve("child.log");
    }

    private static boolean isLockedElsewhere(final Path lock) throws IOException
    {
        if (!Files.exists(lock))
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE))
        {
            final FileLock held = channel.tryLock();
            if (held == null)
            {
                return true;
            }
            held.release();
            return false;
        }
    }
}
