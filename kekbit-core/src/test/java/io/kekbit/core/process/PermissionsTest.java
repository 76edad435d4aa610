package io.kekbit.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.kekbit.core.Header;
import io.kekbit.core.Kekbit;
import io.kekbit.core.ReadError;
import io.kekbit.core.Reader;
import io.kekbit.core.TickUnit;
import io.kekbit.core.Writer;

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

/**
 * Channel files are owner-only by default, the explicit-permissions overload is honoured, and a reader maps the file
 * read-only: it works on a file made read-only (0400) and hands out read-only buffers.
 */
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
