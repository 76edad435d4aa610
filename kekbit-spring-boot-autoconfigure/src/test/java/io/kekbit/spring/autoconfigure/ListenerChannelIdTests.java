package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListener;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A numeric {@code @KekbitListener(channel = ...)} is parsed by the same parser as the {@code channel-id}
 * properties: unsigned 64-bit in decimal or {@code 0x} hex, negatives refused with the same problem text; ids above
 * 2^63-1 reach the channel a writer of that id writes.
 */
class ListenerChannelIdTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String MAX_ID = "18446744073709551615";

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms", "kekbit.listener.start-from=beginning");

    /** Listens on the channel the {@code channel} property names. */
    static class ByIdListener
    {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "${channel}", id = "by-id")
        void onText(final String text)
        {
            seen.add(text);
        }
    }

    @Test
    void shouldParseLikeTheChannelIdProperties()
    {
        assertThat(PropertiesListenerEndpointResolver.parseChannelId("42")).isEqualTo(42L);
        assertThat(PropertiesListenerEndpointResolver.parseChannelId("0x2a")).isEqualTo(42L);
        assertThat(PropertiesListenerEndpointResolver.parseChannelId("0X2A")).isEqualTo(42L);
        assertThat(PropertiesListenerEndpointResolver.parseChannelId(MAX_ID)).isEqualTo(-1L);
        assertThat(PropertiesListenerEndpointResolver.parseChannelId("9223372036854775808"))
            .isEqualTo(Long.MIN_VALUE);
        assertThat(PropertiesListenerEndpointResolver.parseChannelId("0xffffffffffffffff")).isEqualTo(-1L);
        assertThat(PropertiesListenerEndpointResolver.parseChannelId("1_001"))
            .isEqualTo(KekbitPropertiesValidator.channelId("kekbit.readers.x.channel-id", "1_001")).isEqualTo(1001L);
    }

    @Test
    void shouldRefuseANegativeIdWithThePropertiesProblemText()
    {
        final String problem = problem("kekbit.readers.x.channel-id", "-1");
        assertThat(problem).startsWith("negative (a channel id is unsigned");
        assertThatIllegalStateException().isThrownBy(() -> PropertiesListenerEndpointResolver.parseChannelId("-1"))
            .withMessage("channel '-1': " + problem + " (allowed: a key of kekbit.readers or kekbit.writers, or a " +
                "channel id " + KekbitPropertiesValidator.CHANNEL_IDS + ")");
    }

    @Test
    void shouldRefuseAnIdAboveTwoToTheSixtyFourMinusOne()
    {
        final String problem = problem("kekbit.readers.x.channel-id", "18446744073709551616");
        assertThat(problem).isEqualTo("not an unsigned 64-bit number");
        assertThatIllegalStateException()
            .isThrownBy(() -> PropertiesListenerEndpointResolver.parseChannelId("18446744073709551616"))
            .withMessageStartingWith("channel '18446744073709551616': not an unsigned 64-bit number (allowed: ");
        assertThatIllegalStateException()
            .isThrownBy(() -> PropertiesListenerEndpointResolver.parseChannelId("0x1ffffffffffffffff"))
            .withMessageStartingWith("channel '0x1ffffffffffffffff': not an unsigned 64-bit number (allowed: ");
    }

    @Test
    void shouldReportANameThatIsNoNumberAsAnUnknownChannel()
    {
        assertThatIllegalStateException().isThrownBy(() -> PropertiesListenerEndpointResolver.parseChannelId("nowhere"))
            .withMessage("unknown channel 'nowhere' (allowed: a key of kekbit.readers or kekbit.writers, or a " +
                "channel id " + KekbitPropertiesValidator.CHANNEL_IDS + ")");
    }

    @Test
    void shouldListenByAnIdAboveLongMaxValueInDecimalAndInHex()
    {
        for (final String channel : List.of(MAX_ID, "0xFFFFFFFFFFFFFFFF"))
        {
            contextRunner.withPropertyValues("kekbit.root-path=" + root.resolve(channel),
                "kekbit.writers.top.channel-id=" + MAX_ID, "channel=" + channel)
                .withBean(ByIdListener.class).run(context ->
                {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("by-id")
                        .getEndpoint().channelId()).isEqualTo(-1L);
                    context.getBean(KekbitTemplate.class).send("top", "over the top via " + channel);
                    final ByIdListener listener = context.getBean(ByIdListener.class);
                    await().atMost(WAIT).until(() -> listener.seen.size() == 1);
                    assertThat(listener.seen).containsExactly("over the top via " + channel);
                });
        }
    }

    @Test
    void shouldFailStartupOnANegativeIdNamingTheListenerMethod()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "channel=-7").withBean(ByIdListener.class)
            .run(context ->
            {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasMessageContaining("channel '-7': negative (a channel id " +
                    "is unsigned");
                final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer()
                    .analyze(context.getStartupFailure());
                assertThat(analysis.getDescription()).contains("ByIdListener.onText(java.lang.String)")
                    .contains("channel '-7': negative");
            });
    }

    private static String problem(final String property, final String value)
    {
        try
        {
            KekbitPropertiesValidator.channelId(property, value);
        }
        catch (final InvalidKekbitPropertyException ex)
        {
            return ex.getProblem();
        }
        throw new AssertionError("accepted " + value);
    }
}
