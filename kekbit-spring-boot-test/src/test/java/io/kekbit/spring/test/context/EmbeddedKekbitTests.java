package io.kekbit.spring.test.context;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.kekbit.core.Kekbit;
import io.kekbit.spring.autoconfigure.KekbitProperties;
import io.kekbit.spring.core.KekbitTemplate;
import io.kekbit.spring.test.FixtureApplication;
import io.kekbit.spring.test.Launch;
import io.kekbit.spring.test.utils.KekbitRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EmbeddedKekbit} end to end: fixture test classes (nested below, run through the JUnit launcher in this JVM)
 * start real Spring Boot contexts with the same writers and a listener, and these tests check what they saw and
 * what is left on disk afterwards. Each clash test has a control that runs the same fixture on one shared root, as
 * the starter does without {@code @EmbeddedKekbit}, and fails with "already exists".
 */
class EmbeddedKekbitTests
{
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String SHARED_ROOT = "kekbit.test.shared-root";
    private static final String PARENT = "kekbit.test.parent";

    /** Root of each fixture context, by the name its test gave it. */
    static final Map<String, Path> ROOTS = new ConcurrentHashMap<>();
    /** Each fixture context, by the name its test gave it. */
    static final Map<String, ConfigurableApplicationContext> CONTEXTS = new ConcurrentHashMap<>();

    @TempDir
    Path tempDir;

    @BeforeEach
    void setUp()
    {
        ROOTS.clear();
        CONTEXTS.clear();
        FixtureApplication.CHANNEL_FILE_AT_DESTROY.clear();
        System.setProperty(SHARED_ROOT, tempDir.resolve("shared").toString());
        System.setProperty(PARENT, tempDir.resolve("parent").toString());
    }

    @AfterEach
    void tearDown()
    {
        System.clearProperty(SHARED_ROOT);
        System.clearProperty(PARENT);
        CONTEXTS.clear();
    }

    @Test
    void shouldStartTwoContextsWithTheSameWritersSideBySide()
    {
        final Launch launch = Launch.run(TwoContexts.class);

        assertThat(launch.failures()).isEmpty();
        assertThat(launch.succeeded()).isEqualTo(2);
        assertThat(ROOTS).containsOnlyKeys("first", "second");
        assertThat(ROOTS.get("first")).isNotEqualTo(ROOTS.get("second"));
        assertThat(ROOTS.values()).allSatisfy(root ->
        {
            assertThat(root.getFileName().toString()).startsWith(EmbeddedKekbitRoot.FOLDER_PREFIX);
            assertThat(root).as("root after the context closed").doesNotExist();
        });
    }

    @Test
    void shouldClashWhenTwoContextsShareOneRoot()
    {
        final Launch launch = Launch.run(TwoContextsOnSharedRoot.class);

        assertThat(launch.succeeded()).isEqualTo(1);
        // Whichever writer bean the second context creates first finds the first context's file.
        // Each channel has one writer: the second context finds the first context's live writer and does not start.
        assertThat(launch.failures()).singleElement().asString().containsAnyOf(
            "the channel file " + Kekbit.storagePath(tempDir.resolve("shared"), 1) + " is written by a live writer",
            "the journal in " + tempDir.resolve("shared").resolve("0000_0002") + " is written by a live writer");
    }

    @Test
    void shouldRerunWithoutClashing()
    {
        final Launch first = Launch.run(Rerun.class);
        final Path firstRoot = ROOTS.remove("rerun");
        final Launch second = Launch.run(Rerun.class);

        assertThat(first.failures()).isEmpty();
        assertThat(second.failures()).isEmpty();
        assertThat(first.succeeded() + second.succeeded()).isEqualTo(2);
        assertThat(firstRoot).isNotEqualTo(ROOTS.get("rerun")).doesNotExist();
        assertThat(ROOTS.get("rerun")).doesNotExist();
    }

