package io.kekbit.spring.test.context;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives each application context that the Spring TestContext framework loads for the annotated test class its own
 * kekbit channel root: {@code kekbit.root-path} is set to a new, empty folder before the context starts, and the
 * folder (channels, journals, durable positions) is deleted when the context closes, after its writers and listeners
 * have been closed. Two contexts with the same writers therefore never meet on a channel file, and a rerun never
 * finds the files of the previous run.
 * <pre>{@code
 * @SpringBootTest
 * @EmbeddedKekbit
 * class OrderServiceTests {
 *     @Autowired ApplicationContext context;
 *     @Autowired OrderService service;
 *
 *     @Test
 *     void shouldWriteTheOrder() {
 *         long position = service.place(new Order("o-1", 2));
 *         KekbitRecord record = KekbitRecords.of(context, "orders").await(1, Duration.ofSeconds(10)).get(0);
 *         assertThat(record.position()).isEqualTo(position);
 *     }
 * }
 * }</pre>
 * The root is a Spring property source placed first, so it wins over {@code application.yaml}; setting
 * {@code kekbit.root-path} in {@code @SpringBootTest(properties)} or {@code @TestPropertySource} as well fails the
 * context with a message naming the property. The folder is also available as the {@link EmbeddedKekbitRoot} bean.
 * Contexts the TestContext framework caches stay open, with their root, until they are evicted, closed by
 * {@code @DirtiesContext}, or closed when the JVM exits.
 * <p>
 * Found on the test class, its superclasses and, for {@code @Nested} classes, the enclosing classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedKekbit
{
    /**
     * Folder in which each context's root is created; {@code ${...}} placeholders are resolved against the test
     * context's environment. On Linux {@code /dev/shm} keeps test channels in memory.
     *
     * @return the parent folder; empty for {@code java.io.tmpdir}.
     */
    String parent() default "";

    /**
     * Whether the root is deleted when the context closes. {@code false} keeps the files for inspection after a
     * failing test; the root's path is logged when the context starts.
     *
     * @return whether to delete the root on close.
     */
    boolean deleteOnClose() default true;
}
