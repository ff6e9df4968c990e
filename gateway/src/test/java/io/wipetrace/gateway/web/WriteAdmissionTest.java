package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.web.server.RawHttp;
import io.wipetrace.gateway.web.server.ServerSlice;
import io.wipetrace.gateway.web.server.ServerSliceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * At most {@code wipetrace.web.writes-in-flight} writes run at once; one more is refused with a problem once it has
 * waited {@code write-wait}, while reads go on ({@link WriteAdmission}).
 */
@SpringBootTest(classes = {ServerSlice.class, WriteAdmissionTest.Held.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.web.writes-in-flight=2", "wipetrace.web.write-wait=300ms"})
class WriteAdmissionTest extends ServerSliceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private Held held;

    @Test
    void refuses_a_write_beyond_the_limit_with_a_problem_while_reads_go_on_and_admits_one_once_a_place_is_free()
            throws Exception {
        // Held as long as the test needs, however busy the machine: no read timeout on these two.
        final List<CompletableFuture<HttpResponse<String>>> holding = new ArrayList<>();
        try (HttpClient clients = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            try {
                for (int i = 0; i < 2; i++) {
                    holding.add(clients.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/verify/held-" + i + "/hold")).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                assertThat(held.arrived.tryAcquire(2, 1, TimeUnit.MINUTES)).as("both writes are running").isTrue();

                final RawHttp.Answer third = RawHttp.postJson(port, "/api/v1/verify/held-2/hold", "{\"n\":3}");

                assertThat(third.status()).as(third.toString()).isEqualTo(503);
                assertThat(third.headers()).containsEntry("retry-after", "2");
                final JsonNode problem = JSON.readTree(third.body());
                assertThat(problem.path("code").asText()).isEqualTo("WRITES_BUSY");
                assertThat(problem.path("detail").asText()).contains("2 writes in flight").contains("try again");
                assertThat(held.arrived.availablePermits()).as("the refused write did not reach its controller")
                        .isZero();

                final RawHttp.Answer read = RawHttp.send(port, "GET /api/v1/verify/abc HTTP/1.1");
                assertThat(read.status()).as(read.toString()).isEqualTo(200);
            } finally {
                held.release.countDown();
            }
            for (CompletableFuture<HttpResponse<String>> answer : holding) {
                assertThat(answer.get(1, TimeUnit.MINUTES).statusCode()).isEqualTo(200);
            }
        }

        final RawHttp.Answer after = RawHttp.postJson(port, "/api/v1/verify/abc/echo", "{\"n\":4}");
        assertThat(after.status()).as(after.toString()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).path("n").asInt()).isEqualTo(4);
    }

    /** Holds each write until the test releases them all. */
    @RestController
    static class Held {
        final Semaphore arrived = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);

        @PostMapping("/api/v1/verify/{code}/hold")
        String hold(@PathVariable final String code, @RequestBody final Map<String, Object> body)
                throws InterruptedException {
            arrived.release();
            release.await(3, TimeUnit.MINUTES);
            return code;
        }
    }
}
