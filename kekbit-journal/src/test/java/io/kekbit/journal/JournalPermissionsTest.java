package io.kekbit.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kekbit.core.KekbitException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal writer creates its folders, {@code journal.lock}, segments and durable positions with their final
 * permissions (owner-only by default, the configured ones otherwise), even under {@code umask 000} in a child JVM;
 * and it refuses a {@code journal.lock} that is a symbolic link.
 */
class JournalPermissionsTest
{
    @TempDir
    Path base;

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "umask and POSIX modes as Linux has them")
    void everyFileAndFolderHasItsFinalPermissionsUnderUmask000() throws Exception
    {
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", UmaskJournalChild.class.getName(),
            base.toString()));
        final StringBuilder script = new StringBuilder("umask 000 && exec");
        for (final String arg : command)
        {
            script.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        final Process process = new ProcessBuilder("sh", "-c", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            assertThat(out.readLine()).isEqualTo("UMASK rw-rw-rw-");
            assertThat(out.readLine()).isEqualTo("READY");
            final Path root = base.resolve("root");
            assertThat(mode(root)).isEqualTo("rwx------");
            final Path owner = Journal.folder(root, 5);
            assertThat(mode(owner)).isEqualTo("rwx------");
            assertThat(mode(owner.resolve(Journal.WRITER_LOCK_FILE))).isEqualTo("rw-------");
            assertThat(mode(Journal.positionPath(root, 5, "audit"))).isEqualTo("rw-------");
            assertThat(modesOfSegments(owner)).isNotEmpty().containsOnly("rw-------");
            final Path shared = Journal.folder(root, 6);
            assertThat(mode(shared)).isEqualTo("rwxr-x---");
            assertThat(mode(shared.resolve(Journal.WRITER_LOCK_FILE))).isEqualTo("rw-r-----");
            assertThat(modesOfSegments(shared)).isNotEmpty().containsOnly("rw-r-----");
            process.getOutputStream().close();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "symbolic links as POSIX systems have them")
    void writerRefusesAJournalLockThatIsALink() throws IOException
    {
        final Path folder = Journal.folder(base, 7);
        Files.createDirectories(folder);
        final Path target = Files.write(base.resolve("target"), new byte[] {9});
        Files.createSymbolicLink(folder.resolve(Journal.WRITER_LOCK_FILE), target);
        assertThatThrownBy(() -> Journal.writer(base, JournalConfig.builder(7).segmentCapacity(16384)
            .maxMessageLength(256).timeout(Duration.ofHours(1)).build()))
            .isInstanceOf(KekbitException.class)
            .hasMessageContaining(folder.resolve(Journal.WRITER_LOCK_FILE).toString())
            .hasMessageContaining("is a symbolic link");
        assertThat(Files.readAllBytes(target)).containsExactly(9);
    }

    @Test
    void permissionsMustLetTheOwnerReadAndWrite()
    {
        assertThatThrownBy(() -> JournalConfig.builder(7).permissions(PosixFilePermissions.fromString("r--r-----")))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("permissions must let the owner read and write: permissions=r--r-----");
    }

    private static List<String> modesOfSegments(final Path folder) throws IOException
    {
        try (Stream<Path> files = Files.list(folder))
        {
            final List<String> modes = new ArrayList<>();
            for (final Path file : (Iterable<Path>)files.filter(f -> f.toString().endsWith(".kekbit"))::iterator)
            {
                modes.add(mode(file));
            }
            return modes;
        }
    }

    private static String mode(final Path path) throws IOException
    {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }
}
