package io.wipetrace.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.gateway.web.server.RawHttp;
import io.wipetrace.gateway.web.server.ServerSlice;
import io.wipetrace.gateway.web.server.ServerSliceTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A read is answered while more requests than Tomcat's pool has threads (200) wait, as writes wait for their commits
 * when the peers are saturated ({@link RequestThreads}).
 */
@SpringBootTest(classes = {ServerSlice.class, RequestThreadsTest.Held.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestThreadsTest extends ServerSliceTest {

    /** More than Tomcat's default pool of request threads. */
    private static final int HELD = 250;

    @Autowired
    private Held held;

    @Test
    void answers_a_read_while_more_requests_than_tomcat_has_threads_are_waiting() throws Exception {
        final List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            try {
                for (int i = 0; i < HELD; i++) {
                    waiting.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/verify/held-" + i + "/hold")).build(), HttpResponse.BodyHandlers.ofString()));
                }
                final boolean allArrived = held.arrived.tryAcquire(HELD, 2, TimeUnit.MINUTES);
                assertThat(allArrived).as("all %d requests are in the controller at once (%d are)", HELD,
                        held.arrived.availablePermits()).isTrue();

                final RawHttp.Answer read = RawHttp.send(port, "GET /api/v1/verify/abc HTTP/1.1");

                assertThat(read.status()).as(read.toString()).isEqualTo(200);
                assertThat(read.body()).isEqualTo("abc");
            } finally {
                held.release.countDown();
            }
            for (int i = 0; i < HELD; i++) {
                final HttpResponse<String> answer = waiting.get(i).get(2, TimeUnit.MINUTES);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).isEqualTo("held-" + i);
            }
        }
    }

    /** Holds each request until the test releases them all, as a write holds its request until its commit. */
    @RestController
    static class Held {
        final Semaphore arrived = new Semaphore(0);
        final CountDownLatch release = new CountDownLatch(1);

        @GetMapping("/api/v1/verify/{code}/hold")
        String hold(@PathVariable final String code) throws InterruptedException {
            arrived.release();
            release.await(3, TimeUnit.MINUTES);
            return code;
        }
    }
}
