package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM on Java 17 and one on Java 25 each create a channel, write, read and close it with no JVM flags at
 * all: each must exit 0 with an empty stderr (no illegal-access, Unsafe or native-access warnings), using the
 * {@code MappedByteBuffer} implementation on 17 and FFM on 25. The JDKs are found by {@link Jdks}: a missing one
 * skips its test with the variable to set ({@code .ci/run} sets both, so CI runs them).
 */
class NoWarningsTest
{
    @TempDir
    Path root;

    @Test
    void java17UsesBufferMappingWithoutWarnings()
    {
        runSmoke(Jdks.requireJava(17).toString(), 17, "buffer");
    }

    @Test
    void java25UsesFfmWithoutWarnings()
    {
        runSmoke(Jdks.requireJava(25).toString(), 25, "ffm");
    }

    private void runSmoke(final String java, final int feature, final String implementation)
    {
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
