package io.kekbit.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import io.kekbit.spring.actuate.KekbitEndpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class KekbitEndpointAutoConfigurationTests
{
    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, KekbitEndpointAutoConfiguration.class));

    @Test
    void shouldRegisterEndpointWhenExposed()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=3",
            "management.endpoints.web.exposure.include=kekbit").run(context ->
            {
                assertThat(context).hasSingleBean(KekbitEndpoint.class);
                final Map<String, Object> channels = context.getBean(KekbitEndpoint.class).channels();
                assertThat(channels).containsKeys("writers", "listeners");
                @SuppressWarnings("unchecked")
                final Map<String, Object> orders = (Map<String, Object>)context.getBean(KekbitEndpoint.class)
                    .channel("orders");
                assertThat(orders).containsEntry("channelId", 3L).containsEntry("state", "OPEN");
                assertThat(context.getBean(KekbitEndpoint.class).channel("missing")).isNull();
            });
    }

    @Test
    void shouldNotRegisterEndpointWhenNotExposed()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root)
            .run(context -> assertThat(context).doesNotHaveBean(KekbitEndpoint.class));
    }

    @Test
    void shouldBackOffWithoutActuator()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + root, "management.endpoints.web.exposure.include=kekbit")
            .withClassLoader(new FilteredClassLoader(Endpoint.class)).run(context ->
            {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(KekbitEndpoint.class);
            });
    }
}
