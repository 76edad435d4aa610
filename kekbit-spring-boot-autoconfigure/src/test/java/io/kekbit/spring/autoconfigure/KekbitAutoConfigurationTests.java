package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.WriteError;
import io.kekbit.core.Writer;
import io.kekbit.spring.core.KekbitMessageConverter;
import io.kekbit.spring.core.KekbitSendException;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.listener.KekbitListenerEndpointRegistry;
import io.kekbit.spring.listener.StartFrom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import tools.jackson.databind.json.JsonMapper;

class KekbitAutoConfigurationTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class));

    record Order(String id, int quantity)
    {
    }

    private ApplicationContextRunner withRoot()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root);
    }

    @Test
    void shouldCreateDefaultBeansWithoutWriters()
    {
        withRoot().run(context ->
        {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(KekbitTemplate.class);
            assertThat(context).hasSingleBean(KekbitListenerEndpointRegistry.class);
            assertThat(context).hasSingleBean(KekbitMessageConverter.class);
            assertThat(context).doesNotHaveBean(Writer.class);
            final KekbitProperties properties = context.getBean(KekbitProperties.class);
            assertThat(properties.getListener().getIdleStrategy()).isEqualTo("backoff");
            assertThat(properties.getListener().isAutoStartup()).isTrue();
            assertThat(properties.getListener().getStartFrom()).isEqualTo(StartFrom.DURABLE);
        });
    }

    @Test
    void shouldDefaultRootPathToTempFolder()
    {
        contextRunner.run(context -> assertThat(context.getBean(KekbitProperties.class).getRootPath())
            .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "kekbit")));
    }

    @Test
    void shouldBindEveryWriterAndReaderProperty()
    {
        withRoot().withPropertyValues(
            "kekbit.writers.orders.channel-id=7",
            "kekbit.writers.orders.writer-id=3",
            "kekbit.writers.orders.capacity=64KB",
            "kekbit.writers.orders.max-message-length=256B",
            "kekbit.writers.orders.timeout=2m",
            "kekbit.writers.orders.tick-unit=micros",
            "kekbit.writers.orders.heartbeat-interval=0",
            "kekbit.writers.orders.on-existing=recreate",
            "kekbit.readers.feed.channel-id=9",
            "kekbit.readers.feed.wait-timeout=5s",
            "kekbit.readers.feed.start-from=end",
            "kekbit.readers.feed.durable-name=feed-view",
            "kekbit.listener.idle-strategy=sleep-2ms",
            "kekbit.listener.max-records-per-poll=10",
            "kekbit.listener.retry.max-attempts=5",
            "kekbit.listener.retry.multiplier=2",
            "kekbit.listener.dead-letter=orders",
            "kekbit.listener.stop-on-error=true").run(context ->
            {
                assertThat(context).hasNotFailed();
                final KekbitProperties properties = context.getBean(KekbitProperties.class);
                final KekbitProperties.WriterProperties orders = properties.getWriters().get("orders");
                assertThat(orders.getChannelId()).isEqualTo("7");
                assertThat(orders.getWriterId()).isEqualTo(3L);
                assertThat(orders.getCapacity()).isEqualTo(DataSize.ofKilobytes(64));
                assertThat(orders.getMaxMessageLength()).isEqualTo(DataSize.ofBytes(256));
                assertThat(orders.getTimeout()).isEqualTo(Duration.ofMinutes(2));
                assertThat(orders.getTickUnit()).isEqualTo("micros");
                assertThat(orders.getOnExisting()).isEqualTo(KekbitProperties.OnExisting.RECREATE);
                final KekbitReaderProperties feed = properties.getReaders().get("feed");
                assertThat(feed.getChannelId()).isEqualTo("9");
                assertThat(feed.getWaitTimeout()).isEqualTo(Duration.ofSeconds(5));
                assertThat(feed.getStartFrom()).isEqualTo(StartFrom.END);
                assertThat(feed.getDurableName()).isEqualTo("feed-view");
                assertThat(properties.getListener().getRetry().getMaxAttempts()).isEqualTo(5);
                assertThat(properties.getListener().isStopOnError()).isTrue();

                final Writer writer = context.getBean("orders", Writer.class);
                final Header header = writer.header();
                assertThat(header.channelId()).isEqualTo(7L);
                assertThat(header.writerId()).isEqualTo(3L);
                assertThat(header.capacity()).isEqualTo(64 * 1024);
                assertThat(header.tickUnit()).isEqualTo(TickUnit.MICROS);
                assertThat(header.timeoutDuration()).isEqualTo(Duration.ofMinutes(2));
            });
    }

    @Test
    void shouldCreateWriterBeanAndCloseChannelWithContext()
    {
        withRoot().withPropertyValues("kekbit.writers.orders.channel-id=1").run(context ->
        {
            assertThat(context).hasSingleBean(Writer.class);
            assertThat(context).getBean("orders").isInstanceOf(Writer.class);
            final KekbitTemplate template = context.getBean(KekbitTemplate.class);
            final long first = template.send("orders", "hello");
            final long second = template.send("orders", "world".getBytes(StandardCharsets.UTF_8));
            final long third = template.send("orders", ByteBuffer.wrap(new byte[] {1, 2, 3}));
            final long fourth = template.send("orders", (Object)new Order("A-1", 3));
            assertThat(first).isLessThan(second);
            assertThat(second).isLessThan(third);
            assertThat(third).isLessThan(fourth);
        });
        final List<String> payloads = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, 1))
        {
            long result;
            do
            {
                result = reader.read((buffer, offset, length, position) ->
                {
                    final byte[] bytes = new byte[length];
                    buffer.get(offset, bytes);
                    payloads.add(new String(bytes, StandardCharsets.UTF_8));
                }, 100);
            }
            while (result > 0);
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
        }
        assertThat(payloads).hasSize(4);
        assertThat(payloads.get(0)).isEqualTo("hello");
        assertThat(payloads.get(1)).isEqualTo("world");
        assertThat(payloads.get(3)).isEqualTo("{\"id\":\"A-1\",\"quantity\":3}");
    }

    @Test
    void shouldReportRefusedSendsWithChannelCapacityAndSize()
    {
        withRoot().withPropertyValues("kekbit.writers.small.channel-id=2", "kekbit.writers.small.capacity=16KB",
            "kekbit.writers.small.max-message-length=64B").run(context ->
            {
                final KekbitTemplate template = context.getBean(KekbitTemplate.class);
                assertThatThrownBy(() -> template.send("small", new byte[100]))
                    .isInstanceOf(KekbitSendException.class)
                    .hasMessageContaining("writer 'small'")
                    .hasMessageContaining("100 bytes")
                    .hasMessageContaining("NO_SPACE_FOR_RECORD")
                    .hasMessageContaining("channel 0x2")
                    .hasMessageContaining("capacity 16384 bytes");
                assertThat(template.failureCount("small", WriteError.NO_SPACE_FOR_RECORD)).isEqualTo(1);
                final KekbitSendException full = fill(template);
                assertThat(full.getReason()).isIn(WriteError.CHANNEL_FULL, WriteError.NO_SPACE_FOR_RECORD);
                assertThat(full.getMessage()).contains("capacity 16384 bytes").contains("of 56 bytes");
            });
    }

    private static KekbitSendException fill(final KekbitTemplate template)
    {
        for (int i = 0; i < 1000; i++)
        {
            try
            {
                template.send("small", new byte[64 - 8]);
            }
            catch (final KekbitSendException ex)
            {
                return ex;
            }
        }
        throw new AssertionError("channel never filled");
    }

    @Test
    void shouldRejectUnknownWriterName()
    {
        withRoot().run(context -> assertThatThrownBy(() -> context.getBean(KekbitTemplate.class).send("nope", "x"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no kekbit writer named 'nope'"));
    }

    @Test
    void shouldLetUserWriterBeanTakePrecedence() throws Exception
    {
        final Path otherRoot = Files.createDirectories(root.resolve("user"));
        withRoot().withPropertyValues("kekbit.writers.orders.channel-id=1")
            .withBean("orders", Writer.class,
                () -> Kekbit.shmWriter(otherRoot, Header.of(0, 99, 16384, 100, 1000, TickUnit.MILLIS)))
            .run(context ->
            {
                assertThat(context).hasSingleBean(Writer.class);
                assertThat(context.getBean("orders", Writer.class).header().channelId()).isEqualTo(99L);
                context.getBean(KekbitTemplate.class).send("orders", "to the user's writer");
                assertThat(Files.exists(Kekbit.storagePath(root, 1))).isFalse();
            });
    }

    @Test
    void shouldLetUserTemplateAndConverterTakePrecedence()
    {
        final KekbitMessageConverter converter = new KekbitMessageConverter()
        {
            @Override
            public byte[] toBytes(final Object payload)
            {
                return payload.toString().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public Object fromBytes(final byte[] bytes, final int offset, final int length, final java.lang.reflect.Type t)
            {
                return new String(bytes, offset, length, StandardCharsets.UTF_8);
            }
        };
        final KekbitTemplate template = new KekbitTemplate(name -> null, converter);
        withRoot().withBean(KekbitTemplate.class, () -> template).withBean(KekbitMessageConverter.class, () -> converter)
            .run(context ->
            {
                assertThat(context.getBean(KekbitTemplate.class)).isSameAs(template);
                assertThat(context.getBean(KekbitMessageConverter.class)).isSameAs(converter);
            });
    }

    @Test
    void shouldWorkWithoutJackson()
    {
        withRoot().withClassLoader(new FilteredClassLoader(JsonMapper.class))
            .withPropertyValues("kekbit.writers.orders.channel-id=1").run(context ->
            {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(KekbitMessageConverter.class);
                assertThat(context.getBean(KekbitTemplate.class).send("orders", "text")).isGreaterThanOrEqualTo(0);
            });
    }

    @Test
    void shouldFailWhenChannelIdIsMissing()
    {
        assertInvalid("kekbit.writers.orders.channel-id", "0 to 18446744073709551615",
            "kekbit.writers.orders.capacity=1MB");
    }

    @Test
    void shouldFailWhenCapacityIsTooSmall()
    {
        assertInvalid("kekbit.writers.orders.capacity", "16384B (16KB) to",
            "kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.capacity=8KB");
    }

    @Test
    void shouldFailWhenCapacityIsTooLarge()
    {
        assertInvalid("kekbit.writers.orders.capacity", "16384B (16KB) to",
            "kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.capacity=8GB");
    }

    @Test
    void shouldFailOnUnknownTickUnit()
    {
        assertInvalid("kekbit.writers.orders.tick-unit", "nanos, micros, millis, secs",
            "kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.tick-unit=fortnights");
    }

    @Test
    void shouldFailWhenHeartbeatIsNotShorterThanTimeout()
    {
        assertInvalid("kekbit.writers.orders.heartbeat-interval", "a duration shorter than the timeout",
            "kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.timeout=5s",
            "kekbit.writers.orders.heartbeat-interval=5s");
    }

    @Test
    void shouldFailWhenTwoWritersShareAChannel()
    {
        assertInvalid("kekbit.writers.b.channel-id", "a channel id no other writer uses",
            "kekbit.writers.a.channel-id=5", "kekbit.writers.b.channel-id=5");
    }

    @Test
    void shouldFailOnNameEscapingTheRoot()
    {
        assertInvalid("kekbit.readers.feed.durable-name", "1-64 characters of A-Z a-z 0-9 _ -",
            "kekbit.readers.feed.channel-id=5", "kekbit.readers.feed.durable-name=../../etc");
    }

    @Test
    void shouldFailOnUnknownDeadLetterWriter()
    {
        assertInvalid("kekbit.listener.dead-letter", "a key of kekbit.writers", "kekbit.listener.dead-letter=dlq");
    }

    @Test
    void shouldFailOnUnknownIdleStrategy()
    {
        assertInvalid("kekbit.listener.idle-strategy", "busy-spin, yield, backoff",
            "kekbit.listener.idle-strategy=nap");
    }

    @Test
    void shouldRecreateAnExistingChannelWithItsPositionsOnlyWhenAsked()
    {
        Kekbit.shmWriter(root, Header.of(0, 1, 16384, 100, 1000, TickUnit.MILLIS)).close();
        final Path position = io.kekbit.core.layout.StorageDescriptor.positionPath(root, 1, "old-reader");
        io.kekbit.core.DurablePosition.open(position).close();
        final Path otherChannel = io.kekbit.core.layout.StorageDescriptor.positionPath(root, 2, "old-reader");
        io.kekbit.core.DurablePosition.open(otherChannel).close();
        withRoot().withPropertyValues("kekbit.writers.orders.channel-id=1", "kekbit.writers.orders.on-existing=recreate")
            .run(context ->
            {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean("orders", Writer.class).writeOffset()).isLessThanOrEqualTo(8L);
                assertThat(position).doesNotExist();
                assertThat(otherChannel).exists();
            });
    }

    private void assertInvalid(final String property, final String allowed, final String... properties)
    {
        withRoot().withPropertyValues(properties).run(context ->
        {
            assertThat(context).hasFailed();
            final Throwable failure = context.getStartupFailure();
            final FailureAnalysis analysis = new KekbitFailureAnalyzer().analyze(failure);
            assertThat(analysis).as("analysis of %s", failure).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: " + property);
            assertThat(analysis.getAction()).contains(property).contains(allowed);
        });
    }
}