    @Test
    void shouldClashWhenARerunFindsThePreviousRunsFiles()
    {
        final Launch first = Launch.run(RerunOnSharedRoot.class);
        final Launch second = Launch.run(RerunOnSharedRoot.class);

        assertThat(first.failures()).isEmpty();
        assertThat(second.succeeded()).isZero();
        // The first run's graceful stop closed its fixed channel, which the rerun cannot continue.
        assertThat(second.failures()).singleElement().asString()
            .contains("the channel file " + Kekbit.storagePath(tempDir.resolve("shared"), 1) +
                " was closed by its previous writer");
    }

    @Test
    void shouldDeleteTheRootOnlyAfterEveryOtherBeanWasDestroyed()
    {
        final Launch launch = Launch.run(Rerun.class);

        assertThat(launch.failures()).isEmpty();
        // The fixture's own disposable bean still saw the channel file; the root is gone once the context closed.
        assertThat(FixtureApplication.CHANNEL_FILE_AT_DESTROY).containsExactly(true);
        assertThat(ROOTS.get("rerun")).doesNotExist();
    }

    @Test
    void shouldKeepTheRootInTheGivenParentWhenAsked() throws Exception
    {
        final Launch launch = Launch.run(KeptRoot.class);

        assertThat(launch.failures()).isEmpty();
        final Path root = ROOTS.get("kept");
        assertThat(root.getParent()).isEqualTo(tempDir.resolve("parent").toAbsolutePath());
        assertThat(Kekbit.storagePath(root, FixtureApplication.ORDERS_CHANNEL)).isRegularFile();
        // Kept after close, so readable: the writer closed the channel (CLOSE) before the context ended.
        assertThat(KekbitRecords.channel(root, FixtureApplication.ORDERS_CHANNEL).readAll())
            .extracting(record -> record.asString()).containsExactly("kept");
        try (var files = Files.list(tempDir.resolve("parent")))
        {
            assertThat(files).containsExactly(root);
        }
    }

    @Test
    void shouldRefuseARootPathSetByTheTestToo()
    {
        final Launch launch = Launch.run(RootPropertyConflict.class);

        assertThat(launch.succeeded()).isZero();
        assertThat(launch.failures()).singleElement().asString().contains("@EmbeddedKekbit on " +
            RootPropertyConflict.class.getName() + " sets kekbit.root-path itself, and the test's properties set it " +
            "too (kekbit.root-path=/nowhere): remove kekbit.root-path from @SpringBootTest(properties) / " +
            "@TestPropertySource, or remove @EmbeddedKekbit");
    }

    @Test
    void shouldDeleteTheRootOfAContextThatFailedToStart() throws Exception
    {
        final Launch launch = Launch.run(FailingContext.class);

        assertThat(launch.succeeded()).isZero();
        assertThat(launch.failures()).singleElement().asString().contains("kekbit.writers.orders.capacity=8KB");
        try (var files = Files.list(tempDir.resolve("parent")))
        {
            assertThat(files).as("roots left in the parent").isEmpty();
        }
    }

    @Test
    void shouldCreateACustomizerOnlyForAnnotatedClassesAndKeyItByItsAttributes()
    {
        final EmbeddedKekbitContextCustomizerFactory factory = new EmbeddedKekbitContextCustomizerFactory();

        assertThat(factory.createContextCustomizer(EmbeddedKekbitTests.class, List.of())).isNull();
        assertThat(factory.createContextCustomizer(Rerun.class, List.of()))
            .isEqualTo(factory.createContextCustomizer(TwoContexts.class, List.of()))
            .hasSameHashCodeAs(factory.createContextCustomizer(TwoContexts.class, List.of()))
            .isNotEqualTo(factory.createContextCustomizer(KeptRoot.class, List.of()));
        assertThat(factory.createContextCustomizer(TwoContexts.Second.class, List.of())).isNotNull();
    }

