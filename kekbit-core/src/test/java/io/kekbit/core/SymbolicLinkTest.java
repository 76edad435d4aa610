package io.kekbit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * No file kekbit writes is reached through a symbolic link: a channel, lock or position file that is a link is
 * refused with a message naming it, and the link's target is left as it was.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links as POSIX systems have them")
class SymbolicLinkTest
{
    private static final byte[] TARGET_BYTES = {1, 2, 3, 4, 5, 6, 7, 8};

    @TempDir
    Path root;

    private Path target;

    @BeforeEach
    void writeTarget() throws IOException
    {
        target = Files.write(root.resolve("target"), TARGET_BYTES);
    }

    @Test
    void shouldRefuseADurablePositionThatIsALink() throws IOException
    {
        final Path position = StorageDescriptor.positionPath(root, 42, "audit");
        Files.createDirectories(position.getParent());
        Files.createSymbolicLink(position, target);
        assertThatThrownBy(() -> DurablePosition.open(root, 42, "audit"))
            .isInstanceOf(KekbitException.class)
            .hasMessageContaining("could not open durable position file " + position)
            .hasMessageContaining("is a symbolic link");
        assertThatThrownBy(() -> DurablePosition.peek(position))
            .isInstanceOf(KekbitException.class)
            .hasMessageContaining(position.toString())
            .hasMessageContaining("is a symbolic link");
        assertThat(Files.readAllBytes(target)).containsExactly(TARGET_BYTES);
    }

    @Test
    void shouldRefuseADanglingLinkAsANewDurablePosition() throws IOException
    {
        final Path position = StorageDescriptor.positionPath(root, 42, "audit");
        Files.createDirectories(position.getParent());
        final Path missing = root.resolve("missing");
        Files.createSymbolicLink(position, missing);
        assertThatThrownBy(() -> DurablePosition.open(root, 42, "audit"))
            .isInstanceOf(KekbitException.class)
            .hasMessageContaining("is a symbolic link");
        assertThat(missing).doesNotExist();
    }

    @Test
    void shouldRefuseToResumeAChannelThatIsALink() throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 1, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            writer.write(new byte[] {1});
        }
        final Path real = Kekbit.storagePath(root, 1);
        final Path link = Kekbit.storagePath(root, 2);
        Files.createSymbolicLink(link, real);
        final byte[] before = Files.readAllBytes(real);
        assertThatThrownBy(() -> Kekbit.resumeShmWriter(root, 2))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.COULD_NOT_ACCESS_STORAGE))
            .hasMessageContaining(link.toString())
            .hasMessageContaining("is a symbolic link");
        assertThat(Files.readAllBytes(real)).isEqualTo(before);
    }

    @Test
    void shouldRefuseToCreateAChannelOverALink() throws IOException
    {
        final Path link = Kekbit.storagePath(root, 3);
        Files.createDirectories(link.getParent());
        final Path missing = root.resolve("elsewhere");
        Files.createSymbolicLink(link, missing);
        assertThatThrownBy(() -> Kekbit.shmWriter(root, Header.of(1, 3, 16384, 100, 1000, TickUnit.MILLIS)))
            .isInstanceOfSatisfying(ChannelException.class, ex ->
                assertThat(ex.reason()).isEqualTo(ChannelError.STORAGE_ALREADY_EXISTS))
            .hasMessageContaining(link.toString());
        assertThat(missing).doesNotExist();
        assertThat(StorageDescriptor.lockPath(root, 3)).doesNotExist();
    }
}
