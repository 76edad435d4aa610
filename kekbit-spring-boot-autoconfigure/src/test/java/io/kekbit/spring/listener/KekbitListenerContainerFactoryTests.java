package io.kekbit.spring.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.kekbit.core.idle.BackoffIdleStrategy;
import io.kekbit.core.idle.IdleStrategy;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.autoconfigure.KekbitFailureAnalyzer;
import io.kekbit.spring.autoconfigure.KekbitListenerFailureAnalyzer;
import io.kekbit.spring.autoconfigure.KekbitListenerContainerFactoryConfigurer;
import io.kekbit.spring.core.KekbitTemplate;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Scope;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.SimpleAsyncTaskExecutor;

/**
 * The listener container factory, its configurer and customizers, the task executor (platform and virtual threads)
 * and idle strategy beans, with real channels and a real context.
 */
class KekbitListenerContainerFactoryTests
{
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withPropertyValues("kekbit.listener.idle-strategy=sleep-1ms");

    /** Records the thread each record arrives on. */
    static class ThreadListener
    {
        final List<String> names = new CopyOnWriteArrayList<>();
        final List<Boolean> virtual = new CopyOnWriteArrayList<>();

        @KekbitListener(channel = "orders", id = "threads", startFrom = "beginning")
        void onText(final String text)
        {
            final Thread current = Thread.currentThread();
            names.add(current.getName());
            virtual.add(isVirtual(current));
        }
    }

    /** A listener naming no idle strategy and one naming a built-in strategy. */
    static class IdleListeners
    {
        @KekbitListener(channel = "orders", id = "default-idle")
        void onDefault(final String text)
        {
        }

        @KekbitListener(channel = "orders", id = "named-idle", idleStrategy = "busy-spin")
        void onNamed(final String text)
        {
        }
    }

    /** Two listeners naming no idle strategy. */
    static class TwoDefaultIdleListeners
    {
        @KekbitListener(channel = "orders", id = "first-default")
        void onFirst(final String text)
        {
        }

        @KekbitListener(channel = "orders", id = "second-default")
        void onSecond(final String text)
        {
        }
    }

    /** A listener naming an idle strategy bean. */
    static class BeanIdleListener
    {
        @KekbitListener(channel = "orders", id = "bean-idle", idleStrategy = "slowIdle")
        void onText(final String text)
        {
        }
    }

    /** Counts idles of every instance it makes. */
    static final class CountingIdleStrategy implements IdleStrategy
    {
        static final AtomicInteger CREATED = new AtomicInteger();
        final AtomicInteger idles = new AtomicInteger();

        CountingIdleStrategy()
        {
            CREATED.incrementAndGet();
        }

        @Override
        public void idle()
        {
            idles.incrementAndGet();
            Thread.onSpinWait();
        }

