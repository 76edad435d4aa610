package io.kekbit.sample.orders;

import io.kekbit.core.Kekbit;
import io.kekbit.core.Reader;
import io.kekbit.core.Writer;
import io.kekbit.sample.orders.audit.AuditTrail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two writes of {@code POST /orders} over real HTTP, when one of them fails for real (its writer bean is closed,
 * so the write is refused as it would be after a failure): an audit write that fails after the order was written
 * answers 202 with the order's position and the audit error, and the order is in the channel exactly once (a client
 * does not retry it); an order write that fails answers 503 saying nothing was written, and nothing was.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@DirtiesContext
class OrderPartialWriteTests
{
    @TempDir
    static Path rootPath;

    @Autowired
    RestTestClient client;

    @Autowired
    ApplicationContext context;

    @DynamicPropertySource
    static void kekbitRoot(final DynamicPropertyRegistry registry)
    {
        registry.add("kekbit.root-path", rootPath::toString);
    }

    @Test
    void shouldReportWhatWasWrittenWhenEitherWriteFails()
    {
        context.getBean(AuditTrail.WRITER, Writer.class).close();
        client.post().uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"id\":\"p-1\",\"customer\":\"dave\",\"product\":\"kiwi\",\"quantity\":1,\"unitPrice\":2}")
            .exchange()
            .expectStatus().isAccepted()
            .expectHeader().exists(OrderController.POSITION_HEADER)
            .expectHeader().doesNotExist(OrderController.AUDIT_POSITION_HEADER)
            .expectHeader().value(OrderController.AUDIT_ERROR_HEADER, error -> assertThat(error)
                .contains("writer 'audit' refused a record").contains("CLOSED"))
            .expectBody().jsonPath("$.id").isEqualTo("p-1");
        assertThat(ordersInChannel()).containsExactly("p-1");

        context.getBean(OrderController.WRITER, Writer.class).close();
        client.post().uri("/orders")
            .contentType(MediaType.APPLICATION_JSON)
            .body("{\"id\":\"p-2\",\"customer\":\"dave\",\"product\":\"kiwi\",\"quantity\":1,\"unitPrice\":2}")
            .exchange()
            .expectStatus().isEqualTo(503)
            .expectHeader().doesNotExist(OrderController.POSITION_HEADER)
            .expectBody().jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                .startsWith("order not journalled (nothing was written; a retry is safe): writer 'orders' refused")
                .contains("CLOSED"));
        assertThat(ordersInChannel()).containsExactly("p-1");
    }

    private static List<String> ordersInChannel()
    {
        final List<String> ids = new ArrayList<>();
        try (Reader reader = Kekbit.shmReader(rootPath, 1001))
        {
            while (reader.read((buffer, offset, length, position) ->
            {
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                final String json = new String(bytes, StandardCharsets.UTF_8);
                final int start = json.indexOf("\"id\":\"") + 6;
                ids.add(json.substring(start, json.indexOf('"', start)));
            }, 100) > 0)
            {
                // to the end of the channel
            }
        }
        return ids;
    }
}