    /**
     * What every fixture test does: writes through the template to the channel and the journal, waits for the
     * listener and reads both back, and records the context's root.
     */
    static void exercise(final String name, final ApplicationContext context)
    {
        final Path root = context.getBean(KekbitProperties.class).getRootPath();
        ROOTS.put(name, root);
        CONTEXTS.put(name, (ConfigurableApplicationContext)context);
        if (context.containsBean(EmbeddedKekbitRoot.BEAN_NAME))
        {
            assertThat(context.getBean(EmbeddedKekbitRoot.class).path()).isEqualTo(root);
            assertThat(context.getEnvironment().getProperty("kekbit.root-path")).isEqualTo(root.toString());
        }
        final KekbitTemplate template = context.getBean(KekbitTemplate.class);
        final long position = template.send("orders", name);
        template.send("audit", name);

        assertThat(KekbitRecords.of(context, "orders").await(1, DELIVERY).get(0))
            .satisfies(record -> assertThat(record.position()).isEqualTo(position))
            .satisfies(record -> assertThat(record.asString()).isEqualTo(name));
        assertThat(KekbitRecords.of(context, "audit").await(1, DELIVERY).get(0).asString()).isEqualTo(name);
        final FixtureApplication.OrdersListener listener = context.getBean(FixtureApplication.OrdersListener.class);
        await("listener received " + name).atMost(DELIVERY).until(() -> listener.received.contains(name));
        assertThat(listener.received).containsExactly(name);
    }

    @SpringBootTest(classes = FixtureApplication.class, properties = "fixture=two-contexts")
    @EmbeddedKekbit
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class TwoContexts
    {
        @Autowired
        ApplicationContext context;

        @Test
        void first()
        {
            exercise("first", context);
        }

        @Nested
        @TestPropertySource(properties = "fixture.context=second")
        @DirtiesContext
        class Second
        {
            @Autowired
            ApplicationContext secondContext;

            @Test
            void second()
            {
                assertThat(secondContext).isNotSameAs(CONTEXTS.get("first"));
                assertThat(CONTEXTS.get("first").isActive()).as("first context still open").isTrue();
                exercise("second", secondContext);
            }
        }
    }

    @SpringBootTest(classes = FixtureApplication.class,
        properties = {"fixture=two-contexts-shared", "kekbit.root-path=${kekbit.test.shared-root}"})
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class TwoContextsOnSharedRoot
    {
        @Autowired
        ApplicationContext context;

        @Test
        void first()
        {
            exercise("first", context);
        }

        @Nested
        @TestPropertySource(properties = "fixture.context=second")
        @DirtiesContext
        class Second
        {
            @Autowired
            ApplicationContext secondContext;

            @Test
            void second()
            {
                exercise("second", secondContext);
            }
        }
    }

    @SpringBootTest(classes = FixtureApplication.class, properties = "fixture=rerun")
    @EmbeddedKekbit
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class Rerun
    {
        @Autowired
        ApplicationContext context;

        @Test
        void run()
        {
            exercise("rerun", context);
        }
    }

    @SpringBootTest(classes = FixtureApplication.class,
        properties = {"fixture=rerun-shared", "kekbit.root-path=${kekbit.test.shared-root}"})
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class RerunOnSharedRoot
    {
        @Autowired
        ApplicationContext context;

        @Test
        void run()
        {
            exercise("rerun", context);
        }
    }

    @SpringBootTest(classes = FixtureApplication.class, properties = "fixture=kept")
    @EmbeddedKekbit(parent = "${kekbit.test.parent}", deleteOnClose = false)
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class KeptRoot
    {
        @Autowired
        ApplicationContext context;

        @Test
        void run()
        {
            exercise("kept", context);
        }
    }

    @SpringBootTest(classes = FixtureApplication.class,
        properties = {"fixture=conflict", "kekbit.root-path=/nowhere"})
    @EmbeddedKekbit
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class RootPropertyConflict
    {
        @Test
        void run()
        {
            throw new AssertionError("the context started");
        }
    }

    @SpringBootTest(classes = FixtureApplication.class,
        properties = {"fixture=failing", "kekbit.writers.orders.capacity=8KB"})
    @EmbeddedKekbit(parent = "${kekbit.test.parent}")
    @DirtiesContext
    @EnabledIfSystemProperty(named = Launch.FIXTURES, matches = "true")
    static class FailingContext
    {
        @Test
        void run()
        {
            throw new AssertionError("the context started");
        }
    }
}
