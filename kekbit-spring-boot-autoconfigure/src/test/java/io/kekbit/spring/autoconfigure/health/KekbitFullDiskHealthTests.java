package io.kekbit.spring.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.kekbit.core.KekbitException;
import io.kekbit.core.Writer;
import io.kekbit.spring.autoconfigure.KekbitAutoConfiguration;
import io.kekbit.spring.core.RollingWriter;
import io.kekbit.spring.health.KekbitHealthContributor;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A roll writer on a real 2 MiB tmpfs: once the disk is full, the roll cannot create the next segment, every write
 * throws, and the writer's health is DOWN (state FAILING) with the failure as the reason; after the tmpfs is grown
 * (remounted larger), the next write succeeds and health is UP again. Mounting needs root: skipped, with the reason,
 * where {@code mount -t tmpfs} is refused.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "mounts a Linux tmpfs")
class KekbitFullDiskHealthTests
{
    @TempDir
    Path base;

    private Path disk;
    private boolean mounted;

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KekbitAutoConfiguration.class,
            KekbitHealthContributorAutoConfiguration.class));

    @BeforeEach
    void mountSmallTmpfs() throws Exception
    {
        disk = Files.createDirectory(base.resolve("disk"));
        final String failure = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString());
        Assumptions.assumeTrue(failure == null, () -> "cannot mount a 2 MiB tmpfs (needs root): " + failure);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception
    {
        if (mounted)
        {
            // A mapping is released when its buffer is collected (before Java 22), so the closed context may still
            // hold the disk for a while: collect and retry before falling back to a lazy unmount.
            final String[] failure = {run("umount", disk.toString())};
            if (failure[0] != null)
            {
                try
                {
                    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                    {
                        System.gc();
                        failure[0] = run("umount", disk.toString());
                        return failure[0] == null;
                    });
                }
                catch (final ConditionTimeoutException ex)
                {
                    assertThat(run("umount", "-l", disk.toString())).as("lazy unmount after: %s", failure[0])
                        .isNull();
                }
            }
        }
    }

    @Test
    void writerWhoseRollFailsOnAFullDiskIsDownWithTheReason()
    {
        contextRunner.withPropertyValues("kekbit.root-path=" + disk, "kekbit.writers.journal.channel-id=7",
            "kekbit.writers.journal.roll.enabled=true", "kekbit.writers.journal.capacity=256KB",
            "kekbit.writers.journal.max-message-length=1KB").run(context ->
            {
                assertThat(context).hasNotFailed();
                final RollingWriter writer = (RollingWriter)context.getBean("journal", Writer.class);
                final CompositeHealthContributor kekbit = context.getBean(KekbitHealthContributor.class);
                assertThat(health(kekbit).getStatus()).isEqualTo(Status.UP);
                final byte[] record = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
                KekbitException failure = null;
                long written = 0;
                while (failure == null && written < 10_000)
                {
                    try
                    {
                        assertThat(writer.write(record)).isPositive();
                        written++;
                    }
                    catch (final KekbitException ex)
                    {
                        failure = ex;
                    }
                }
                assertThat(failure).as("a write fails once the 2 MiB disk is full (%d written)", written)
                    .isNotNull();
                assertThat(writer.lastFailure()).isSameAs(failure);
                final Health down = health(kekbit);
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsEntry("state", "FAILING")
                    .containsEntry("reason", failure.getMessage())
                    .containsEntry("exception", failure.getClass().getName());
                assertThat(failure.getMessage()).contains(disk.toString());
                assertThatThrownBy(() -> writer.write(record)).as("writes keep failing while the disk is full")
                    .isInstanceOf(KekbitException.class);
                assertThat(health(kekbit).getStatus()).isEqualTo(Status.DOWN);

                assertThat(run("mount", "-o", "remount,size=16m", disk.toString())).isNull();
                long next = -1;
                for (int i = 0; i < 1_000 && next < 0; i++)
                {
                    try
                    {
                        next = writer.write(record);
                    }
                    catch (final KekbitException ex)
                    {
                        Thread.onSpinWait();
                    }
                }
                assertThat(next).as("a write succeeds once there is room").isPositive();
                assertThat(writer.lastFailure()).isNull();
                assertThat(health(kekbit).getStatus()).isEqualTo(Status.UP);
                assertThat(health(kekbit).getDetails()).containsEntry("state", "OPEN");
            });
    }

    private static Health health(final CompositeHealthContributor kekbit)
    {
        final CompositeHealthContributor writers = (CompositeHealthContributor)kekbit.getContributor("writers");
        return ((HealthIndicator)writers.getContributor("journal")).health();
    }

    /** Runs a command; returns null on success, else its exit code and output. */
    private static String run(final String... command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": " +
            output;
    }
}
