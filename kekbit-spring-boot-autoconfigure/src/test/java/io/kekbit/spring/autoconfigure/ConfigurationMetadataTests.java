package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks that the configuration processor ran (annotationProcessorPaths) and merged the hand-written metadata:
 * every kekbit property has a description, and the documented defaults are there.
 */
class ConfigurationMetadataTests
{
    @Test
    void shouldDescribeEveryPropertyWithDefaults() throws Exception
    {
        final Map<String, JsonNode> properties = new HashMap<>();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json"))
        {
            assertThat(in).as("generated metadata").isNotNull();
            JsonMapper.builder().build().readTree(in).path("properties")
                .forEach(node -> properties.put(node.path("name").asString(), node));
        }
        assertThat(properties).containsKeys("kekbit.root-path", "kekbit.listener.idle-strategy",
            "kekbit.listener.retry.max-attempts", "kekbit.writers.*.channel-id", "kekbit.writers.*.capacity",
            "kekbit.writers.*.on-existing", "kekbit.readers.*.start-from", "management.health.kekbit.enabled",
            "kekbit.writers.*.roll.enabled", "kekbit.writers.*.roll.preallocated-segments",
            "kekbit.writers.*.roll.retention.max-segments", "kekbit.writers.*.roll.retention.max-size",
            "kekbit.writers.*.roll.retention.max-age", "kekbit.writers.*.roll.retention.delete-unread",
            "kekbit.writers.*.roll.retention.interval", "kekbit.readers.*.roll",
            "kekbit.template.observation-enabled", "kekbit.listener.observation-enabled");
        properties.forEach((name, node) ->
        {
            if (name.startsWith("kekbit."))
            {
                assertThat(node.path("description").asString()).as(name).isNotBlank().doesNotContain("{@");
            }
        });
        assertThat(properties.get("kekbit.listener.idle-strategy").path("defaultValue").asString()).isEqualTo("backoff");
        assertThat(properties.get("kekbit.listener.retry.max-attempts").path("defaultValue").asInt()).isEqualTo(3);
        assertThat(properties.get("kekbit.writers.*.capacity").path("defaultValue").asString()).isEqualTo("1MB");
        assertThat(properties.get("kekbit.writers.*.roll.enabled").path("defaultValue").asBoolean(true)).isFalse();
        assertThat(properties.get("kekbit.writers.*.roll.retention.interval").path("defaultValue").asString())
            .isEqualTo("1s");
        assertThat(properties.get("kekbit.template.observation-enabled").path("defaultValue").asBoolean(true))
            .isFalse();
        assertThat(properties.get("kekbit.listener.observation-enabled").path("defaultValue").asBoolean(true))
            .isFalse();
    }
}
