package io.kekbit.sample.orders;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The {@code producer} and {@code consumer} profiles as two containers that share one memory-backed (tmpfs) Docker
 * volume as their kekbit root folder. Needs a Docker engine: where none is reachable the test is skipped by a JUnit
 * assumption that says so.
 */
class ProducerConsumerContainersTest
{
    private static final String ROOT_IN_CONTAINER = "/kekbit";
    private static final int PORT = 8080;
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path buildContext;

    @Test
    void shouldShareTheChannelBetweenTwoContainersThroughATmpfsVolume() throws IOException
    {
        // In the test, not in @BeforeAll, so that Surefire counts and reports it as skipped, with this message.
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
            "SKIPPED: no Docker engine reachable, so the two-container test (producer and consumer containers sharing "
                + "a tmpfs volume) did not run; ProducerConsumerProcessesTest covers the same flow with two JVMs");
        final DockerClient docker = DockerClientFactory.instance().client();
        final String volume = "kekbit-sample-" + UUID.randomUUID();
        docker.createVolumeCmd()
            .withName(volume)
            .withDriver("local")
            .withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64m"))
            .exec();
        final ImageFromDockerfile image = appImage();
        try (GenericContainer<?> producer = appContainer(image, volume, "producer");
            GenericContainer<?> consumer = appContainer(image, volume, "consumer"))
        {
            producer.start();
            consumer.start();
            final RestTestClient producerClient = client(producer);
            final RestTestClient consumerClient = client(consumer);

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
        }
        finally
        {
            docker.removeVolumeCmd(volume).exec();
        }
    }

    /**
     * An image holding the compiled application and every jar of the test class path, run with a plain
     * {@code java -cp}: no dependency on the packaging phase.
     */
    private ImageFromDockerfile appImage() throws IOException
    {
        final Path lib = Files.createDirectories(buildContext.resolve("lib"));
        for (final String entry : System.getProperty("java.class.path").split(System.getProperty("path.separator")))
        {
            final Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path))
            {
                Files.copy(path, lib.resolve(path.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new ImageFromDockerfile("kekbit-sample-app", true)
            .withFileFromPath("classes", Path.of("target", "classes"))
            .withFileFromPath("lib", lib)
            .withDockerfileFromBuilder(dockerfile -> dockerfile
                .from("eclipse-temurin:17-jre")
                .copy("classes", "/app/classes")
                .copy("lib", "/app/lib")
                .entryPoint("java", "-cp", "/app/classes:/app/lib/*", OrderJournalApplication.class.getName())
                .build());
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

    private static RestTestClient client(final GenericContainer<?> container)
    {
        return RestTestClient.bindToServer()
            .baseUrl("http://" + container.getHost() + ":" + container.getMappedPort(PORT))
            .build();
    }
}
