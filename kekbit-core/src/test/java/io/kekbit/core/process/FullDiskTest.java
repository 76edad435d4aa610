package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Kekbit;
import io.kekbit.core.layout.ChannelHeaderDescriptor;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A child JVM whose file size limit ({@code ulimit -f}) is smaller than the channel: HotSpot ignores SIGXFSZ, so the
 * allocation at creation fails with EFBIG, as on a full disk. Creation must fail with COULD_NOT_ACCESS_STORAGE naming
 * the path and the size, the child exits non-zero, and neither channel nor lock file is left behind.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "limits file sizes with the shell's ulimit -f, as on Linux")
class FullDiskTest
{
    private static final long CHANNEL_ID = 77;
    private static final long CAPACITY = 16L << 20;
    private static final int LIMIT_KIB = 1024;

    @TempDir
    Path root;

    @Test
    void creationBeyondTheFileSizeLimitFailsCleanly() throws IOException
    {
        final List<String> java = ChildJvm.command(ChildJvm.currentJava(), List.of(), CreateOnceChild.class,
            root.toString(), Long.toString(CHANNEL_ID), Long.toString(CAPACITY), "1000");
        final StringBuilder script = new StringBuilder("ulimit -f " + LIMIT_KIB + " && exec");
        for (final String arg : java)
        {
            script.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        final ChildJvm child = ChildJvm.start("full-disk", List.of("bash", "-c", script.toString()));
        try
        {
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isEqualTo(2);
            final Path path = Kekbit.storagePath(root, CHANNEL_ID);
            final long fileLength = ChannelHeaderDescriptor.fileLength(CAPACITY);
            assertThat(child.stdout())
                .as(child.describe())
                .startsWith("FAILED COULD_NOT_ACCESS_STORAGE ")
                .contains(path.toString())
                .contains(Long.toString(fileLength));
            assertThat(child.stderr()).as(child.describe()).isEmpty();
            try (Stream<Path> files = Files.walk(root))
            {
                // The owner file stays, as it does after every writer: only its OS lock tells a live writer.
                assertThat(files.filter(Files::isRegularFile)
                    .filter(file -> !file.toString().endsWith(StorageDescriptor.OWNER_EXTENSION)))
                    .as("no channel or lock file left").isEmpty();
            }
            System.out.println("FullDiskTest: " + child.stdout().trim());
        }
        finally
        {
            child.close();
        }
    }
}
