package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.kekbit.core.idle.BackoffIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitListenerContainerFactoryConfigurer;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The examples of the starter README's "Listener containers" section, as written there, in a real context with a real
 * channel.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContainerReadmeExamplesTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class));

    @Configuration(proxyBeanMethods = false)
    static class ReadmeBeans
    {
        @Bean
        KekbitContainerCustomizer slowListenersStartByHand()
        {
            return container ->
            {
                if (container.getListenerId().startsWith("report-"))
                {
                    container.setAutoStartup(false);
                }
            };
        }

        @Bean
        KekbitListenerConfigurer auditListeners()
        {
            return registrar ->
            {
                registrar.registerListener("audit", "orders", (KekbitRecordListener)(payload, position) ->
                        System.out.println("order of " + payload.remaining() + " bytes at " + position))
                    .startFrom("beginning");
                registrar.registerListener("audit-messages", "orders", (KekbitMessageListener)message ->
                        System.out.println(message.getHeaders().get(KekbitHeaders.POSITION)))
                    .idleStrategy("sleep-10ms");
                registrar.registerListener("report-daily", "orders", (KekbitRecordListener)(payload, position) ->
                {
                });
            };
        }

        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        IdleStrategy listenerIdleStrategy()
        {
            return new BackoffIdleStrategy();
        }

        @Bean
        ListenerAlerts listenerAlerts()
        {
            return new ListenerAlerts();
        }
    }

    static class ListenerAlerts
    {
        @EventListener
        void onStopped(final KekbitListenerContainerStoppedEvent event)
        {
            if (event.getStopReason() != KekbitMessageListenerContainer.StopReason.NORMAL)
            {
                System.err.println("listener " + event.getListenerId() + " stopped: " + event.getReason());
            }
        }

        @EventListener
        void onIdle(final KekbitListenerContainerIdleEvent event)
        {
            System.out.println("listener " + event.getListenerId() + " idle for " + event.getIdleMillis() + " ms");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReadmeFactory
    {
        @Bean
        KekbitListenerContainerFactory kekbitListenerContainerFactory(
            final KekbitListenerContainerFactoryConfigurer configurer)
        {
            final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
            configurer.configure(factory);
            factory.setTaskExecutor(new SimpleAsyncTaskExecutor("orders-"));
            factory.addContainerCustomizer(container -> container.setIdleEventInterval(Duration.ofMinutes(1)));
            return factory;
        }
    }

    @Test
    void shouldRunTheCustomizerConfigurerIdleStrategyAndEventExamples(final CapturedOutput output)
    {
        contextRunner.withUserConfiguration(ReadmeBeans.class).withPropertyValues("kekbit.root-path=" + root,
            "kekbit.writers.orders.channel-id=1", "kekbit.listener.idle-event-interval=100ms").run(context ->
            {
                final long position = context.getBean(KekbitTemplate.class).send("orders", "hello");
                await().atMost(WAIT).until(() -> output.getOut().contains("order of 5 bytes at " + position) &&
                    output.getOut().contains(System.lineSeparator() + position + System.lineSeparator()) &&
                    output.getOut().contains("listener audit idle for"));
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final KekbitListenerContainer audit = (KekbitListenerContainer)registry.getListenerContainer("audit");
                assertThat(audit.getIdleStrategy()).isInstanceOf(BackoffIdleStrategy.class);
                assertThat(((KekbitListenerContainer)registry.getListenerContainer("audit-messages"))
                    .getIdleStrategy()).isNull();
                assertThat(registry.getListenerContainer("report-daily").getState())
                    .isEqualTo(KekbitMessageListenerContainer.State.CREATED);
            });
    }

    @Test
    void shouldRunTheFactoryExample()
    {
        contextRunner.withUserConfiguration(ReadmeFactory.class).withPropertyValues("kekbit.root-path=" + root,
            "kekbit.writers.orders.channel-id=1").withBean(KekbitListenerConfigurer.class,
                () -> registrar -> registrar.registerListener("audit", "orders",
                    (KekbitRecordListener)(payload, position) ->
                    {
                    }))
            .run(context ->
            {
                final KekbitListenerContainer audit = (KekbitListenerContainer)context
                    .getBean(KekbitListenerEndpointRegistry.class).getListenerContainer("audit");
                assertThat(audit.getTaskExecutor()).isInstanceOf(SimpleAsyncTaskExecutor.class);
                assertThat(audit.getIdleEventInterval()).isEqualTo(Duration.ofMinutes(1));
                await().atMost(WAIT).until(() -> audit.getState() == KekbitMessageListenerContainer.State.RUNNING);
            });
    }

    /** The README's "Stopping without waiting" example, as written there. */
    static class OrdersSwitch
    {
        private final KekbitListenerEndpointRegistry registry;

        OrdersSwitch(final KekbitListenerEndpointRegistry registry)
        {
            this.registry = registry;
        }

        void stopOrders()
        {
            KekbitMessageListenerContainer orders = registry.getListenerContainer("orders");
            orders.stop(() -> System.out.println("orders stopped at position " + orders.getPosition()));
            // returns here at once, while the listener finishes its record
        }
    }

    /** The listener the example stops. */
    static class OrdersListener
    {
        @KekbitListener(id = "orders", channel = "orders", startFrom = "beginning")
        void onOrder(final String order)
        {
        }
    }

    @Test
    void shouldRunTheStopWithoutWaitingExample(final CapturedOutput output)
    {
        contextRunner.withBean(OrdersSwitch.class).withBean(OrdersListener.class).withPropertyValues(
            "kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1").run(context ->
            {
                final long position = context.getBean(KekbitTemplate.class).send("orders", "hello");
                final KekbitMessageListenerContainer orders = context.getBean(KekbitListenerEndpointRegistry.class)
                    .getListenerContainer("orders");
                await().atMost(WAIT).until(() -> orders.getPosition() > position);
                context.getBean(OrdersSwitch.class).stopOrders();
                await().atMost(WAIT).until(() ->
                    output.getOut().contains("orders stopped at position " + orders.getPosition()));
                assertThat(orders.getState()).isEqualTo(KekbitMessageListenerContainer.State.STOPPED);
            });
    }
}
