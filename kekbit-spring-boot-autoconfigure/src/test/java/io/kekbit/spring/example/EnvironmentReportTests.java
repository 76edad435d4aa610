package io.kekbit.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.kekbit.core.Kekbit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * An application whose root path cannot hold its channel fails to start with a report naming
 * {@code kekbit.root-path}, the path and the OS error, and leaves no partial channel behind: here the files it may
 * write are limited to 512 KiB ({@code ulimit -f}), as on a full disk, and its channel needs 1 MiB.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "limits file sizes with the shell's ulimit -f, as on Linux")
class EnvironmentReportTests
{
    @TempDir
    Path root;

    @Test
    void shouldReportAFullDiskNamingTheRootPath() throws Exception
    {
        try (AppJvm app = AppJvm.startWithFileSizeLimit(root, 512, "--kekbit.writers.orders.channel-id=1001",
            "--kekbit.writers.orders.capacity=1MB", "--kekbit.readers.orders.channel-id=1001"))
        {
            assertThat(app.waitFor(AppJvm.STARTUP)).isNotZero();
            assertThat(app.output())
                .contains("APPLICATION FAILED TO START")
                .contains("kekbit could not start writer 'orders' (kekbit.writers.orders)")
                .contains("the channel cannot be created under kekbit.root-path=" + root)
                .contains("COULD_NOT_ACCESS_STORAGE")
                .contains("could not allocate")
                .contains("Set kekbit.root-path to a writable directory")
                .doesNotContain("\tat io.kekbit");
        }
        assertThat(Kekbit.storagePath(root, 1001)).doesNotExist();
        try (Stream<Path> files = Files.walk(root))
        {
            assertThat(files.filter(Files::isRegularFile).map(file -> file.getFileName().toString()))
                .as("nothing but the owner file").allMatch(name -> name.endsWith(".owner"));
        }
    }
}
