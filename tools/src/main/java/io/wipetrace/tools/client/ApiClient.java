package io.wipetrace.tools.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small client of the gateway's REST API for the demo and the benchmarks: JSON in and out, an idempotency key per
 * write, reused when a write is retried after a broken connection or a 5xx answer, and sent again after a moment
 * while the gateway says the first send still runs, as any client of the API should.
 */
public final class ApiClient {

    /** One answer: the HTTP status, the JSON body (missing node when there is none) and how long it took. */
    public record Response(int status, JsonNode body, long nanos) {

        public boolean ok() {
            return status / 100 == 2;
        }

        /** The body of a 2xx answer, or an exception naming the request and the problem the gateway reported. */
        public JsonNode expect(final String what) {
            if (!ok()) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " "
                        + body.path("code").asText("") + " " + body.path("detail").asText(body.toString()));
            }
            return body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final Map<String, String> keys;
    private final Duration timeout;
    private final int attempts;

    /** A client that waits up to a minute for an answer and sends a request up to three times. */
    public ApiClient(final URI base, final Map<String, String> keys) {
        this(base, keys, Duration.ofSeconds(60), 3);
    }

    /**
     * A client with its own patience.
     *
     * @param timeout how long to wait for one answer
     * @param attempts how many times to send a request that got no answer or a 5xx
     */
    public ApiClient(final URI base, final Map<String, String> keys, final Duration timeout, final int attempts) {
        this.base = base;
        this.keys = Map.copyOf(keys);
        this.timeout = timeout;
        this.attempts = attempts;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * The demo API keys a local gateway writes: organisation key (collector, processor, …) or {@code admin} → key.
     */
    public static Map<String, String> demoKeys(final Path state) throws IOException {
        final Map<String, String> keys = new HashMap<>();
        for (JsonNode key : JSON.readTree(state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            final String name = "ADMIN".equals(key.path("role").asText()) ? "admin" : key.path("organisation").asText();
            keys.put(name, key.path("apiKey").asText());
        }
        return keys;
    }

    public URI base() {
        return base;
    }

    public Response get(final String caller, final String path) {
        return send(request(caller, path).GET().build());
    }

    public Response post(final String caller, final String path, final Object body) {
        return post(caller, path, body, UUID.randomUUID().toString());
    }

    /** A JSON write under the caller's own idempotency key, so that the caller can retry it later. */
    public Response post(final String caller, final String path, final Object body, final String idempotencyKey) {
        final byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request(caller, path).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    /** A write whose body is a file (a bulk import's CSV or JSON lines), under the caller's idempotency key. */
    public Response postFile(final String caller, final String path, final String contentType, final byte[] file,
            final String idempotencyKey) {
        return send(request(caller, path).header("Content-Type", contentType).header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build());
    }

    /** An erasure: the record as JSON and the report file, as multipart/form-data. */
    public Response postErasure(final String caller, final ObjectNode record, final byte[] report) {
        final String boundary = "wipetrace-" + UUID.randomUUID();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "record", null, "application/json", record.toString().getBytes(StandardCharsets.UTF_8));
        part(body, boundary, "report", "report.json", "application/octet-stream", report);
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return send(request(caller, "/api/v1/erasures")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    private static void part(final ByteArrayOutputStream out, final String boundary, final String name,
            final String filename, final String type, final byte[] content) {
        final String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\nContent-Type: " + type + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private HttpRequest.Builder request(final String caller, final String path) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json, application/problem+json");
        if (caller != null) {
            final String key = keys.get(caller);
            if (key == null) {
                throw new IllegalArgumentException("no API key for " + caller);
            }
            builder.header("X-Api-Key", key);
        }
        return builder;
    }

    /**
     * Sends, retrying the same request (so with the same idempotency key) after a broken connection or a 5xx; while
     * the gateway answers that an earlier send of it is still running ({@code 409 IDEMPOTENCY_REQUEST_IN_PROGRESS}),
     * asks again after its {@code Retry-After}, for at most the client's timeout, to get that send's answer.
     */
    private Response send(final HttpRequest request) {
        IOException failure = null;
        long runningSince = -1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            final long start = System.nanoTime();
            try {
                final HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                final long nanos = System.nanoTime() - start;
                final JsonNode body = response.body().length == 0 ? JSON.missingNode() : parse(response.body());
                if (stillRunning(response.statusCode(), body)) {
                    runningSince = runningSince < 0 ? start : runningSince;
                    if (System.nanoTime() - runningSince < timeout.toNanos()) {
                        attempt--;
                        sleep(retryAfterMillis(response));
                        continue;
                    }
                }
                if (response.statusCode() < 500 || attempt == attempts) {
                    return new Response(response.statusCode(), body, nanos);
                }
            } catch (IOException e) {
                failure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(200L * attempt);
        }
        throw new UncheckedIOException(request.method() + " " + request.uri() + " failed " + attempts + " times", failure);
    }

    private static boolean stillRunning(final int status, final JsonNode body) {
        return status == 409 && "IDEMPOTENCY_REQUEST_IN_PROGRESS".equals(body.path("code").asText());
    }

    /** The answer's Retry-After in milliseconds (seconds form), a second when it has none or it cannot be read. */
    private static long retryAfterMillis(final HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Math.max(0, Long.parseLong(value.trim())) * 1000;
            } catch (NumberFormatException notSeconds) {
                return 1000L;
            }
        }).orElse(1000L);
    }

    private static JsonNode parse(final byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
