package io.kekbit.spring.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.Readers;
import io.kekbit.core.envelope.EnvelopeDecoder;
import io.kekbit.spring.autoconfigure.InvalidKekbitPropertyException;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.micrometer.observation.transport.SenderContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.support.MessageBuilder;

/**
 * {@code kekbit.template} observations of real sends to real channels: names and key values, the record's position,
 * errors, a user convention, the property's default and its startup failure without a registry, and a propagating
 * handler's header written first into the envelope of the record on disk.
 */
class KekbitTemplateObservationTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
        .withPropertyValues("kekbit.writers.orders.channel-id=7", "kekbit.writers.orders.envelope=true",
            "kekbit.writers.orders.max-message-length=256B", "kekbit.writers.plain.channel-id=8");

    /** Writes a fixed {@code traceparent} through the sender context's setter, as a tracing handler does. */
    static final class InjectingHandler implements ObservationHandler<SenderContext<?>>
    {
        static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        @Override
        public void onStart(final SenderContext<?> context)
        {
            inject(context);
        }

        private static <C> void inject(final SenderContext<C> context)
        {
            context.getSetter().set(context.getCarrier(), "traceparent", TRACEPARENT);
        }

        @Override
        public boolean supportsContext(final Observation.Context context)
        {
            return context instanceof SenderContext;
        }
    }

    @Test
    void shouldObserveSendsWithTheDocumentedKeys()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.template.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations).run(context ->
            {
                final long position = context.getBean(KekbitTemplate.class).send("orders", "a-1");
                TestObservationRegistryAssert.assertThat(observations).hasNumberOfObservationsEqualTo(1)
                    .hasObservationWithNameEqualTo("kekbit.template").that()
                    .hasContextualNameEqualTo("orders send")
                    .hasBeenStarted().hasBeenStopped().doesNotHaveError()
                    .hasLowCardinalityKeyValue("messaging.system", "kekbit")
                    .hasLowCardinalityKeyValue("messaging.operation", "publish")
                    .hasLowCardinalityKeyValue("messaging.destination.name", "orders")
                    .hasLowCardinalityKeyValue("messaging.destination.kind", "channel")
                    .hasLowCardinalityKeyValue("kekbit.channel.id", "7")
                    .hasHighCardinalityKeyValue("kekbit.record.position", Long.toString(position))
                    .hasHighCardinalityKeyValue("messaging.message.body.size", "3");
            });
    }

    @Test
    void shouldRecordARefusedSendAsAnErrorWithoutPosition()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.template.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations).run(context ->
            {
                assertThatThrownBy(() -> context.getBean(KekbitTemplate.class).send("orders", new byte[1000]))
                    .isInstanceOf(KekbitSendException.class);
                TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("kekbit.template").that()
                    .hasBeenStopped().hasError().thenError().isInstanceOf(KekbitSendException.class);
                TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("kekbit.template").that()
                    .doesNotHaveHighCardinalityKeyValueWithKey("kekbit.record.position");
            });
    }

    @Test
    void shouldNotObserveByDefault()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .withBean(ObservationRegistry.class, () -> observations).run(context ->
            {
                assertThat(context.getBean(KekbitTemplate.class).send("orders", "a-1")).isNotNegative();
                TestObservationRegistryAssert.assertThat(observations).doesNotHaveAnyObservation();
            });
    }

    @Test
    void shouldUseTheApplicationsConvention()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.template.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations)
            .withBean(KekbitTemplateObservationConvention.class, () -> new DefaultKekbitTemplateObservationConvention()
            {
                @Override
                public KeyValues getLowCardinalityKeyValues(final KekbitRecordSenderContext context)
                {
                    return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
                }
            }).run(context ->
            {
                context.getBean(KekbitTemplate.class).send("plain", "x");
                TestObservationRegistryAssert.assertThat(observations)
                    .hasObservationWithNameEqualTo("kekbit.template").that()
                    .hasLowCardinalityKeyValue("tenant", "acme")
                    .hasLowCardinalityKeyValue("messaging.destination.name", "plain")
                    .hasLowCardinalityKeyValue("kekbit.channel.id", "8");
            });
    }

    @Test
    void shouldFailStartupNamingThePropertyWithoutARegistry()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.template.observation-enabled=true")
            .run(context ->
            {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(InvalidKekbitPropertyException.class)
                    .hasMessageContaining("kekbit.template.observation-enabled=true")
                    .hasMessageContaining("no unique ObservationRegistry bean");
            });
    }

    @Test
    void shouldWritePropagatedHeadersFirstInTheEnvelope()
    {
        final TestObservationRegistry observations = TestObservationRegistry.create();
        observations.observationConfig().observationHandler(new InjectingHandler());
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.template.observation-enabled=true")
            .withBean(ObservationRegistry.class, () -> observations).run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                template.send("orders", MessageBuilder.withPayload("a-1").setHeader("traceparent", "stale")
                    .setHeader("tenant", "acme").build());
                template.send("plain", "raw");
                final List<String> headers = new ArrayList<>();
                try (Reader reader = Kekbit.shmReader(root, 7))
                {
                    final EnvelopeDecoder decoder = new EnvelopeDecoder();
                    Readers.drain(reader, (buffer, offset, length, position) ->
                    {
                        assertThat(decoder.wrap(buffer, offset, length)).isNull();
                        while (decoder.next())
                        {
                            headers.add(decoder.key() + "=" + decoder.stringValue());
                        }
                    });
                }
                assertThat(headers).as("the propagated header first, then the message's (in map order)")
                    .startsWith("traceparent=" + InjectingHandler.TRACEPARENT)
                    .containsExactlyInAnyOrder("traceparent=" + InjectingHandler.TRACEPARENT, "traceparent=stale",
                        "tenant=acme");
                TestObservationRegistryAssert.assertThat(observations).hasNumberOfObservationsEqualTo(2);
            });
    }
}
