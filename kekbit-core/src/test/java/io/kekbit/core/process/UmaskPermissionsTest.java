package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Kekbit;
import io.kekbit.core.layout.StorageDescriptor;
import io.kekbit.core.shm.UmaskChild;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file and folder kekbit creates has its final permissions, owner-only by default, even under {@code umask 000}
 * (a child JVM started through {@code sh -c "umask 000; exec java ..."}): channel file, creator lock file (looked at
 * while a child holds it), durable position file, and each folder created on the way; explicit channel permissions
 * apply to the folders created for that channel as well.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "umask and POSIX modes as Linux has them")
class UmaskPermissionsTest
{
    @TempDir
    Path base;

    @Test
    void everyFileAndFolderIsOwnerOnlyUnderUmask000() throws IOException
    {
        final List<String> java = ChildJvm.command(ChildJvm.currentJava(), List.of(), UmaskChild.class,
            base.toString());
        final StringBuilder script = new StringBuilder("umask 000 && exec");
        for (final String arg : java)
        {
            script.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        final ChildJvm child = ChildJvm.start("umask-000", List.of("sh", "-c", script.toString()));
        try
        {
            assertThat(child.awaitLine("UMASK ", ChildJvm.DEFAULT_WAIT)).as(child.describe())
                .isEqualTo("UMASK rw-rw-rw-");
            child.awaitLine("READY", ChildJvm.DEFAULT_WAIT);
            final Path owner = base.resolve("owner").resolve("nested");
            final Path channel = Kekbit.storagePath(owner, 1);
            assertThat(mode(channel)).isEqualTo("rw-------");
            assertThat(mode(StorageDescriptor.lockPath(owner, 2))).as("held creator lock").isEqualTo("rw-------");
            assertThat(mode(base.resolve("owner"))).isEqualTo("rwx------");
            assertThat(mode(owner)).isEqualTo("rwx------");
            assertThat(mode(channel.getParent())).isEqualTo("rwx------");
            final Path positions = base.resolve("positions").resolve("nested");
            final Path position = StorageDescriptor.positionPath(positions, 1, "r");
            assertThat(mode(position)).isEqualTo("rw-------");
            assertThat(mode(base.resolve("positions"))).isEqualTo("rwx------");
            assertThat(mode(position.getParent())).isEqualTo("rwx------");
            final Path shared = base.resolve("shared").resolve("nested");
            assertThat(mode(Kekbit.storagePath(shared, 3))).isEqualTo("rw-r-----");
            assertThat(mode(base.resolve("shared"))).isEqualTo("rwxr-x---");
            assertThat(mode(Kekbit.storagePath(shared, 3).getParent())).isEqualTo("rwxr-x---");
            child.process().getOutputStream().close();
            assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
            assertThat(child.stderr()).as(child.describe()).isEmpty();
        }
        finally
        {
            child.close();
        }
    }

    private static String mode(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
