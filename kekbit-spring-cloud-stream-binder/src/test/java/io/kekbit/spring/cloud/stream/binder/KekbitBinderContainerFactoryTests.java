package io.kekbit.spring.cloud.stream.binder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.core.idle.SleepingIdleStrategy;
import io.kekbit.core.idle.YieldingIdleStrategy;
import io.kekbit.spring.listener.KekbitContainerCustomizer;
import io.kekbit.spring.listener.KekbitListener;
import io.kekbit.spring.listener.KekbitListenerContainer;
import io.kekbit.spring.listener.KekbitListenerContainerIdleEvent;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.cloud.stream.binder.BinderFactory;
import org.springframework.cloud.stream.function.StreamBridge;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Binder consumers are created by the application's listener container factory: its customizers, its executor
 * (virtual threads), its idle strategy bean and its container events apply to them.
 */
class KekbitBinderContainerFactoryTests
{
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * One instance of group {@code workers} reading both partitions of {@code work}: two consumer containers in one
     * binding; a failed binding fails startup (no binding retry).
     */
    private static final String[] TWO_PARTITIONS = {
        "spring.cloud.stream.binding-retry-interval=0",
        "spring.cloud.function.definition=sink",
        "spring.cloud.stream.bindings.sink-in-0.destination=work",
        "spring.cloud.stream.bindings.sink-in-0.group=workers",
        "spring.cloud.stream.bindings.sink-in-0.consumer.partitioned=true",
        "spring.cloud.stream.bindings.sink-in-0.consumer.instance-count=1",
        "spring.cloud.stream.bindings.sink-in-0.consumer.instance-index=0",
        "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.partition-count=2"};

    @TempDir
    Path root;

