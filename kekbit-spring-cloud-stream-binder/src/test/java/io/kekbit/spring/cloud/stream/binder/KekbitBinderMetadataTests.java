package io.kekbit.spring.cloud.stream.binder;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kekbit.spring.cloud.stream.binder.properties.KekbitBinderConfigurationProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitConsumerProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitProducerProperties;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every binder, producer and consumer property is described in the configuration metadata.
 */
class KekbitBinderMetadataTests
{
    @Test
    void shouldDescribeEveryProperty() throws Exception
    {
        final Set<String> names = new HashSet<>();
        for (final String file : List.of("META-INF/spring-configuration-metadata.json",
            "META-INF/additional-spring-configuration-metadata.json"))
        {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file))
            {
                assertThat(in).as(file).isNotNull();
                final List<Map<String, Object>> properties = JsonPath.parse(in).read("$.properties");
                properties.forEach(p ->
                {
                    names.add((String)p.get("name"));
                    assertThat((String)p.get("description")).as("description of %s", p.get("name")).isNotBlank();
                });
            }
        }
        assertThat(names).containsAll(expected("spring.cloud.stream.kekbit.binder.",
            KekbitBinderConfigurationProperties.class));
        assertThat(names).containsAll(expected("spring.cloud.stream.kekbit.default.producer.",
            KekbitProducerProperties.class));
        assertThat(names).containsAll(expected("spring.cloud.stream.kekbit.default.consumer.",
            KekbitConsumerProperties.class));
        assertThat(names).containsAll(expected("spring.cloud.stream.kekbit.default.consumer.dlq-producer-properties.",
            KekbitProducerProperties.class));
    }

    private static Set<String> expected(final String prefix, final Class<?> type) throws Exception
    {
        final Set<String> names = new HashSet<>();
        for (final PropertyDescriptor property : Introspector.getBeanInfo(type, Object.class).getPropertyDescriptors())
        {
            final String name = property.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT);
            if ("retention".equals(property.getName()))
            {
                for (final String nested : List.of("max-segments", "max-size", "max-age", "delete-unread", "interval"))
                {
                    names.add(prefix + "retention." + nested);
                }
            }
            else if (!"dlq-producer-properties".equals(name))
            {
                names.add(prefix + name);
            }
        }
        return names;
    }
}
