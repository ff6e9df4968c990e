package io.wipetrace.gateway.bulk;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.idempotency.KeySecrets;
import io.wipetrace.gateway.GatewayApplication;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.anchoring.BundleChecks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Bulk imports end to end on the real network, PostgreSQL and EVM node of {@code WIPETRACE_STATE}: a CSV file with bad
 * rows lands every good row exactly once, with exact per-row errors, progress over server-sent events, receipt codes
 * that verify (and prove, with an anchored bundle) and a retried request that returns the same job.
 */
// The gateway itself, named: the search for a configuration would otherwise find the web test's slice beside it.
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true", "wipetrace.imports.batch-size=100"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class BulkImportIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(240);
    private static final String SITE = "SITE-COL-SH-01";

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private JdbcTemplate jdbc;

    @LocalServerPort
    private int port;

    private final Map<String, String> keys = new HashMap<>();

    @BeforeAll
    void requireNetworkAndReadKeys() throws Exception {
        RunningNetwork.require();
        final Path file = Path.of(System.getenv("WIPETRACE_STATE"), "gateway", "api-keys.json");
        for (final JsonNode key : JSON.readTree(file.toFile()).path("keys")) {
            final String name = "ADMIN".equals(key.path("role").asText()) ? "admin" : key.path("organisation").asText();
            keys.put(name, key.path("apiKey").asText());
        }
    }

    @Test
    void registers_every_good_row_of_a_csv_file_exactly_once_and_reports_the_bad_ones_exactly() throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final StringBuilder csv = new StringBuilder(CollectionRowsTest.HEADER + "\r\n");
        final List<String> expectedErrors = new ArrayList<>();
        int line = 2;
        int good = 0;
        for (int row = 1; row <= 307; row++) {
            final String model = "Redmi Note " + run + " " + row;
            final String standard = "Xiaomi," + model + ",128,STORE," + SITE + ",CONSENT-" + run + "-" + row
                    + ",all user data,overwrite,data cannot be recovered,BAG-" + run + ",,false";
            switch (row) {
                case 10 -> {
                    csv.append(standard.replace(",128,", ",0,"));
                    expectedErrors.add(row + "/" + line + "/storageGb/FIELD_OUT_OF_RANGE");
                }
                case 40 -> {
                    csv.append(standard.replace(SITE, "SITE-NOWHERE-" + run));
                    expectedErrors.add(row + "/" + line + "/siteId/SITE_NOT_FOUND");
                }
                case 41 -> {
                    csv.append(standard.replace(SITE, "SITE-PRC-SZ-01"));
                    expectedErrors.add(row + "/" + line + "/siteId/SITE_NOT_OWNED");
                }
                case 100 -> {
                    csv.append(standard.replace("Xiaomi,", ",").replace("STORE", "DRONE"));
                    expectedErrors.add(row + "/" + line + "/make/FIELD_REQUIRED");
                    expectedErrors.add(row + "/" + line + "/channel/FIELD_INVALID");
                }
                case 150 -> {
                    csv.append(standard.replace(model, "Redmi \"Note\""));
                    expectedErrors.add(row + "/" + line + "/null/ROW_MALFORMED");
                }
                case 200 -> {
                    csv.append(standard.replace(model, "\"Redmi\r\nNote\""));
                    expectedErrors.add(row + "/" + line + "/model/FIELD_INVALID");
                    line++;
                }
                case 250 -> {
                    csv.append(standard).append(",surplus");
                    expectedErrors.add(row + "/" + line + "/null/COLUMN_COUNT");
                }
                default -> {
                    csv.append(standard);
                    good++;
                }
            }
            csv.append("\r\n");
            line++;
        }
        assertThat(good).isEqualTo(300);
        final String key = "bulk-" + run;

        final ResponseEntity<JsonNode> accepted = post("collector", csv.toString(), key);
        assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(202);
        final String id = accepted.getBody().path("id").asText();
        assertThat(accepted.getHeaders().getLocation()).hasToString("/api/v1/imports/" + id);
        assertThat(accepted.getBody().path("rowsInvalid").asInt()).isEqualTo(7);
        final CompletableFuture<List<String>> events = events(id, "collector");

        final JsonNode job = awaitCompleted(id, "collector");
        assertThat(job.path("rowsTotal").asInt()).isEqualTo(307);
        assertThat(job.path("rowsDone").asInt()).isEqualTo(300);
        assertThat(job.path("rowsFailed").asInt()).isEqualTo(7);
        assertThat(job.path("rowsPending").asInt()).isZero();
        assertThat(job.path("percent").asInt()).isEqualTo(100);
        assertThat(job.path("lastError").isNull()).isTrue();
        assertThat(job.path("startedAt").asText()).isNotBlank();
        assertThat(job.path("receiptCodesUntil").asText()).isNotBlank();
        final List<String> streamed = events.get(60, TimeUnit.SECONDS);
        assertThat(streamed).first().isEqualTo("progress");
        assertThat(streamed).last().isEqualTo("completed");

        final JsonNode errors = get("/api/v1/imports/" + id + "/errors?size=1000", "collector").getBody();
        final List<String> reported = new ArrayList<>();
        errors.path("items").forEach(error -> reported.add(error.path("row").asInt() + "/" + error.path("line").asInt()
                + "/" + (error.path("field").isNull() ? "null" : error.path("field").asText()) + "/"
                + error.path("code").asText()));
        assertThat(reported).containsExactlyElementsOf(expectedErrors);

        // Every good row: its device on the ledger once, with this receipt code's hash, in one of three batches.
        final JsonNode results = http.exchange("/api/v1/imports/" + id + "/results?size=1000", HttpMethod.GET,
                new HttpEntity<>(headers("collector", key)), JsonNode.class).getBody();
        assertThat(results.path("totalItems").asInt()).isEqualTo(307);
        final Set<String> transactions = new HashSet<>();
        final List<JsonNode> registered = new ArrayList<>();
        for (final JsonNode row : results.path("items")) {
            final boolean bad = expectedErrors.stream().anyMatch(e -> e.startsWith(row.path("row").asInt() + "/"));
            if (bad) {
                assertThat(row.path("status").asText()).isEqualTo("INVALID");
                assertThat(row.path("deviceId").isNull()).isTrue();
                continue;
            }
            assertThat(row.path("status").asText()).isEqualTo("REGISTERED");
            assertThat(row.path("outcome").asText()).isEqualTo("REGISTERED");
            transactions.add(row.path("transactionId").asText());
            registered.add(row);
            final JsonNode device = evaluate("GetDevice", row.path("deviceId").asText());
            assertThat(device.path("receiptHash").asText())
                    .isEqualTo(ReceiptCode.hash(row.path("receiptCode").asText()).orElseThrow())
                    .isEqualTo(row.path("receiptHash").asText());
            assertThat(device.path("model").asText()).isEqualTo("Redmi Note " + run + " " + row.path("row").asInt());
            assertThat(device.path("eventCount").asInt()).isEqualTo(1);
            assertThat(device.path("collectorMspId").asText()).isEqualTo("CollectorOrgMSP");
        }
        assertThat(registered).hasSize(300);
        assertThat(transactions).hasSize(3);

        // Consumers verify by receipt code once the projection has the device; the anchored bundle checks offline.
        final JsonNode last = registered.getLast();
        for (final JsonNode row : List.of(registered.getFirst(), last)) {
            await(() -> jdbc.queryForObject("select count(*) from devices where device_id = ?", Integer.class,
                    row.path("deviceId").asText()) == 1);
            final ResponseEntity<JsonNode> verified = http.getForEntity("/api/v1/verify/{code}", JsonNode.class,
                    row.path("receiptCode").asText());
            assertThat(verified.getStatusCode().value()).as(String.valueOf(verified.getBody())).isEqualTo(200);
            assertThat(verified.getBody().toString()).contains(row.path("deviceId").asText());
        }
        final String tx = last.path("transactionId").asText();
        await(() -> jdbc.queryForObject("""
                select count(*) from anchor_leaf l join ledger_event e using (event_id) join anchor_window w
                using (sequence) where e.tx_id = ? and w.status = 'RECORDED'""", Integer.class, tx) == 100);
        assertThat(jdbc.queryForObject("select count(*) from ledger_event where tx_id = ?", Integer.class, tx))
                .as("one event, and so one leaf, per device of the batch").isEqualTo(100);
        final ResponseEntity<String> bundle = http.getForEntity("/api/v1/verify/{code}/proof-bundle", String.class,
                last.path("receiptCode").asText());
        assertThat(bundle.getStatusCode().value()).as(bundle.getBody()).isEqualTo(200);
        BundleChecks.assertVerifies(() -> JSON.readTree(http.getForEntity("/api/v1/verify/{code}/proof-bundle",
                String.class, last.path("receiptCode").asText()).getBody()), last.path("deviceId").asText());

        // The same request again: the same job, no second one; another file under the same key: 409.
        final ResponseEntity<JsonNode> again = post("collector", csv.toString(), key);
        assertThat(again.getStatusCode().value()).isEqualTo(202);
        assertThat(again.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.getBody().path("id").asText()).isEqualTo(id);
        assertThat(again.getBody().path("state").asText()).isEqualTo("COMPLETED");
        assertThat(jdbc.queryForObject("select count(*) from import_job where organisation = 'collector'"
                + " and key_hash = ?", Integer.class, new KeySecrets("collector", key).keyHash())).isEqualTo(1);
        // The receipt codes are stored sealed under the import's key: none of them is in the table, and without the
        // key the results leave them out.
        final List<String> stored = jdbc.queryForList("select receipt_code from import_row where job_id = ?::uuid"
                + " and receipt_code is not null", String.class, id);
        assertThat(stored).hasSize(300).allSatisfy(value -> assertThat(value).startsWith("v1."))
                .doesNotContainAnyElementsOf(registered.stream().map(row -> row.path("receiptCode").asText()).toList());
        assertThat(jdbc.queryForObject("select count(*) from import_job where key_hash = ?", Integer.class, key))
                .isZero();
        assertThat(get("/api/v1/imports/" + id + "/results?size=5", "collector").getBody().path("items").get(0)
                .path("receiptCode").isNull()).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from import_row where job_id = ?::uuid", Integer.class, id))
                .isEqualTo(307);
        final ResponseEntity<JsonNode> reused = post("collector", csv + "Xiaomi,x,1,STORE,S,C,s,m,i,,,false\r\n", key);
        assertThat(reused.getStatusCode().value()).isEqualTo(409);
        assertThat(reused.getBody().path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        // The organisation's list of jobs names it; another organisation's does not.
        final List<String> listed = new ArrayList<>();
        get("/api/v1/imports?size=200", "collector").getBody().path("items")
                .forEach(item -> listed.add(item.path("id").asText()));
        assertThat(listed).contains(id);
        final List<String> othersListed = new ArrayList<>();
        get("/api/v1/imports?size=200", "processor").getBody().path("items")
                .forEach(item -> othersListed.add(item.path("id").asText()));
        assertThat(othersListed).doesNotContain(id);

        // Visible to its organisation and regulators (without receipt codes) only.
        assertThat(get("/api/v1/imports/" + id, "processor").getStatusCode().value()).isEqualTo(404);
        assertThat(get("/api/v1/imports/" + id + "/results", "processor").getStatusCode().value()).isEqualTo(404);
        final JsonNode forRegulator = get("/api/v1/imports/" + id + "/results?size=5", "regulator").getBody();
        assertThat(forRegulator.path("items").get(0).path("deviceId").asText()).isNotBlank();
        assertThat(forRegulator.path("items").get(0).path("receiptCode").isNull()).isTrue();
        assertThat(forRegulator.path("items").get(0).path("verifyUrl").isNull()).isTrue();
    }

    @Test
    void takes_json_lines_as_a_multipart_upload_and_gives_the_results_as_csv() throws Exception {
        final String run = UUID.randomUUID().toString().substring(0, 8);
        final StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 4; i++) {
            lines.append(CollectionRowsTest.GOOD_JSON.replace("CONSENT-1", "CONSENT-" + run + "-" + i)
                    .replace("Redmi Note 9", "Mi " + run + " " + i)).append('\n');
        }
        lines.append(CollectionRowsTest.GOOD_JSON.replace("\"locked\"", "\"colour\":\"red\",\"locked\"")).append('\n');
        final MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("kind", "collections");
        parts.add("file", new ByteArrayResource(lines.toString().getBytes(UTF_8)) {
            @Override
            public String getFilename() {
                return "devices-" + run + ".jsonl";
            }
        });
        final HttpHeaders headers = headers("collector");
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.set("Idempotency-Key", "jsonl-" + run);
        final ResponseEntity<JsonNode> accepted = http.exchange("/api/v1/imports", HttpMethod.POST,
                new HttpEntity<>(parts, headers), JsonNode.class);
        assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(202);
        assertThat(accepted.getBody().path("format").asText()).isEqualTo("JSONL");
        final String id = accepted.getBody().path("id").asText();

        final JsonNode job = awaitCompleted(id, "collector");
        assertThat(job.path("rowsDone").asInt()).isEqualTo(4);
        assertThat(job.path("rowsFailed").asInt()).isEqualTo(1);

        final ResponseEntity<String> csv = http.exchange("/api/v1/imports/" + id + "/results.csv", HttpMethod.GET,
                new HttpEntity<>(headers("collector", "jsonl-" + run)), String.class);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        final List<String> rows = csv.getBody().lines().toList();
        assertThat(rows).hasSize(6);
        assertThat(rows.getFirst()).isEqualTo("\uFEFF" + String.join(",", ImportViews.ResultView.CSV_HEADER));
        for (final String row : rows.subList(1, 5)) {
            final String[] fields = row.split(",", -1);
            assertThat(fields[2]).isEqualTo("REGISTERED");
            assertThat(evaluate("GetDevice", fields[3]).path("receiptHash").asText())
                    .isEqualTo(ReceiptCode.hash(fields[4]).orElseThrow());
        }
        assertThat(rows.get(5)).startsWith("5,5,INVALID,,,,,,,,FIELD_UNKNOWN");
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private HttpHeaders headers(final String caller) {
        final HttpHeaders headers = new HttpHeaders();
        headers.set("X-Api-Key", keys.get(caller));
        return headers;
    }

    /** A caller's headers with the Idempotency-Key an import was sent with, which opens its receipt codes. */
    private HttpHeaders headers(final String caller, final String idempotencyKey) {
        final HttpHeaders headers = headers(caller);
        headers.set("Idempotency-Key", idempotencyKey);
        return headers;
    }

    private ResponseEntity<JsonNode> post(final String caller, final String csv, final String idempotencyKey) {
        final HttpHeaders headers = headers(caller);
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        headers.set("Idempotency-Key", idempotencyKey);
        return http.exchange("/api/v1/imports?kind=collections", HttpMethod.POST, new HttpEntity<>(csv, headers),
                JsonNode.class);
    }

    private ResponseEntity<JsonNode> get(final String path, final String caller) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(caller)), JsonNode.class);
    }

    private JsonNode awaitCompleted(final String id, final String caller) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode job;
        do {
            Thread.sleep(250);
            job = get("/api/v1/imports/" + id, caller).getBody();
        } while (!"COMPLETED".equals(job.path("state").asText()) && System.nanoTime() < deadline);
        assertThat(job.path("state").asText()).as("job %s within %s: %s", id, PATIENCE, job).isEqualTo("COMPLETED");
        return job;
    }

    /** Reads a job's server-sent events until the stream ends: the names of the events, in order. */
    private CompletableFuture<List<String>> events(final String id, final String caller) {
        final HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/imports/"
                        + id + "/events")).header("X-Api-Key", keys.get(caller))
                .header("Accept", "text/event-stream").build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenApply(response -> {
                    assertThat(response.statusCode()).isEqualTo(200);
                    try (Stream<String> lines = response.body()) {
                        return lines.filter(text -> text.startsWith("event:"))
                                .map(text -> text.substring("event:".length()).trim()).toList();
                    }
                });
    }

    private JsonNode evaluate(final String transaction, final String argument) throws Exception {
        return JSON.readTree(gateways.contract("regulator", "device").evaluateTransaction(transaction, argument));
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + PATIENCE);
            }
            Thread.sleep(500);
        }
    }
}