        @Override
        public void reset()
        {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrototypeIdleConfiguration
    {
        @Bean
        @Scope(ConfigurableBeanFactory.SCOPE_PROTOTYPE)
        CountingIdleStrategy countingIdle()
        {
            return new CountingIdleStrategy();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SingletonBackoffConfiguration
    {
        @Bean
        IdleStrategy sharedBackoff()
        {
            return new BackoffIdleStrategy();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers
    {
        static final List<String> CALLS = new CopyOnWriteArrayList<>();

        @Bean
        @Order(2)
        KekbitContainerCustomizer second()
        {
            return container -> CALLS.add("second:" + container.getListenerId());
        }

        @Bean
        @Order(1)
        KekbitContainerCustomizer first()
        {
            return container ->
            {
                CALLS.add("first:" + container.getListenerId());
                container.setAutoStartup(false);
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserFactoryConfiguration
    {
        @Bean
        KekbitListenerContainerFactory kekbitListenerContainerFactory(
            final KekbitListenerContainerFactoryConfigurer configurer)
        {
            final KekbitListenerContainerFactory factory = new KekbitListenerContainerFactory();
            configurer.configure(factory);
            factory.setTaskExecutor(new SimpleAsyncTaskExecutor("user-pool-"));
            factory.addContainerCustomizer(container -> container.setIdleEventInterval(Duration.ofMinutes(5)));
            return factory;
        }
    }

    private ApplicationContextRunner withWriter()
    {
        return contextRunner.withPropertyValues("kekbit.root-path=" + root, "kekbit.writers.orders.channel-id=1");
    }

    @Test
    void shouldDefineFactoryAndConfigurerByDefault()
    {
        withWriter().withPropertyValues("kekbit.listener.idle-event-interval=3s").withBean(ThreadListener.class)
            .run(context ->
            {
                assertThat(context).hasSingleBean(KekbitListenerContainerFactory.class)
                    .hasSingleBean(KekbitListenerContainerFactoryConfigurer.class);
                final KekbitListenerContainerFactory factory = context.getBean(KekbitListenerContainerFactory.class);
                assertThat(factory.getIdleEventInterval()).isEqualTo(Duration.ofSeconds(3));
                assertThat(factory.getTaskExecutor()).isNull();
                final KekbitListenerContainer container = container(context.getBean(
                    KekbitListenerEndpointRegistry.class), "threads");
                assertThat(container.getIdleEventInterval()).isEqualTo(Duration.ofSeconds(3));
                assertThat(container.getIdleStrategy()).isNull();
            });
    }

    @Test
    void shouldRunEachListenerOnAPlatformThreadNamedAfterIt()
    {
        withWriter().withBean(ThreadListener.class).run(context ->
        {
            context.getBean(KekbitTemplate.class).send("orders", "one");
            final ThreadListener listener = context.getBean(ThreadListener.class);
            await().atMost(WAIT).until(() -> !listener.names.isEmpty());
            assertThat(listener.names).containsExactly("threads");
            assertThat(listener.virtual).containsExactly(false);
        });
    }

    @EnabledForJreRange(min = JRE.JAVA_21, disabledReason = "virtual threads need Java 21")
    @Test
    void shouldRunListenersOnVirtualThreadsWhenEnabled()
    {
        withWriter().withPropertyValues("spring.threads.virtual.enabled=true").withBean(ThreadListener.class)
            .run(context ->
            {
                assertThat(context.getBean(KekbitListenerContainerFactory.class).getTaskExecutor())
                    .isInstanceOf(SimpleAsyncTaskExecutor.class);
                context.getBean(KekbitTemplate.class).send("orders", "one");
                final ThreadListener listener = context.getBean(ThreadListener.class);
                await().atMost(WAIT).until(() -> !listener.names.isEmpty());
                assertThat(listener.names).containsExactly("threads");
                assertThat(listener.virtual).containsExactly(true);
            });
    }

    @Test
    void shouldApplyCustomizerBeansInOrderToEveryContainer()
    {
        OrderedCustomizers.CALLS.clear();
        withWriter().withUserConfiguration(OrderedCustomizers.class).withBean(IdleListeners.class).run(context ->
        {
            // Customizers run in @Order on each container, all of them on one container before the next. The
            // containers themselves come in the order reflection lists the bean's methods, which the JVM leaves
            // unspecified (HotSpot orders them by where the method-name symbols were allocated, so it changes with
            // the classes loaded before): either container may come first.
            assertThat(OrderedCustomizers.CALLS).isIn(
                List.of("first:default-idle", "second:default-idle", "first:named-idle", "second:named-idle"),
                List.of("first:named-idle", "second:named-idle", "first:default-idle", "second:default-idle"));
            final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
            for (final String id : List.of("default-idle", "named-idle"))
            {
                final KekbitMessageListenerContainer container = registry.getListenerContainer(id);
                assertThat(container.isAutoStartup()).isFalse();
                assertThat(container.getState()).isEqualTo(KekbitMessageListenerContainer.State.CREATED);
            }
        });
    }

    @Test
    void shouldBackOffForAUserFactoryBuiltWithTheConfigurer()
    {
        withWriter().withPropertyValues("kekbit.listener.idle-event-interval=2s")
            .withUserConfiguration(UserFactoryConfiguration.class).withBean(ThreadListener.class).run(context ->
            {
                assertThat(context).hasSingleBean(KekbitListenerContainerFactory.class);
                final KekbitListenerContainer container = container(context.getBean(
                    KekbitListenerEndpointRegistry.class), "threads");
                assertThat(container.getTaskExecutor()).isInstanceOf(SimpleAsyncTaskExecutor.class);
                assertThat(container.getIdleEventInterval()).isEqualTo(Duration.ofMinutes(5));
                context.getBean(KekbitTemplate.class).send("orders", "one");
                final ThreadListener listener = context.getBean(ThreadListener.class);
                await().atMost(WAIT).until(() -> !listener.names.isEmpty());
                assertThat(listener.names).containsExactly("threads");
            });
    }

    @Test
    void shouldGiveEachListenerThatNamesNoIdleStrategyItsOwnInstanceOfThePrototypeBean()
    {
        withWriter().withUserConfiguration(PrototypeIdleConfiguration.class).withBean(IdleListeners.class)
            .run(context ->
            {
                final KekbitListenerEndpointRegistry registry = context.getBean(KekbitListenerEndpointRegistry.class);
                final IdleStrategy used = container(registry, "default-idle").getIdleStrategy();
                assertThat(used).isInstanceOf(CountingIdleStrategy.class);
                assertThat(container(registry, "named-idle").getIdleStrategy()).isNull();
                await().atMost(WAIT).until(() -> ((CountingIdleStrategy)used).idles.get() > 10);
            });
    }

    @Test
    void shouldUseTheIdleStrategyBeanAListenerNames()
    {
        final CountingIdleStrategy slow = new CountingIdleStrategy();
        withWriter().withBean("slowIdle", IdleStrategy.class, () -> slow).withBean(BeanIdleListener.class)
            .run(context ->
            {
                final KekbitListenerContainer container = container(context.getBean(
                    KekbitListenerEndpointRegistry.class), "bean-idle");
                assertThat(container.getIdleStrategy()).isSameAs(slow);
                await().atMost(WAIT).until(() -> slow.idles.get() > 10);
            });
    }

    @Test
    void shouldFailStartupWhenAStatefulSingletonIdleStrategyIsShared()
    {
        withWriter().withUserConfiguration(SingletonBackoffConfiguration.class)
            .withBean(TwoDefaultIdleListeners.class).run(context ->
            {
                assertThat(context).hasFailed();
                final FailureAnalysis analysis = new KekbitListenerFailureAnalyzer().analyze(
                    context.getStartupFailure());
                assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
                assertThat(analysis.getDescription()).contains("TwoDefaultIdleListeners")
                    .contains("the default idle strategy (io.kekbit.core.idle.BackoffIdleStrategy) is one object " +
                        "shared by listeners '")
                    .contains("@Scope(\"prototype\")");
                assertThat(analysis.getAction()).contains("IdleStrategy bean used by several listeners")
                    .contains("@Scope(\"prototype\")");
            });
    }

    @Test
    void shouldFailStartupOnANonPositiveIdleEventInterval()
    {
        withWriter().withPropertyValues("kekbit.listener.idle-event-interval=0s").run(context ->
        {
            assertThat(context).hasFailed();
            final FailureAnalysis analysis = new KekbitFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
            assertThat(analysis.getDescription()).contains("Property: kekbit.listener.idle-event-interval");
            assertThat(analysis.getAction()).contains("a positive duration");
        });
    }

    static KekbitListenerContainer container(final KekbitListenerEndpointRegistry registry, final String id)
    {
        return (KekbitListenerContainer)registry.getListenerContainer(id);
    }

    static boolean isVirtual(final Thread thread)
    {
        try
        {
            return (Boolean)Thread.class.getMethod("isVirtual").invoke(thread);
        }
        catch (final ReflectiveOperationException ex)
        {
            return false;
        }
    }
}
