package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ByteArrayResource;

/**
 * Values the starter used to change silently now fail startup with a report showing the value as written and where
 * it was written: a max message length above what the capacity allows, a negative channel id. Unsigned channel ids up
 * to 2^64-1 are accepted in decimal and 0x hex.
 */
class KekbitPropertyReportTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class));

    @Test
    void shouldReportAMaxMessageLengthAboveWhatTheCapacityAllowsAsWrittenWithItsOrigin()
    {
        withYaml(Map.of("kekbit.writers.orders.channel-id", "1", "kekbit.writers.orders.capacity", "64KB",
            "kekbit.writers.orders.max-message-length", "8KB")).run(context ->
            {
                final FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription())
                    .contains("Property: kekbit.writers.orders.max-message-length")
                    .contains("Value: 8KB\n")
                    .containsPattern("Origin: .*application.yaml \\(test\\).* - 3:5\n")
                    .contains("above what the capacity allows")
                    .contains("raise the capacity to at least 2MB");
                assertThat(analysis.getAction()).contains("1B to 496B for a capacity of 64KB");
            });
    }

    @Test
    void shouldShowDurationsAsWritten()
    {
        withYaml(Map.of("kekbit.writers.orders.channel-id", "1", "kekbit.writers.orders.heartbeat-interval", "1m"))
            .run(context ->
            {
                final FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription()).contains("Property: kekbit.writers.orders.heartbeat-interval")
                    .contains("Value: 1m\n").doesNotContain("PT");
                assertThat(analysis.getAction()).contains("shorter than the timeout (30s)");
            });
    }

    @Test
    void shouldUseTheLargestPayloadTheCapacityAllowsWhenMaxMessageLengthIsUnset()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.small.channel-id=3",
            "kekbit.writers.small.capacity=16KB").run(context ->
            {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean("small", Writer.class).header().maxMessageLength() - 8).isEqualTo(112);
            });
    }

    @Test
    void shouldReportANegativeChannelIdAsWritten()
    {
        withYaml(Map.of("kekbit.writers.orders.channel-id", "-5")).run(context ->
        {
            final FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription())
                .contains("Property: kekbit.writers.orders.channel-id")
                .contains("Value: -5\n")
                .containsPattern("Origin: .*application.yaml \\(test\\)")
                .contains("negative");
            assertThat(analysis.getAction()).contains("0 to 18446744073709551615, in decimal or 0x hex");
        });
        assertThat(Kekbit.storagePath(root, -5)).doesNotExist();
    }

    @Test
    void shouldAcceptUnsignedChannelIdsInDecimalAndHex()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root,
            "kekbit.writers.top.channel-id=18446744073709551615", "kekbit.writers.high.channel-id=0x8000000000000001",
            "kekbit.readers.top.channel-id=0xffffffffffffffff").run(context ->
            {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean("top", Writer.class).header().channelId()).isEqualTo(-1L);
                assertThat(context.getBean("high", Writer.class).header().channelId()).isEqualTo(0x8000000000000001L);
                assertThat(Kekbit.storagePath(root, -1L)).exists()
                    .hasFileName("ffff_ffff.kekbit").hasParent(root.resolve("ffff_ffff"));
            });
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.over.channel-id=18446744073709551616")
            .run(context -> assertThat(analysis(context).getDescription()).contains("not an unsigned 64-bit number"));
    }

    private ApplicationContextRunner withYaml(final Map<String, String> properties)
    {
        final ByteArrayResource resource = new ByteArrayResource(new byte[0], "application.yaml (test)");
        return contextRunner.withPropertyValues("kekbit.root-path=" + root).withInitializer(context ->
        {
            final java.util.LinkedHashMap<String, Object> values = new java.util.LinkedHashMap<>();
            int line = 0;
            for (final String key : new java.util.TreeSet<>(properties.keySet()))
            {
                values.put(key, OriginTrackedValue.of(properties.get(key),
                    new TextResourceOrigin(resource, new TextResourceOrigin.Location(line++, 4))));
            }
            context.getEnvironment().getPropertySources()
                .addFirst(new OriginTrackedMapPropertySource("application.yaml (test)", values));
        });
    }

    private static FailureAnalysis analysis(final AssertableApplicationContext context)
    {
        assertThat(context).hasFailed();
        final FailureAnalysis analysis = new KekbitFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }
}
