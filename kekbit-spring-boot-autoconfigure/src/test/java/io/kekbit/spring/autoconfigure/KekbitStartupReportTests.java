package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Startup failures of writers that are not about a property's value, each a FailureAnalyzer report with an action
 * that works: an existing channel (closed, or with {@code on-existing: fail}), a channel held by a live writer, a
 * root path that cannot hold channels, a writer name taken by another bean.
 */
class KekbitStartupReportTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class));

    private ApplicationContextRunner withRoot()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root);
    }

    @Test
    void shouldReportAChannelClosedByItsPreviousWriterByDefaultAndKeepIt() throws Exception
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(0, 1, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            writer.write(new byte[] {1, 2, 3}, 0, 3);
        }
        final byte[] before = Files.readAllBytes(Kekbit.storagePath(root, 1));
        withRoot().withPropertyValues("kekbit.writers.orders.channel-id=1").run(context ->
        {
            final FailureAnalysis analysis = analysis(context);
            assertThat(analysis.getDescription())
                .contains("kekbit could not start writer 'orders' (kekbit.writers.orders)")
                .contains(Kekbit.storagePath(root, 1).toString())
                .contains("was closed by its previous writer");
            assertThat(analysis.getAction())
                .contains("kekbit.writers.orders.roll.enabled=true")
                .contains("kekbit.writers.orders.on-existing=recreate");
        });
        assertThat(Files.readAllBytes(Kekbit.storagePath(root, 1))).isEqualTo(before);
    }

    @Test
    void shouldReportAnExistingChannelWithOnExistingFailAndSuggestWhatWorks()
    {
        Kekbit.shmWriter(root, Header.of(0, 1, 16384, 100, 1000, TickUnit.MILLIS)).close();
        withRoot().withPropertyValues("kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.on-existing=fail")
            .run(context ->
            {
                final FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription()).contains("already exists and kekbit.writers.orders.on-existing " +
                    "is fail");
                assertThat(analysis.getAction()).contains("kekbit.writers.orders.on-existing to resume")
                    .contains("or to recreate").doesNotContain("allowed value");
            });
    }

    @Test
    void shouldReportAChannelHeldByALiveWriterOfThisProcessEvenWithRecreate() throws Exception
    {
        try (Writer live = Kekbit.shmWriter(root, Header.of(0, 1, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            live.write(new byte[] {1}, 0, 1);
            final byte[] before = Files.readAllBytes(Kekbit.storagePath(root, 1));
            for (final String onExisting : new String[] {"resume", "recreate", "fail"})
            {
                withRoot().withPropertyValues("kekbit.writers.orders.channel-id=1",
                    "kekbit.writers.orders.on-existing=" + onExisting).run(context ->
                    {
                        final FailureAnalysis analysis = analysis(context);
                        assertThat(analysis.getDescription())
                            .contains(Kekbit.storagePath(root, 1) + " is written by a live writer: process " +
                                ProcessHandle.current().pid() + " (this process)");
                        assertThat(analysis.getAction()).contains("Stop the other instance")
                            .contains("kekbit.writers.orders.channel-id");
                    });
            }
            assertThat(Files.readAllBytes(Kekbit.storagePath(root, 1))).isEqualTo(before);
            assertThat(live.write(new byte[] {2}, 0, 1)).isPositive();
        }
    }

    @Test
    void shouldReportARootPathThatIsAFile() throws Exception
    {
        final Path file = Files.writeString(root.resolve("not-a-folder"), "x");
        contextRunner.withPropertyValues("kekbit.root-path=" + file, "kekbit.writers.orders.channel-id=1")
            .run(context ->
            {
                final FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription())
                    .contains("the channel cannot be created under kekbit.root-path=" + file)
                    .contains("COULD_NOT_ACCESS_STORAGE")
                    .containsPattern("Exception: " + java.util.regex.Pattern.quote(file.toString()));
                assertThat(analysis.getAction()).startsWith("Set kekbit.root-path to a writable directory");
            });
    }

    @Test
    void shouldReportAWriterNamedLikeAnotherBean()
    {
        withRoot().withPropertyValues("kekbit.writers.orderService.channel-id=1")
            .withBean("orderService", StringBuilder.class).run(context ->
            {
                final FailureAnalysis analysis = analysis(context);
                assertThat(analysis.getDescription())
                    .contains("kekbit could not start writer 'orderService' (kekbit.writers.orderService)")
                    .contains("the writer's bean name 'orderService' is taken by another bean: 'orderService' of " +
                        "type java.lang.StringBuilder");
                assertThat(analysis.getAction()).contains("Rename the writer");
            });
        assertThat(Kekbit.storagePath(root, 1)).doesNotExist();
    }

    private static FailureAnalysis analysis(final AssertableApplicationContext context)
    {
        assertThat(context).hasFailed();
        final FailureAnalysis analysis = new KekbitStartupFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }
}
