package io.wipetrace.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.tools.Arguments;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Bulk import against single-record writes, over HTTP on a running gateway, printed, never asserted: {@code singles}
 * collections through {@code POST /api/v1/collections} ({@code inFlight} at a time), then one import of {@code rows}
 * collections through {@code POST /api/v1/imports}, timed from the request to the job's completion. Run it with
 * {@code ./wipetrace bench imports [rows] [singles] [inFlight]} (defaults 10,000, 2,000, 256: the single writes at
 * saturation), which points it at the
 * {@code up} gateway and its demo API keys.
 */
public final class ImportBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ImportBenchmark() {}

    public static void main(final String[] args) throws Exception {
        // By default as issue 17 measures it: a 10,000-row import against single writes at saturation (256 in flight,
        // the sweep's knee; at 8 or 32 in flight the orderers' batch timeout sets the single writes' pace).
        final int rows = Arguments.integer(args, 0, "rows", 10_000);
        final int singles = Arguments.integer(args, 1, "singles", 2_000);
        final int inFlight = Arguments.integer(args, 2, "in-flight", 256);
        final String gateway = System.getenv().getOrDefault("WIPETRACE_GATEWAY_URL", "http://127.0.0.1:8080");
        final Path state = Path.of(System.getenv("WIPETRACE_STATE"));
        final String key = collectorKey(JSON.readTree(state.resolve("gateway/api-keys.json").toFile()))
                .orElseThrow(() -> new IllegalStateException("no collector key in "
                        + state.resolve("gateway/api-keys.json")));
        System.out.printf("WipeTrace import benchmark against %s: %d cores here%n", gateway,
                Runtime.getRuntime().availableProcessors());
        final String apiKey = key;
        final String run = UUID.randomUUID().toString().substring(0, 8);

        // Warm-up: the gateway's and the chaincode's code paths, connections.
        singles(gateway, apiKey, run + "w", 10, inFlight, false);
        importFile(gateway, apiKey, csv(run + "w", 200), 200, false);

        final double single = singles(gateway, apiKey, run, singles, inFlight, true);
        final double bulk = importFile(gateway, apiKey, csv(run, rows), rows, true);
        System.out.printf("bulk import / single-record writes: %.1f×%n", bulk / single);
    }

    /** The collector's partner key in a gateway's {@code api-keys.json}: the last one listed, if any. */
    static Optional<String> collectorKey(final JsonNode apiKeys) {
        String key = null;
        for (final JsonNode entry : apiKeys.path("keys")) {
            if ("collector".equals(entry.path("organisation").asText()) && "PARTNER".equals(entry.path("role").asText())) {
                key = entry.path("apiKey").asText();
            }
        }
        return Optional.ofNullable(key);
    }

    /** @return collections per second */
    private static double singles(final String gateway, final String key, final String run, final int count,
            final int inFlight, final boolean print) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            final long start = System.nanoTime();
            final List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                final String body = JSON.writeValueAsString(java.util.Map.of("make", "Huawei", "model", "P30 " + i,
                        "storageGb", 64, "channel", "STORE", "siteId", "SITE-COL-SH-01", "locked", false,
                        "consent", java.util.Map.of("reference", "CONSENT-" + run + "-" + i, "scope",
                                "all user data", "method", "overwrite", "impact", "data cannot be recovered")));
                results.add(pool.submit(() -> HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                                + "/api/v1/collections")).header("X-Api-Key", key)
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
            int failed = 0;
            for (final Future<Integer> result : results) {
                failed += result.get() == 201 ? 0 : 1;
            }
            final double seconds = (System.nanoTime() - start) / 1e9;
            final double rate = (count - failed) / seconds;
            if (print) {
                System.out.printf("single-record REST (POST /api/v1/collections, %d in flight): %d in %.2f s,"
                        + " %.1f devices/s%s%n", inFlight, count, seconds, rate,
                        failed == 0 ? "" : " (" + failed + " failed)");
            }
            return rate;
        } finally {
            pool.shutdown();
        }
    }

    /** @return devices per second, from the request to the job's completion */
    private static double importFile(final String gateway, final String key, final String csv, final int rows,
            final boolean print) throws Exception {
        final long start = System.nanoTime();
        final HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(gateway
                        + "/api/v1/imports?kind=collections")).header("X-Api-Key", key)
                .header("Idempotency-Key", UUID.randomUUID().toString()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("the import was refused: " + accepted.statusCode() + " "
                    + accepted.body());
        }
        final double intake = (System.nanoTime() - start) / 1e9;
        final String id = JSON.readTree(accepted.body()).path("id").asText();
        JsonNode job;
        do {
            Thread.sleep(200);
            job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/imports/" + id))
                    .header("X-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString()).body());
        } while (!"COMPLETED".equals(job.path("state").asText()));
        final double seconds = (System.nanoTime() - start) / 1e9;
        final double serverSeconds = Duration.between(Instant.parse(job.path("createdAt").asText()),
                Instant.parse(job.path("finishedAt").asText())).toMillis() / 1000.0;
        final double rate = job.path("rowsDone").asInt() / seconds;
        if (print) {
            System.out.printf("bulk import (POST /api/v1/imports, %d rows): accepted in %.2f s, %d registered and"
                    + " %d failed in %.2f s (%.2f s on the server): %.1f devices/s%n", rows, intake,
                    job.path("rowsDone").asInt(), job.path("rowsFailed").asInt(), seconds, serverSeconds, rate);
        }
        return rate;
    }

    static String csv(final String run, final int rows) {
        final StringBuilder csv = new StringBuilder("make,model,storageGb,channel,siteId,consentReference,"
                + "consentScope,consentMethod,consentImpact,bagId,sealId,locked\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append("Huawei,P30 ").append(i).append(",64,STORE,SITE-COL-SH-01,CONSENT-").append(run).append('-')
                    .append(i).append(",all user data,overwrite,data cannot be recovered,BAG-").append(run)
                    .append(",,false\r\n");
        }
        return csv.toString();
    }
}
