package io.kekbit.sample.orders;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import io.kekbit.sample.orders.load.LoadCheck;
import io.kekbit.sample.orders.load.LoadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.LogUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The deployment the README's "Deploying in containers" describes, for real: the {@code producer} and
 * {@code consumer} profiles in two containers that share one memory-backed (tmpfs) Docker volume as their kekbit
 * root folder, and nothing else. It proves, in order: orders posted to the producer reach the consumer's view; the
 * consumer's Actuator health, read over HTTP, is UP; 100,000 checksummed records arrive intact, in order and once,
 * across a stop and start of the consumer's container (the durable position survives it); and when the producer's
 * container is killed mid-stream the consumer's listener ends with TIMEOUT once the channel's timeout has passed,
 * with no torn record delivered.
 * <p>
 * Needs a Docker engine ({@code .ci/container-engine.sh} starts one). Without one the test is skipped, with a
 * message naming that script, unless {@code KEKBIT_REQUIRE_DOCKER=true} (CI), where it fails. The image's base is
 * the system property {@value #BASE_IMAGE_PROPERTY} (Maven property of the same name).
 */
class ProducerConsumerContainersTest
{
    /** System property naming the base image: a JRE 17+ image with {@code java} on the path. */
    static final String BASE_IMAGE_PROPERTY = "kekbit.container.base-image";

    private static final String DEFAULT_BASE_IMAGE = "eclipse-temurin:17-jre";
    private static final String ROOT_IN_CONTAINER = "/kekbit";
    private static final int PORT = 8080;
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration DELIVERY = Duration.ofSeconds(60);
    private static final int STOP_TIMEOUT_SECONDS = 60;
    private static final int SIGKILL_EXIT = 137;
    private static final String LOAD_HEALTH = "$.components.kekbit.components.listeners.components['load-check']";

    /** 100,000 records at 5,000 a second: the stream is still flowing when the consumer is stopped. */
    private static final long RECORDS = 100_000;
    private static final long RATE = 5_000;
    private static final long STOP_CONSUMER_AFTER = 20_000;
    /** The load channel's {@code timeout} in application.yaml. */
    private static final Duration CHANNEL_TIMEOUT = Duration.ofSeconds(10);
    /** Records a killed consumer may see again: the default {@code kekbit.listener.max-records-per-poll}. */
    private static final long KILLED_DUPLICATE_BOUND = 64;
    private static final Pattern SHUTDOWN_SUMMARY = Pattern.compile(Pattern.quote(LoadCheck.SHUTDOWN_LOG_PREFIX)
        + "records=(\\d+) firstSequence=(\\d+) lastSequence=(\\d+) duplicates=(\\d+) missing=(\\d+) corrupt=(\\d+)");

    @TempDir
    Path buildContext;

    @Test
    void shouldDeployProducerAndConsumerInContainersSharingAMemoryVolume() throws IOException
    {
        // In the test, not in @BeforeAll, so that Surefire counts and reports it as skipped, with this message.
        final boolean available = DockerClientFactory.instance().isDockerAvailable();
        if (!available && "true".equals(System.getenv("KEKBIT_REQUIRE_DOCKER")))
        {
            fail("KEKBIT_REQUIRE_DOCKER=true but no Docker engine is reachable (DOCKER_HOST="
                + System.getenv("DOCKER_HOST") + "); start one with .ci/container-engine.sh and export what "
                + "'.ci/container-engine.sh env' prints");
        }
        assumeTrue(available, "SKIPPED: no Docker engine reachable, so the two-container test did not run; "
            + "start a private engine with .ci/container-engine.sh and export what '.ci/container-engine.sh env' "
            + "prints (ProducerConsumerProcessesTest covers the orders flow with two JVMs)");
        final DockerClient docker = DockerClientFactory.instance().client();
        final String volume = "kekbit-sample-" + UUID.randomUUID();
        docker.createVolumeCmd()
            .withName(volume)
            .withDriver("local")
            .withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=128m"))
            .exec();
        // A tag of its own, removed at the end: without Ryuk nothing else removes the image.
        final String imageName = "kekbit-sample-app:" + UUID.randomUUID();
        final ImageFromDockerfile image = appImage(imageName);
        try (GenericContainer<?> producer = appContainer(image, volume, "producer");
            GenericContainer<?> consumer = appContainer(image, volume, "consumer"))
        {
            try
            {
                producer.start();
                consumer.start();
                final RestTestClient producerClient = client(producer, producer.getMappedPort(PORT));
                shouldCarryOrders(producerClient, client(consumer, consumer.getMappedPort(PORT)));
                final RestTestClient restarted = shouldKeepTheDurablePositionAcrossAConsumerRestart(
                    docker, consumer, producerClient);
                shouldTimeOutWithoutATornRecordWhenTheProducerIsKilled(docker, producer, producerClient, restarted);
            }
            catch (final AssertionError | RuntimeException ex)
            {
                throw new AssertionError(ex.getMessage() + "\n" + logTail(docker, producer) + "\n"
                    + logTail(docker, consumer), ex);
            }
        }
        finally
        {
            docker.removeVolumeCmd(volume).exec();
            try
            {
                docker.removeImageCmd(imageName).withForce(true).exec();
            }
            catch (final NotFoundException ex)
            {
                // Never built: the test failed before it needed the image.
            }
        }
    }

    private static void shouldCarryOrders(final RestTestClient producerClient, final RestTestClient consumerClient)
    {
        for (int i = 1; i <= 3; i++)
        {
            producerClient.post().uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"id\":\"d-" + i + "\",\"customer\":\"dora\",\"product\":\"box\",\"quantity\":" + i
                    + ",\"unitPrice\":1}")
                .exchange()
                .expectStatus().isAccepted();
        }
        await("consumer container's view holds the 3 orders").atMost(DELIVERY)
            .untilAsserted(() -> consumerClient.get().uri("/orders/summary").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.orders").isEqualTo(3)
                .jsonPath("$.byProduct.box.quantity").isEqualTo(6));
        consumerClient.get().uri("/actuator/health").exchange()
            .expectStatus().isOk()
            .expectBody()
            .jsonPath("$.status").isEqualTo("UP")
            .jsonPath("$.components.kekbit.status").isEqualTo("UP")
            .jsonPath(LOAD_HEALTH + ".details.state").isEqualTo("RUNNING")
            .jsonPath(LOAD_HEALTH + ".details.channelId").isEqualTo(1003);
    }

    /**
     * Streams 100,000 records, stops the consumer's container while they flow, starts it again and checks that the
     * two runs of the consumer together read every record once: the second starts where the first ended.
     */
    private static RestTestClient shouldKeepTheDurablePositionAcrossAConsumerRestart(
        final DockerClient docker, final GenericContainer<?> consumer, final RestTestClient producerClient)
    {
        final RestTestClient before = client(consumer, consumer.getMappedPort(PORT));
        producerClient.post().uri("/load?count=" + RECORDS + "&rate=" + RATE).exchange()
            .expectStatus().isAccepted()
            .expectBody().jsonPath("$.firstSequence").isEqualTo(1);
        await("consumer has checked " + STOP_CONSUMER_AFTER + " records").atMost(DELIVERY)
            .untilAsserted(() -> assertThat(summary(before).lastSequence()).isGreaterThanOrEqualTo(STOP_CONSUMER_AFTER));

        docker.stopContainerCmd(consumer.getContainerId()).withTimeout(STOP_TIMEOUT_SECONDS).exec();
        final long exitCode = docker.inspectContainerCmd(consumer.getContainerId()).exec().getState().getExitCodeLong();
        final long[] first = shutdownSummary(LogUtils.getOutput(docker, consumer.getContainerId()));
        final long lastBeforeStop = first[2];
        assertThat(first[1]).as("first consumer run's first sequence").isEqualTo(1);
        assertThat(first[0]).as("first consumer run's records").isEqualTo(lastBeforeStop);
        assertThat(first).as("first consumer run's duplicates, missing and corrupt records").endsWith(0L, 0L, 0L);
        assertThat(lastBeforeStop).as("stopped mid-stream").isLessThan(RECORDS);

        docker.startContainerCmd(consumer.getContainerId()).exec();
        final RestTestClient after = client(consumer, hostPort(docker, consumer.getContainerId()));
        awaitUp(after);
        await("producer wrote the " + RECORDS + " records").atMost(DELIVERY)
            .untilAsserted(() -> producerClient.get().uri("/load").exchange()
                .expectBody()
                .jsonPath("$.running").isEqualTo(false)
                .jsonPath("$.written").isEqualTo(RECORDS)
                .jsonPath("$.failure").doesNotExist());
        await("restarted consumer has checked up to record " + RECORDS).atMost(DELIVERY)
            .untilAsserted(() -> assertThat(summary(after).lastSequence()).isEqualTo(RECORDS));

        final LoadSummary second = summary(after);
        // A graceful stop saves the position of the last record handled; a stop that ended in SIGKILL (the JVM did
        // not finish within the stop timeout) may repeat the records of one poll.
        final long bound = exitCode == SIGKILL_EXIT ? KILLED_DUPLICATE_BOUND : 0;
        assertThat(second.firstSequence()).as("resumed at most one record after the last one read before the stop "
            + "(" + lastBeforeStop + "), and repeated at most " + bound + " (exit code " + exitCode + ")")
            .isBetween(lastBeforeStop + 1 - bound, lastBeforeStop + 1);
        assertThat(second.duplicates()).isZero();
        assertThat(second.missing()).isZero();
        assertThat(second.corrupt()).isZero();
        assertThat(second.records()).isEqualTo(RECORDS - second.firstSequence() + 1);
        System.out.println("consumer stopped after sequence " + lastBeforeStop + " (exit code " + exitCode
            + "), restarted at sequence " + second.firstSequence() + ", read " + second.records() + " more");
        return after;
    }

    /**
     * Streams again, kills the producer's container mid-stream (no CLOSE marker is written) and checks that the
     * consumer's listener reports TIMEOUT, not before the channel's timeout, having delivered only intact records.
     */
    private static void shouldTimeOutWithoutATornRecordWhenTheProducerIsKilled(final DockerClient docker,
        final GenericContainer<?> producer, final RestTestClient producerClient, final RestTestClient consumerClient)
    {
        final long firstSequence = RECORDS + 1;
        producerClient.post().uri("/load?count=1000000&rate=2000").exchange()
            .expectStatus().isAccepted()
            .expectBody().jsonPath("$.firstSequence").isEqualTo(firstSequence);
        await("consumer follows the second run").atMost(DELIVERY)
            .untilAsserted(() -> assertThat(summary(consumerClient).lastSequence())
                .isGreaterThanOrEqualTo(firstSequence + 4_000));

        // Taken before the kill: the engine answers a SIGKILL only once the container has exited.
        final long killedAt = System.nanoTime();
        docker.killContainerCmd(producer.getContainerId()).exec();
        await("consumer's load listener reports TIMEOUT").atMost(CHANNEL_TIMEOUT.plus(DELIVERY))
            .pollInterval(Duration.ofMillis(250))
            .untilAsserted(() -> consumerClient.get().uri("/actuator/health").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath(LOAD_HEALTH + ".status").isEqualTo("DOWN")
                .jsonPath(LOAD_HEALTH + ".details.state").isEqualTo("FAILED")
                .jsonPath(LOAD_HEALTH + ".details.reason").value(String.class,
                    reason -> assertThat(reason).startsWith("TIMEOUT")));
        final Duration detectedAfter = Duration.ofNanos(System.nanoTime() - killedAt);
        // The reader arms the timeout on the first empty polls after the last record, so TIMEOUT comes at least the
        // channel's timeout after the producer's last write. The producer writes every millisecond until it is killed;
        // 1 s of slack covers a producer stalled (CPU, GC) just before the kill.
        assertThat(detectedAfter).as("TIMEOUT not before the channel's timeout")
            .isGreaterThanOrEqualTo(CHANNEL_TIMEOUT.minusSeconds(1));

        final LoadSummary summary = summary(consumerClient);
        System.out.println("producer killed; consumer reported TIMEOUT after " + detectedAfter.toMillis()
            + " ms, having read up to sequence " + summary.lastSequence());
        assertThat(summary.corrupt()).as("torn or corrupt records delivered").isZero();
        assertThat(summary.missing()).isZero();
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.lastSequence()).isGreaterThanOrEqualTo(firstSequence + 4_000);
        assertThat(summary.records()).isEqualTo(summary.lastSequence() - summary.firstSequence() + 1);
    }

    /**
     * An image holding the compiled application and the test class path (jars, and the class folders of sibling
     * modules in a reactor build that stops before {@code package}), run with a plain {@code java -cp}: no dependency
     * on the packaging phase.
     */
    private ImageFromDockerfile appImage(final String imageName) throws IOException
    {
        final Path lib = Files.createDirectories(buildContext.resolve("lib"));
        final List<String> classPath = new ArrayList<>();
        classPath.add("/app/classes");
        int folders = 0;
        for (final String entry : System.getProperty("java.class.path").split(System.getProperty("path.separator")))
        {
            final Path path = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && Files.isRegularFile(path))
            {
                Files.copy(path, lib.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            else if (Files.isDirectory(path) && !path.startsWith(Path.of("target").toAbsolutePath()))
            {
                final String name = "dir" + folders++;
                copyTree(path, lib.resolve(name));
                classPath.add("/app/lib/" + name);
            }
        }
        classPath.add("/app/lib/*");
        final String base = System.getProperty(BASE_IMAGE_PROPERTY, DEFAULT_BASE_IMAGE);
        return new ImageFromDockerfile(imageName, false)
            .withFileFromPath("classes", Path.of("target", "classes"))
            .withFileFromPath("lib", lib)
            .withDockerfileFromBuilder(dockerfile -> dockerfile
                .from(base)
                .copy("classes", "/app/classes")
                .copy("lib", "/app/lib")
                .entryPoint("java", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", String.join(":", classPath), OrderJournalApplication.class.getName())
                .build());
    }

    private static void copyTree(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> paths = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path))
                {
                    Files.createDirectories(target);
                }
                else
                {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static GenericContainer<?> appContainer(
        final ImageFromDockerfile image, final String volume, final String profile)
    {
        return new GenericContainer<>(image)
            .withCommand("--spring.profiles.active=" + profile, "--server.port=" + PORT,
                "--kekbit.root-path=" + ROOT_IN_CONTAINER)
            .withExposedPorts(PORT)
            .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMounts(List.of(
                new Mount().withType(MountType.VOLUME).withSource(volume).withTarget(ROOT_IN_CONTAINER))))
            .waitingFor(Wait.forHttp("/actuator/health").forStatusCode(200).withStartupTimeout(STARTUP));
    }

    private static RestTestClient client(final GenericContainer<?> container, final int port)
    {
        return RestTestClient.bindToServer()
            .baseUrl("http://" + container.getHost() + ":" + port)
            .build();
    }

    /** The host port of a container's {@value #PORT} as it is now: a restarted container gets a new one. */
    private static int hostPort(final DockerClient docker, final String containerId)
    {
        final InspectContainerResponse info = docker.inspectContainerCmd(containerId).exec();
        final Ports.Binding[] bindings = info.getNetworkSettings().getPorts().getBindings().get(ExposedPort.tcp(PORT));
        assertThat(bindings).as("port bindings of the restarted container").isNotEmpty();
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    private static void awaitUp(final RestTestClient client)
    {
        await("restarted consumer up").atMost(STARTUP)
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .untilAsserted(() -> client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP"));
    }

    private static LoadSummary summary(final RestTestClient client)
    {
        return client.get().uri("/load/summary").exchange()
            .expectStatus().isOk()
            .expectBody(LoadSummary.class).returnResult().getResponseBody();
    }

    /** The counts of the last shutdown summary line in a log: records, first, last, duplicates, missing, corrupt. */
    private static long[] shutdownSummary(final String log)
    {
        final Matcher matcher = SHUTDOWN_SUMMARY.matcher(log);
        long[] counts = null;
        while (matcher.find())
        {
            counts = new long[6];
            for (int i = 0; i < counts.length; i++)
            {
                counts[i] = Long.parseLong(matcher.group(i + 1));
            }
        }
        assertThat(counts).as("'" + LoadCheck.SHUTDOWN_LOG_PREFIX + "' line in the stopped consumer's log").isNotNull();
        return counts;
    }

    private static String logTail(final DockerClient docker, final GenericContainer<?> container)
    {
        final String id = container.getContainerId();
        if (id == null)
        {
            return "";
        }
        try
        {
            final List<String> lines = LogUtils.getOutput(docker, id).lines().toList();
            return "---- container " + container.getDockerImageName() + " " + id + " log ----\n"
                + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
        catch (final RuntimeException ex)
        {
            return "---- container " + id + " log unreadable: " + ex;
        }
    }
}
