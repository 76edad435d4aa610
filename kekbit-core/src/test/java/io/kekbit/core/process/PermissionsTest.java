package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;
import io.kekbit.core.layout.StorageDescriptor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Channel files are owner-only by default, the explicit-permissions overload is honoured, and a reader maps the file
 * read-only: it works on a file made read-only (0400) and hands out read-only buffers.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX file modes and owners as Linux has them")
class PermissionsTest
{
    @TempDir
    Path root;

    @Test
    void newChannelFilesAreOwnerOnly() throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 1, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Kekbit.storagePath(root, 1))))
                .isEqualTo("rw-------");
            assertThat(writer.write(new byte[] {1})).isPositive();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Kekbit.storagePath(root, 1))))
            .isEqualTo("rw-------");
    }

    @Test
    void explicitPermissionsAreHonoured() throws IOException
    {
        final String[] wanted = {"rw-r-----", "rw-rw-r--", "rw-r--r--", "rw-------"};
        for (int i = 0; i < wanted.length; i++)
        {
            final Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(wanted[i]);
            try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 10 + i, 16384, 100, 1000, TickUnit.MILLIS),
                permissions))
            {
                writer.write(new byte[] {1});
            }
            assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(Kekbit.storagePath(root, 10 + i)))).isEqualTo(wanted[i]);
        }
    }

    /**
     * Another user (nobody, through {@code setpriv}, when the test runs as root; otherwise the 0400 test below
     * already runs as a user that may not write) reads a channel made readable for others with the
     * explicit-permissions overload, and may not open it for writing.
     */
    @Test
    void anotherUserReadsAChannelItMayOnlyRead() throws IOException
    {
        final Path shared = Files.createTempDirectory(Path.of("/tmp"), "kekbit-perm-");
        try
        {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            try (Writer writer = Kekbit.shmWriter(shared, Header.of(1, 3, 16384, 100, 1000, TickUnit.MILLIS),
                PosixFilePermissions.fromString("rw-r--r--")))
            {
                for (int i = 0; i < 5; i++)
                {
                    writer.write(new byte[] {(byte)i});
                }
            }
            final Path path = Kekbit.storagePath(shared, 3);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-r--r--");
            final int uid = (Integer)Files.getAttribute(path, "unix:uid");
            final String classPath = codeSource(Kekbit.class) + java.io.File.pathSeparator +
                codeSource(ReadOnlyReaderChild.class);
            final List<String> command = new ArrayList<>();
            if (uid == 0)
            {
                command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
            }
            command.addAll(List.of(ChildJvm.currentJava(), "-cp", classPath, ReadOnlyReaderChild.class.getName(),
                shared.toString(), "3"));
            final ChildJvm child = ChildJvm.start("read-only-user", command);
            try
            {
                assertThat(child.waitFor(ChildJvm.DEFAULT_WAIT)).as(child.describe()).isZero();
                assertThat(child.stdout().lines()).as(child.describe())
                    .containsExactly(uid == 0 ? "WRITE_DENIED" : "WRITE_ALLOWED", "RECORDS 5 CLOSED true");
            }
            finally
            {
                child.close();
            }
        }
        finally
        {
            Files.deleteIfExists(Kekbit.storagePath(shared, 3));
            Files.deleteIfExists(StorageDescriptor.ownerPath(shared, 3));
            Files.deleteIfExists(Kekbit.storagePath(shared, 3).getParent());
            Files.deleteIfExists(shared);
        }
    }

    private static String codeSource(final Class<?> type)
    {
        try
        {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }
        catch (final java.net.URISyntaxException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void readerWorksOnReadOnlyFileWithReadOnlyBuffers() throws IOException
    {
        try (Writer writer = Kekbit.shmWriter(root, Header.of(1, 2, 16384, 100, 1000, TickUnit.MILLIS)))
        {
            writer.write("one".getBytes(StandardCharsets.UTF_8));
            writer.write("two".getBytes(StandardCharsets.UTF_8));
        }
        final Path path = Kekbit.storagePath(root, 2);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r--------"));
        final List<String> records = new ArrayList<>();
        final List<Boolean> readOnly = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(root, 2))
        {
            long result;
            int calls = 0;
            while ((result = reader.read((buffer, offset, length, position) ->
            {
                readOnly.add(buffer.isReadOnly());
                final byte[] bytes = new byte[length];
                buffer.duplicate().position(offset).get(bytes);
                records.add(new String(bytes, StandardCharsets.UTF_8));
            }, 10)) >= 0 && calls++ < 10)
            {
                // until CLOSED
            }
            assertThat(reader.exhausted()).isEqualTo(ReadError.CLOSED);
        }
        assertThat(records).containsExactly("one", "two");
        assertThat(readOnly).containsOnly(true);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("r--------");
    }
}
