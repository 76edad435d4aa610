package io.kekbit.core.process;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code java} launcher of a given Java feature release for tests that start child JVMs on another JDK.
 * Looked up, in order: the system property {@code kekbit.test.jdk<feature>}, the environment variable
 * {@code KEKBIT_JDK<feature>} (each a JDK home or its {@code bin/java}), then the JVM running the test when its
 * feature release is the one asked for. No install path is assumed: a test whose JDK is not found is skipped with a
 * message naming the variable to set. {@code .ci/run} sets both variables and fails when a JDK is missing, so CI
 * never skips these tests.
 */
public final class Jdks
{
    private Jdks()
    {
    }

    /**
     * The launcher of a JDK of the given feature release, if one is configured or running.
     *
     * @param feature Java feature release, e.g. 17.
     * @return the {@code java} executable, or empty.
     */
    public static Optional<Path> java(final int feature)
    {
        String configured = System.getProperty("kekbit.test.jdk" + feature);
        if (configured == null || configured.isBlank())
        {
            configured = System.getenv("KEKBIT_JDK" + feature);
        }
        if (configured != null && !configured.isBlank())
        {
            final Path path = Path.of(configured);
            final Path java = Files.isDirectory(path) ? path.resolve("bin").resolve("java") : path;
            return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
        }
        if (Runtime.version().feature() == feature)
        {
            return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"));
        }
        return Optional.empty();
    }

    /**
     * The launcher of a JDK of the given feature release; skips the calling test when there is none.
     *
     * @param feature Java feature release, e.g. 17.
     * @return the {@code java} executable.
     */
    public static Path requireJava(final int feature)
    {
        final Optional<Path> java = java(feature);
        assumeTrue(java.isPresent(), () -> "no JDK " + feature + " found: set KEKBIT_JDK" + feature
            + " (or -Dkekbit.test.jdk" + feature + ") to a JDK " + feature + " home to run this test");
        return java.orElseThrow();
    }
}
