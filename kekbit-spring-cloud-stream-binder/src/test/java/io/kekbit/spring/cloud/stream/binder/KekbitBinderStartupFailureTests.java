package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Configurations that cannot work fail startup, and the failure analysis names the property and the fix.
 */
class KekbitBinderStartupFailureTests
{
    @TempDir
    Path root;

    @Test
    void shouldRefuseASecondProducerOnADestination()
    {
        final String[] producer = {
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.output-bindings=out",
            "spring.cloud.stream.bindings.out.destination=prices"};
        try (ConfigurableApplicationContext first = StreamApps.start(root, producer))
        {
            assertThat(first.isRunning()).isTrue();
            final Throwable failure = catchThrowable(() -> StreamApps.start(root, producer).close());
            final FailureAnalysis analysis = analyze(failure);
            assertThat(analysis.getDescription())
                .contains("spring.cloud.stream.bindings.out.destination")
                .contains("destination 'prices'")
                .contains("already has a producer")
                .contains("process " + ProcessHandle.current().pid());
            assertThat(analysis.getAction()).contains("Send from one producer only");
        }
    }

    @Test
    void shouldRefuseASecondInstanceOfAnUnpartitionedGroup()
    {
        final String[] consumer = {
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=shared",
            "spring.cloud.stream.bindings.sink-in-0.group=team"};
        try (ConfigurableApplicationContext first = StreamApps.start(root, consumer))
        {
            assertThat(first.isRunning()).isTrue();
            final Throwable failure = catchThrowable(() -> StreamApps.start(root, consumer).close());
            final FailureAnalysis analysis = analyze(failure);
            assertThat(analysis.getDescription())
                .contains("spring.cloud.stream.bindings.sink-in-0.group")
                .contains("consumer group 'team' already reads 'shared'");
            assertThat(analysis.getAction())
                .contains("partition-count=N")
                .contains("consumer.partitioned=true")
                .contains("instance-index");
        }
    }

    @Test
    void shouldRefuseAGroupNameThatCannotBeAFileName()
    {
        assertThatThrownBy(() -> StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=shared",
            "spring.cloud.stream.bindings.sink-in-0.group=a/b").close())
            .satisfies(failure -> assertThat(analyze(failure).getDescription())
                .contains("spring.cloud.stream.bindings.sink-in-0.group").contains("'a/b'"));
    }

    @Test
    void shouldRefuseToContinueAFixedChannelClosedByItsPreviousProducer()
    {
        final String[] producer = {
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.output-bindings=out",
            "spring.cloud.stream.bindings.out.destination=ticks",
            "spring.cloud.stream.kekbit.bindings.out.producer.kind=channel"};
        StreamApps.start(root, producer).close();
        final FailureAnalysis analysis = analyze(catchThrowable(() -> StreamApps.start(root, producer).close()));
        assertThat(analysis.getDescription()).contains("spring.cloud.stream.kekbit.bindings.out.producer.kind")
            .contains("closed by its previous writer");
        assertThat(analysis.getAction()).contains("kind=journal");
    }

    @Test
    void shouldNameTheBindingPropertyOfAnInvalidWriterSetting()
    {
        final FailureAnalysis analysis = analyze(catchThrowable(() -> StreamApps.start(root,
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=unrelated",
            "spring.cloud.stream.output-bindings=out",
            "spring.cloud.stream.bindings.out.destination=big",
            "spring.cloud.stream.kekbit.bindings.out.producer.capacity=64KB",
            "spring.cloud.stream.kekbit.bindings.out.producer.max-message-length=1MB").close()));
        assertThat(analysis.getDescription())
            .contains("spring.cloud.stream.kekbit.bindings.out.producer.max-message-length")
            .contains("'1048576B' does not fit a segment of capacity 65536B");
    }

    private static FailureAnalysis analyze(final Throwable failure)
    {
        assertThat(failure).isNotNull();
        final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        return analysis;
    }
}