    @EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
    @Test
    void shouldApplyCustomizersVirtualThreadsIdleStrategyBeanAndEventsToBinderConsumers() throws Exception
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {FactoryConfig.class},
            "spring.threads.virtual.enabled=true",
            "kekbit.listener.idle-event-interval=100ms",
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing",
            "spring.cloud.stream.bindings.out.destination=orders"))
        {
            final StreamBridge bridge = app.getBean(StreamBridge.class);
            assertThat(bridge.send("out", MessageBuilder.withPayload("order-0").build())).isTrue();
            final StreamApps.Received received = app.getBean(StreamApps.Received.class);
            await().atMost(WAIT).until(() -> received.messages.size() == 1);

            assertThat(isVirtual(received.threads.get(0))).isTrue();
            final Customized customized = app.getBean(Customized.class);
            assertThat(customized.ids).containsExactly("kekbit-orders.billing");
            final KekbitListenerContainer container = binder(app).getConsumers().iterator().next()
                .getContainers().get(0);
            assertThat(container.getIdleStrategy()).isInstanceOf(MarkedIdleStrategy.class);
            assertThat(container.getTaskExecutor()).isNotNull();
            await().atMost(WAIT).until(() -> customized.idleEvents.contains("kekbit-orders.billing"));
        }
    }

    @Test
    void shouldKeepAnIdleStrategyTheBindingNames()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {FactoryConfig.class},
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.idle-strategy=yielding",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing"))
        {
            final KekbitListenerContainer container = binder(app).getConsumers().iterator().next()
                .getContainers().get(0);
            assertThat(container.getIdleStrategy()).isInstanceOf(YieldingIdleStrategy.class);
            assertThat(container.getEndpoint().idleStrategy()).isEqualTo("yielding");
            assertThat(app.getBean(Customized.class).ids).containsExactly("kekbit-orders.billing");
        }
    }

    /**
     * A consumer binding that fails is retried every binding-retry-interval and logged; with 0 the failure fails
     * startup, where the analyzer reports it.
     */
    @Test
    void shouldRefuseASingletonStatefulIdleStrategyBeanSharedByTwoConsumerContainers()
    {
        final Throwable failure = catchThrowable(() -> StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {SingletonIdleConfig.class},
            TWO_PARTITIONS).close());
        assertThat(failure).isNotNull();
        final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription())
            .contains("spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.idle-strategy")
            .contains(MarkedIdleStrategy.class.getName())
            .contains("'kekbit-work-0.workers' and 'kekbit-work-1.workers'");
        assertThat(analysis.getAction()).contains("@Scope(\"prototype\")");
    }

    @Test
    void shouldGiveEachConsumerContainerItsOwnPrototypeIdleStrategy()
    {
        try (ConfigurableApplicationContext app = StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {FactoryConfig.class},
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=work",
            "spring.cloud.stream.bindings.sink-in-0.group=workers",
            "spring.cloud.stream.bindings.sink-in-0.consumer.partitioned=true",
            "spring.cloud.stream.bindings.sink-in-0.consumer.instance-count=1",
            "spring.cloud.stream.bindings.sink-in-0.consumer.instance-index=0",
            "spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.partition-count=2"))
        {
            final List<KekbitListenerContainer> containers = binder(app).getConsumers().iterator().next()
                .getContainers();
            assertThat(containers).hasSize(2);
            assertThat(containers.get(0).getIdleStrategy()).isInstanceOf(MarkedIdleStrategy.class)
                .isNotSameAs(containers.get(1).getIdleStrategy());
            assertThat(containers.get(1).getIdleStrategy()).isInstanceOf(MarkedIdleStrategy.class);
        }
    }

    /** A customizer handing one stateful object to two consumer containers: the report points at the customizer. */
    @Test
    void shouldPointAtTheCustomizerThatSharesAStatefulIdleStrategy()
    {
        final Throwable failure = catchThrowable(() -> StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {SharingCustomizerConfig.class},
            TWO_PARTITIONS).close());
        final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription()).contains("a KekbitContainerCustomizer sets the idle strategy")
            .contains("'kekbit-work-0.workers' and 'kekbit-work-1.workers'").doesNotContain("it is not set");
        assertThat(analysis.getAction()).contains("customizer").doesNotContain("@Scope");
    }

    @Configuration(proxyBeanMethods = false)
    static class SharingCustomizerConfig
    {
        private final MarkedIdleStrategy shared = new MarkedIdleStrategy();

        @Bean
        KekbitContainerCustomizer sharingCustomizer()
        {
            return container -> container.setIdleStrategy(shared);
        }
    }

    /**
     * A singleton stateful idle strategy taken by a {@code @KekbitListener} and by a binder consumer that names none
     * fails startup (with Spring Cloud Stream's default binding retry), and the report names both listeners.
     */
    @Test
    void shouldRefuseAStatefulIdleStrategyBeanSharedByAKekbitListenerAndABinderConsumer()
    {
        final Throwable failure = catchThrowable(() -> StreamApps.start(root, WebApplicationType.NONE,
            new Class<?>[] {SingletonIdleConfig.class, AuditListener.class},
            "spring.cloud.function.definition=sink",
            "spring.cloud.stream.bindings.sink-in-0.destination=orders",
            "spring.cloud.stream.bindings.sink-in-0.group=billing").close());
        assertThat(failure).isNotNull();
        final FailureAnalysis analysis = new KekbitBinderFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        assertThat(analysis.getDescription())
            .contains("spring.cloud.stream.kekbit.bindings.sink-in-0.consumer.idle-strategy")
            .contains(MarkedIdleStrategy.class.getName())
            .contains("'audit' and 'kekbit-orders.billing'");
        assertThat(analysis.getAction()).contains("@Scope(\"prototype\")");
    }

    /** A listener of the starter that takes the application's idle strategy bean. */
    static class AuditListener
    {
        @KekbitListener(id = "audit", channel = "4242")
        void onAudit(final String text)
        {
        }
    }

    /** Thread.isVirtual through reflection: the tests compile for Java 17 and run on 21 or later. */
    private static boolean isVirtual(final Thread thread) throws ReflectiveOperationException
    {
        return (Boolean)Thread.class.getMethod("isVirtual").invoke(thread);
    }

    private static KekbitMessageChannelBinder binder(final ConfigurableApplicationContext app)
    {
        return (KekbitMessageChannelBinder)app.getBean(BinderFactory.class).getBinder("kekbit", MessageChannel.class);
    }

    /** An idle strategy the test can recognise. */
    static final class MarkedIdleStrategy implements IdleStrategy
    {
        private final SleepingIdleStrategy delegate = new SleepingIdleStrategy(1_000_000L);

        @Override
        public void idle(final int workCount)
        {
            delegate.idle(workCount);
        }

        @Override
        public void idle()
        {
            delegate.idle();
        }

        @Override
        public void reset()
        {
            delegate.reset();
        }
    }

    /** What the customizer and the event listener saw. */
    static final class Customized
    {
        final List<String> ids = Collections.synchronizedList(new ArrayList<>());
        final List<String> idleEvents = Collections.synchronizedList(new ArrayList<>());
    }

    /** A stateful idle strategy declared as a singleton, the mistake the binder must report. */
    @Configuration(proxyBeanMethods = false)
    static class SingletonIdleConfig
    {
        @Bean
        MarkedIdleStrategy markedIdleStrategy()
        {
            return new MarkedIdleStrategy();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FactoryConfig
    {
        @Bean
        Customized customized()
        {
            return new Customized();
        }

        @Bean
        KekbitContainerCustomizer recordingCustomizer(final Customized customized)
        {
            return container -> customized.ids.add(container.getListenerId());
        }

        @Bean
        @Scope("prototype")
        MarkedIdleStrategy markedIdleStrategy()
        {
            return new MarkedIdleStrategy();
        }

        @Bean
        ApplicationListener<KekbitListenerContainerIdleEvent> idleEvents(final Customized customized)
        {
            return event -> customized.idleEvents.add(event.getListenerId());
        }
    }
}
