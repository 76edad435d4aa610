package io.kekbit.spring.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.Kekbit;

import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A channel file truncated by another process under a live writer: a template send reports a
 * {@link KekbitSendException} naming the file and that it shrank (no reason; the writer's
 * {@link io.kekbit.core.ChannelException} as the cause), releases the failed claim, and the JVM goes on. The JDK
 * raises the fault as an {@link InternalError} in the template's own code (the claim's buffer), which the template
 * hands to the writer through core's {@code MappingFaults}. The child JVM runs interpreted ({@code -Xint}) so that
 * the JDK raises the fault at the access that touched the page; from compiled code it may come later, at a
 * safepoint check after the send returned, which no test can pin down.
 */
@EnabledOnOs(OS.LINUX)
@EnabledForJreRange(min = JRE.JAVA_22, disabledReason = "on Java 17 to 21 (MappedByteBuffer path) the JDK raises " +
    "the fault in compiled code after the send returned, even with -Xint, where the template cannot catch it")
class TruncatedChannelSendTests
{
    @TempDir
    Path root;

    @Test
    void shouldReportASendToATruncatedChannelNamingTheFile() throws IOException, InterruptedException
    {
        final Path out = root.resolve("child.out");
        final Path err = root.resolve("child.err");
        final Path channels = root.resolve("channels");
        final Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xint",
            "-cp", System.getProperty("java.class.path"), TruncatedChannelSendChild.class.getName(),
            channels.toString())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(child.waitFor(180, TimeUnit.SECONDS)).as("child finished").isTrue();
        final String stdout = Files.readString(out, StandardCharsets.UTF_8);
        final String stderr = Files.readString(err, StandardCharsets.UTF_8);
        final String description = "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        assertThat(child.exitValue()).as(description).isZero();
        final String mapped = ", " + (1024 + (1 << 20) + 32) + " bytes were mapped (";
        for (final String writer : new String[] {"raw", "enveloped"})
        {
            final String file = Kekbit.storagePath(channels, "raw".equals(writer) ? 1 : 2).toString();
            assertThat(stdout).as(description).contains("BEFORE " + writer + " SENT")
                .contains("AFTER " + writer + " SEND_FAILED null mapping-faults writer '" + writer + "' could not " +
                    "write: COULD_NOT_ACCESS_STORAGE: " + file + ": the file shrank below its capacity while open: it " +
                    "is now 0 bytes" + mapped);
        }
        assertThat(stdout).as(description)
            .contains("OTHER-THREAD raw SEND_FAILED null mapping-faults writer 'raw' could not write: " +
                "COULD_NOT_ACCESS_STORAGE: " + Kekbit.storagePath(channels, 1) + ": the file shrank")
            .contains("ALIVE")
            .doesNotContain("THROWN");
        assertThat(stderr).as(description).doesNotContain("hs_err", "SIGBUS");
    }
}
