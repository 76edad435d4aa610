package io.kekbit.spring.test.utils;

import java.nio.file.Path;
import java.time.Duration;

import io.kekbit.core.Kekbit;
import io.kekbit.journal.Journal;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link KekbitRecords#of} resolving writer and reader names in a real context with the kekbit auto-configuration.
 */
class KekbitRecordsContextTests
{
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class));

    @TempDir
    Path root;

    @Test
    void shouldReadTheChannelOfAWriterOrReaderAndTheJournalOfARollWriterByName()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root,
            "kekbit.writers.orders.channel-id=3",
            "kekbit.writers.audit.channel-id=4", "kekbit.writers.audit.roll.enabled=true",
            "kekbit.readers.incoming.channel-id=3").run(context ->
            {
                assertThat(context).hasNotFailed();
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                final long order = template.send("orders", "o-1");
                final long audit = template.send("audit", "a-1");

                assertThat(KekbitRecords.of(context, "orders").await(1, DELIVERY)).singleElement()
                    .satisfies(record -> assertThat(record.position()).isEqualTo(order))
                    .satisfies(record -> assertThat(record.asString()).isEqualTo("o-1"));
                assertThat(KekbitRecords.of(context, "incoming").readAll())
                    .isEqualTo(KekbitRecords.of(context, "orders").readAll());
                assertThat(KekbitRecords.of(context, "audit").await(1, DELIVERY)).singleElement()
                    .satisfies(record -> assertThat(record.position()).isEqualTo(audit))
                    .satisfies(record -> assertThat(record.asString()).isEqualTo("a-1"));
                assertThat(KekbitRecords.of(context, "orders")).hasToString("KekbitRecords of channel 'orders' " +
                    "(id 0x3, file " + Kekbit.storagePath(root, 3) + ")");
                assertThat(KekbitRecords.of(context, "audit")).hasToString("KekbitRecords of journal 'audit' " +
                    "(id 4, folder " + Journal.folder(root, 4) + ")");
            });
    }

    @Test
    void shouldNameTheKnownWritersAndReadersForAnUnknownName()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=3",
            "kekbit.readers.incoming.channel-id=3").run(context -> assertThatIllegalArgumentException()
                .isThrownBy(() -> KekbitRecords.of(context, "order"))
                .withMessage("no kekbit.writers.order nor kekbit.readers.order in this context: name=order " +
                    "(writers: [orders], readers: [incoming])"));
    }
}
