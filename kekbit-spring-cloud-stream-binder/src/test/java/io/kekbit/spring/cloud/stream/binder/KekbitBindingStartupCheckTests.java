package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.kekbit.spring.cloud.stream.binder.properties.KekbitBinderConfigurationProperties;
import io.kekbit.spring.cloud.stream.binder.properties.KekbitExtendedBindingProperties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.stream.config.BindingProperties;
import org.springframework.cloud.stream.config.BindingServiceProperties;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The startup check locks only the groups of the bindings this application binds on the kekbit binder.
 */
class KekbitBindingStartupCheckTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** One configuration shared by two applications, each binding its own function (the usual layout). */
    private static final String[] SHARED = {
        "spring.cloud.stream.bindings.sink-in-0.destination=orders",
        "spring.cloud.stream.bindings.sink-in-0.group=billing",
        "spring.cloud.stream.bindings.audit-in-0.destination=invoices",
        "spring.cloud.stream.bindings.audit-in-0.group=audit",
        "spring.cloud.stream.bindings.orders-out.destination=orders",
        "spring.cloud.stream.bindings.invoices-out.destination=invoices"};

    @TempDir
    Path root;

    @Test
    void shouldStartTwoApplicationsSharingOneConfiguration()
    {
        try (ConfigurableApplicationContext billing = start("spring.cloud.function.definition=sink");
            ConfigurableApplicationContext audit = start("spring.cloud.function.definition=audit"))
        {
            billing.getBean(StreamBridge.class).send("orders-out", MessageBuilder.withPayload("order-1").build());
            audit.getBean(StreamBridge.class).send("invoices-out", MessageBuilder.withPayload("invoice-1").build());
            final StreamApps.Received orders = billing.getBean(StreamApps.Received.class);
            final Audited invoices = audit.getBean(Audited.class);
            await().atMost(WAIT).until(() -> orders.messages.size() == 1 && invoices.payloads.size() == 1);
            assertThat(orders.payloads()).containsExactly("order-1");
            assertThat(invoices.payloads).containsExactly("invoice-1");
            assertThat(billing.getBean(Audited.class).payloads).isEmpty();
            assertThat(audit.getBean(StreamApps.Received.class).messages).isEmpty();
        }
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void shouldProvisionEachGroupDestinationOnceForTheCheckAndTheBinding(final CapturedOutput output)
    {
        final String consumer = "provisioned destination 'orders' (spring.cloud.stream.kekbit.bindings.sink-in-0." +
            "consumer.channel-id)";
        try (ConfigurableApplicationContext app = StreamApps.start(root,
            "logging.level.io.kekbit.spring.cloud.stream.binder.KekbitProvisioningProvider=DEBUG",
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            KekbitBinderTests.send(app, "order-1");
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 1);
            assertThat(KekbitBinderErrorTests.binder(app).getConsumers()).hasSize(1);
            assertThat(count(output.getOut(), consumer)).as("consumer provisionings of 'orders'").isEqualTo(1);
            assertThat(count(output.getOut(), "provisioned destination 'orders' (spring.cloud.stream.kekbit." +
                "bindings.out.producer.channel-id)")).as("producer provisionings of 'orders'").isEqualTo(1);
        }
    }

    private static int count(final String text, final String line)
    {
        int count = 0;
        for (int at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + line.length()))
        {
            count++;
        }
        return count;
    }

    @Test
    void shouldFollowRenamedFunctionBindings()
    {
        try (ConfigurableApplicationContext first = StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {AuditConfig.class},
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.function.bindings.sink-in-0=input",
            "spring.cloud.stream.bindings.input.destination=orders",
            "spring.cloud.stream.bindings.input.group=billing",
            "spring.cloud.stream.bindings.audit-in-0.destination=invoices",
            "spring.cloud.stream.bindings.audit-in-0.group=audit"))
        {
            assertThat(first.isRunning()).isTrue();
            assertThat(Files.exists(GroupLock.path(root, DestinationIds.derive("orders"), "billing"))).isTrue();
            assertThat(Files.exists(GroupLock.path(root, DestinationIds.derive("invoices"), "audit"))).isFalse();
        }
    }

    @Test
    void shouldLeaveBindingsOfAnotherDefaultBinderAlone() throws Exception
    {
        final GroupLocks locks = new GroupLocks();
        try
        {
            check(locks, "other", null);
            assertThat(Files.exists(GroupLock.path(root, DestinationIds.derive("invoices"), "audit"))).isFalse();
            check(locks, "other", "kekbit");
            assertThat(Files.exists(GroupLock.path(root, DestinationIds.derive("invoices"), "audit"))).isTrue();
        }
        finally
        {
            locks.destroy();
        }
    }

    @Test
    void shouldLockBindingsWithoutABinderWhenKekbitIsTheOnlyBinder() throws Exception
    {
        final GroupLocks locks = new GroupLocks();
        try
        {
            check(locks, null, null);
            assertThat(Files.exists(GroupLock.path(root, DestinationIds.derive("invoices"), "audit"))).isTrue();
        }
        finally
        {
            locks.destroy();
        }
    }

    private void check(final GroupLocks locks, final String defaultBinder, final String bindingBinder)
        throws Exception
    {
        final BindingProperties binding = new BindingProperties();
        binding.setDestination("invoices");
        binding.setGroup("audit");
        binding.setBinder(bindingBinder);
        final BindingServiceProperties properties = new BindingServiceProperties();
        properties.setBindings(Map.of("audit-in-0", binding));
        properties.setDefaultBinder(defaultBinder);
        try (GenericApplicationContext context = new GenericApplicationContext())
        {
            context.registerBean("integrationConversionService", DefaultConversionService.class);
            context.refresh();
            properties.setApplicationContext(context);
            properties.afterPropertiesSet();
            final KekbitBinderConfigurationProperties binder = new KekbitBinderConfigurationProperties();
            final KekbitExtendedBindingProperties extended = new KekbitExtendedBindingProperties();
            extended.setApplicationContext(context);
            new KekbitBindingStartupCheck(properties, null, "audit", extended,
                new KekbitProvisioningProvider(binder, () -> root), locks).afterSingletonsInstantiated();
        }
    }

    private ConfigurableApplicationContext start(final String definition)
    {
        final List<String> properties = new ArrayList<>(List.of(SHARED));
        properties.add(definition);
        return StreamApps.start(root, WebApplicationType.NONE, new Class<?>[] {AuditConfig.class},
            properties.toArray(new String[0]));
    }

    /** What the audit function received. */
    static final class Audited
    {
        final List<String> payloads = Collections.synchronizedList(new ArrayList<>());
    }

    @Configuration(proxyBeanMethods = false)
    static class AuditConfig
    {
        @Bean
        Audited audited()
        {
            return new Audited();
        }

        @Bean
        Consumer<Message<String>> audit(final Audited audited)
        {
            return message -> audited.payloads.add(message.getPayload());
        }
    }
}
