package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM on Java 17 and one on Java 25 each create a channel, write, read and close it with no JVM flags at
 * all: each must exit 0 with an empty stderr (no illegal-access, Unsafe or native-access warnings), using the
 * {@code MappedByteBuffer} implementation on 17 and FFM on 25. A missing JDK fails the test. Override the JDKs with
 * system properties {@code kekbit.test.jdk17} and {@code kekbit.test.jdk25} (a JDK home or its {@code bin/java}).
 */
class NoWarningsTest
{
    @TempDir
    Path root;

    @Test
    void java17UsesBufferMappingWithoutWarnings()
    {
        runSmoke(System.getProperty("kekbit.test.jdk17", "/usr/lib/jvm/java-17-openjdk-amd64/bin/java"), 17, "buffer");
    }

    @Test
    void java25UsesFfmWithoutWarnings()
    {
        runSmoke(System.getProperty("kekbit.test.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"), 25, "ffm");
    }

    /**
     * A launcher given as a JDK home (as {@code .ci/run} passes it) or as the {@code java} executable itself.
     */
    static String launcher(final String jdkOrJava)
    {
        final Path path = Path.of(jdkOrJava);
        return Files.isDirectory(path) ? path.resolve("bin").resolve("java").toString() : jdkOrJava;
    }

    private void runSmoke(final String jdkOrJava, final int feature, final String implementation)
    {
        final String java = launcher(jdkOrJava);
        assertThat(Files.isRegularFile(Path.of(java)) && Files.isExecutable(Path.of(java)))
            .as("JDK %d launcher %s must exist (set -Dkekbit.test.jdk%d=...)", feature, java, feature)
            .isTrue();
        final ChildJvm child = ChildJvm.start("smoke-jdk" + feature,
            ChildJvm.command(java, List.of(), SmokeChild.class, root.resolve("jdk" + feature).toString()));
        try
        {
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
            assertThat(child.stderr()).as(child.describe()).isEmpty();
            assertThat(child.stdout().lines())
                .as(child.describe())
                .containsExactly("IMPL " + implementation + " " + feature, "OK");
            System.out.println("NoWarningsTest: JDK " + feature + " used memory implementation " + implementation);
        }
        finally
        {
            child.close();
        }
    }
}
