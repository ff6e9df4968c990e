package io.wipetrace.tools.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's retries against a real HTTP server that answers as the gateway does. */
class ApiClientTest {

    private static final String IN_PROGRESS = "{\"code\":\"IDEMPOTENCY_REQUEST_IN_PROGRESS\",\"status\":409}";

    private final List<String> keys = new CopyOnWriteArrayList<>();
    private HttpServer server;

    /** A server whose n-th answer (from 1) the function gives as status and body; Retry-After 0 on a 409. */
    private URI serve(final IntFunction<Map.Entry<Integer, String>> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", (HttpExchange exchange) -> {
            keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
            exchange.getRequestBody().readAllBytes();
            final Map.Entry<Integer, String> answer = answers.apply(keys.size());
            final byte[] body = answer.getValue().getBytes(StandardCharsets.UTF_8);
            if (answer.getKey() == 409) {
                exchange.getResponseHeaders().add("Retry-After", "0");
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.getKey(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void asks_again_with_the_same_key_while_the_first_send_still_runs_and_returns_its_answer() throws Exception {
        final URI base = serve(n -> n < 3 ? Map.entry(409, IN_PROGRESS) : Map.entry(201, "{\"deviceId\":\"D-1\"}"));
        final ApiClient client = new ApiClient(base, Map.of("collector", "k"), Duration.ofSeconds(30), 3);

        final ApiClient.Response response = client.post("collector", "/api/v1/collections", Map.of("a", 1),
                "key-00000001");

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body().path("deviceId").asText()).isEqualTo("D-1");
        assertThat(keys).containsExactly("key-00000001", "key-00000001", "key-00000001");
    }

    @Test
    void gives_back_the_conflict_once_the_first_send_has_run_longer_than_its_patience() throws Exception {
        final URI base = serve(n -> Map.entry(409, IN_PROGRESS));
        final ApiClient client = new ApiClient(base, Map.of("collector", "k"), Duration.ofMillis(200), 3);

        final ApiClient.Response response = client.post("collector", "/api/v1/collections", Map.of("a", 1),
                "key-00000002");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body().path("code").asText()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS");
        assertThat(keys).hasSizeGreaterThan(1).containsOnly("key-00000002");
    }

    @Test
    void returns_other_conflicts_at_once() throws Exception {
        final URI base = serve(n -> Map.entry(409, "{\"code\":\"IDEMPOTENCY_KEY_REUSED\",\"status\":409}"));
        final ApiClient client = new ApiClient(base, Map.of("collector", "k"), Duration.ofSeconds(30), 3);

        final ApiClient.Response response = client.post("collector", "/api/v1/collections", Map.of("a", 1),
                "key-00000003");

        assertThat(response.status()).isEqualTo(409);
        assertThat(keys).hasSize(1);
    }
}
