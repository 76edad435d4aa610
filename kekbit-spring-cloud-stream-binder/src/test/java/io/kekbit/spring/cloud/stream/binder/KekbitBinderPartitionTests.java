package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kekbit.journal.Journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one consumer group share a partitioned destination: each record is handled once, by the instance
 * that owns its partition.
 */
class KekbitBinderPartitionTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RECORDS = 40;

    @TempDir
    Path root;

    @Test
    void shouldHandleEachRecordOnceAcrossTwoInstancesOfAGroup()
    {
        try (ConfigurableApplicationContext first = instance(0,
                "spring.cloud.stream.bindings.out.destination=work",
                "spring.cloud.stream.bindings.out.producer.partition-count=2",
                "spring.cloud.stream.bindings.out.producer.partition-key-expression=headers['key']");
            ConfigurableApplicationContext second = instance(1))
        {
            final StreamBridge bridge = first.getBean(StreamBridge.class);
            for (int i = 0; i < RECORDS; i++)
            {
                assertThat(bridge.send("out", MessageBuilder.withPayload("job-" + i).setHeader("key", i).build()))
                    .isTrue();
            }
            final StreamApps.Received a = first.getBean(StreamApps.Received.class);
            final StreamApps.Received b = second.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> a.messages.size() + b.messages.size() >= RECORDS);
            final List<String> all = new ArrayList<>(a.payloads());
            all.addAll(b.payloads());
            assertThat(all).hasSize(RECORDS);
            final Set<String> distinct = new HashSet<>(all);
            assertThat(distinct).hasSize(RECORDS);
            assertThat(a.payloads()).isNotEmpty().allMatch(p -> Integer.parseInt(p.substring(4)) % 2 == 0);
            assertThat(b.payloads()).isNotEmpty().allMatch(p -> Integer.parseInt(p.substring(4)) % 2 == 1);
            assertThat(a.messages.get(0).getHeaders().get("kekbit_channelName")).isEqualTo("work-0");
            assertThat(b.messages.get(0).getHeaders().get("kekbit_channelName")).isEqualTo("work-1");
        }
        assertThat(Files.isDirectory(Journal.folder(root, (int)DestinationIds.derive("work-0")))).isTrue();
        assertThat(Files.isDirectory(Journal.folder(root, (int)DestinationIds.derive("work-1")))).isTrue();
    }

    private ConfigurableApplicationContext instance(final int index, final String... more)
    {
        final List<String> properties = new ArrayList<>(List.of(
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=work",
            "spring.cloud.stream.bindings.sink-in-0.group=workers",
            "spring.cloud.stream.bindings.sink-in-0.consumer.partitioned=true",
            "spring.cloud.stream.bindings.sink-in-0.consumer.instance-count=2",
            "spring.cloud.stream.bindings.sink-in-0.consumer.instance-index=" + index));
        properties.addAll(List.of(more));
        return StreamApps.start(root, properties.toArray(new String[0]));
    }
}
