package io.wipetrace.gateway.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.tools.client.ErasureSigning;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.tools.client.StationKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The partners' write API over HTTP against the real network and PostgreSQL of {@code WIPETRACE_STATE}, with the demo
 * API keys the gateway writes to {@code <state>/gateway/api-keys.json}: the whole custody chain, idempotent retries,
 * and who may do what.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true", "wipetrace.projection.enabled=false"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerApiIT {

    private static final String COLLECTOR_SITE = "SITE-COL-SH-01";
    private static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";
    private static final String SMELTER_SITE = "SITE-SML-QY-01";
    private static final String ECDSA_STATION = "STATION-SZ-ECDSA-01";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    private TestRestTemplate http;

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient peers;

    private Path state;
    private final Map<String, String> keys = new HashMap<>();

    @BeforeAll
    void requireNetwork() {
        RunningNetwork.require();
        state = Path.of(System.getenv("WIPETRACE_STATE"));
    }

    @BeforeEach
    void readDemoKeys() throws Exception {
        final Path file = state.resolve("gateway/api-keys.json");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        for (JsonNode key : JSON.readTree(file.toFile()).path("keys")) {
            final String name = "ADMIN".equals(key.path("role").asText()) ? "admin" : key.path("organisation").asText();
            keys.put(name, key.path("apiKey").asText());
        }
        assertThat(keys).containsKeys("collector", "processor", "smelter", "regulator", "admin");
    }

    @Test
    void carries_a_device_from_collection_to_a_smelting_lot_through_the_api() throws Exception {
        final JsonNode collected = post("collector", "/api/v1/collections", collection(true)).getBody();
        final String device = collected.path("deviceId").asText();
        assertThat(collected.path("receiptCode").asText()).matches("([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}");
        assertThat(collected.path("personalDataStored").asBoolean()).isTrue();
        assertThat(Base64.getDecoder().decode(collected.path("qr").path("pngBase64").asText()))
                .startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');

        handOver("collector", "processor", "ProcessorOrgMSP", PROCESSOR_SITE, device);

        final byte[] report = ("erasure report of " + device + " " + UUID.randomUUID()).getBytes(UTF_8);
        final ResponseEntity<JsonNode> erased = postErasure("processor", signedErasure(device, sha256(report)), report);
        assertThat(erased.getStatusCode().value()).as(String.valueOf(erased.getBody())).isEqualTo(201);
        assertThat(erased.getBody().path("device").path("state").asText()).isEqualTo("WIPED");
        assertThat(state.resolve("reports").resolve(sha256(report))).hasBinaryContent(report);

        assertCreated(post("processor", "/api/v1/dismantlings", Map.of("deviceId", device,
                "storageComponentCommitment", sha256(("emmc " + device).getBytes(UTF_8)), "siteId", PROCESSOR_SITE)));
        final ResponseEntity<JsonNode> destroyed = post("processor", "/api/v1/storage-destructions", Map.of(
                "deviceId", device, "method", "SHRED", "siteId", PROCESSOR_SITE,
                "evidenceSha256", sha256(("video " + device).getBytes(UTF_8))));
        assertCreated(destroyed);
        assertThat(destroyed.getBody().path("device").path("state").asText()).isEqualTo("STORAGE_DESTROYED");

        handOver("processor", "smelter", "SmelterOrgMSP", SMELTER_SITE, device);
        final ResponseEntity<JsonNode> lot = post("smelter", "/api/v1/lots", Map.of("lotId", "LOT-" + device,
                "deviceIds", List.of(device), "inputCount", 1, "inputWeightGrams", 182, "outputWeightGrams", 41,
                "siteId", SMELTER_SITE));
        assertCreated(lot);
        assertThat(lot.getBody().path("lot").path("smelterMspId").asText()).isEqualTo("SmelterOrgMSP");

        assertThat(history(device)).containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED",
                "ERASURE_RECORDED", "DISMANTLED", "STORAGE_DESTROYED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED",
                "SMELTED");
        final JsonNode onLedger = evaluate("GetDevice", device);
        assertThat(onLedger.path("receiptHash").asText()).isEqualTo(collected.path("receiptHash").asText());
        assertThat(collected.path("personalDataHash").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void corrects_an_event_only_on_the_device_it_names() throws Exception {
        final String device = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        final String other = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        final String collectedEvent = JSON.readTree(gateways.contract("regulator", "device")
                .evaluateTransaction("GetHistory", device)).path("events").get(0).path("eventId").asText();
        final Map<String, Object> correction = Map.of("model", "Mi 11");

        final ResponseEntity<JsonNode> elsewhere = post("collector", "/api/v1/corrections", Map.of("deviceId", other,
                "eventId", collectedEvent, "reason", "wrong model", "correction", correction));
        assertThat(elsewhere.getStatusCode().value()).as(String.valueOf(elsewhere.getBody())).isEqualTo(404);
        assertThat(elsewhere.getBody().path("code").asText()).isEqualTo("EVENT_NOT_FOUND");

        final ResponseEntity<JsonNode> named = post("collector", "/api/v1/corrections", Map.of("deviceId", device,
                "eventId", collectedEvent, "reason", "wrong model", "correction", correction));
        assertCreated(named);
        assertThat(named.getBody().path("event").path("deviceId").asText()).isEqualTo(device);
        assertThat(named.getBody().path("event").path("details").path("correctsEventId").asText())
                .isEqualTo(collectedEvent);
        assertThat(history(device)).containsExactly("COLLECTED", "CORRECTION");
        assertThat(history(other)).containsExactly("COLLECTED");
    }

    @Test
    void purges_personal_data_only_for_the_collecting_organisation() throws Exception {
        final JsonNode collected = post("collector", "/api/v1/collections", collection(true)).getBody();
        final String purge = "/api/v1/devices/" + collected.path("deviceId").asText() + "/personal-data/purge";

        final ResponseEntity<JsonNode> byProcessor = post("processor", purge, Map.of());
        assertThat(byProcessor.getStatusCode().value()).isEqualTo(403);
        assertThat(byProcessor.getBody().path("code").asText()).isEqualTo("NOT_COLLECTING_ORG");

        final ResponseEntity<JsonNode> purged = post("collector", purge, Map.of());
        assertThat(purged.getStatusCode().value()).as(String.valueOf(purged.getBody())).isEqualTo(200);
        assertThat(purged.getBody().path("device").path("personalDataPurgedAt").asText()).isNotBlank();
        assertThat(purged.getBody().path("device").path("personalDataHash").asText())
                .isEqualTo(collected.path("personalDataHash").asText());

        final ResponseEntity<JsonNode> again = post("collector", purge, Map.of());
        assertThat(again.getStatusCode().value()).isEqualTo(404);
        assertThat(again.getBody().path("code").asText()).isEqualTo("PERSONAL_DATA_NOT_FOUND");
    }

    @Test
    void refurbishes_a_verified_wiped_device_once() throws Exception {
        final String device = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        handOver("collector", "processor", "ProcessorOrgMSP", PROCESSOR_SITE, device);
        final byte[] report = ("report " + UUID.randomUUID()).getBytes(UTF_8);
        assertThat(postErasure("processor", signedErasure(device, sha256(report)), report).getStatusCode().value())
                .isEqualTo(201);
        final Map<String, Object> refurbishment = Map.of("deviceId", device, "siteId", PROCESSOR_SITE,
                "channel", "RESALE");

        final ResponseEntity<JsonNode> refurbished = post("processor", "/api/v1/refurbishments", refurbishment);
        assertCreated(refurbished);
        assertThat(refurbished.getBody().path("device").path("state").asText()).isEqualTo("REFURBISHED");

        final ResponseEntity<JsonNode> again = post("processor", "/api/v1/refurbishments", refurbishment);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody().path("code").asText()).isEqualTo("ILLEGAL_TRANSITION");
    }

    @Test
    void hands_over_a_whole_bag() throws Exception {
        final String bag = "BAG-" + UUID.randomUUID();
        final List<String> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final Map<String, Object> body = collection(false);
            body.put("bagId", bag);
            devices.add(post("collector", "/api/v1/collections", body).getBody().path("deviceId").asText());
        }

        final ResponseEntity<JsonNode> offered = post("collector", "/api/v1/handovers", Map.of("bagId", bag,
                "toMspId", "ProcessorOrgMSP", "toSiteId", PROCESSOR_SITE));

        assertCreated(offered);
        final List<String> handedOver = new ArrayList<>();
        offered.getBody().path("handover").path("deviceIds").forEach(id -> handedOver.add(id.asText()));
        assertThat(handedOver).containsExactlyInAnyOrderElementsOf(devices);
        final ResponseEntity<JsonNode> empty = post("collector", "/api/v1/handovers", Map.of("bagId", bag,
                "toMspId", "ProcessorOrgMSP", "toSiteId", PROCESSOR_SITE));
        assertThat(empty.getStatusCode().value()).as("every device of the bag is in transit").isEqualTo(404);
        assertThat(empty.getBody().path("code").asText()).isEqualTo("BAG_NOT_FOUND");
    }

    @Test
    void draws_the_receipt_qr_code_only_for_the_right_receipt_code() {
        final JsonNode collected = post("collector", "/api/v1/collections", collection(false)).getBody();
        final String path = "/api/v1/collections/" + collected.path("deviceId").asText() + "/receipt.svg";

        final HttpHeaders right = headers("collector");
        right.set("X-Receipt-Code", collected.path("receiptCode").asText().toLowerCase());
        final ResponseEntity<String> svg = http.exchange(path, HttpMethod.GET, new HttpEntity<>(right), String.class);
        assertThat(svg.getStatusCode().value()).isEqualTo(200);
        assertThat(svg.getBody()).startsWith("<svg").isEqualTo(collected.path("qr").path("svg").asText());

        final HttpHeaders wrong = headers("collector");
        wrong.set("X-Receipt-Code", "0000-0000-0000-0000-0000-0000-0000");
        assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(wrong), JsonNode.class).getBody()
                .path("code").asText()).isEqualTo("RECEIPT_NOT_FOUND");
    }

    @Test
    void replays_a_retried_write_without_writing_twice() throws Exception {
        final String key = UUID.randomUUID().toString();
        final Map<String, Object> body = collection(false);
        final ResponseEntity<JsonNode> first = post("collector", "/api/v1/collections", body, key);
        assertCreated(first);
        final long heightAfterFirst = peers.chainInfo("collector").height();

        final ResponseEntity<JsonNode> retry = post("collector", "/api/v1/collections", body, key);

        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(peers.chainInfo("collector").height()).as("no new block for the retry").isEqualTo(heightAfterFirst);
        assertThat(history(first.getBody().path("deviceId").asText())).containsExactly("COLLECTED");

        final Map<String, Object> other = new HashMap<>(body);
        other.put("model", "another model");
        final ResponseEntity<JsonNode> reused = post("collector", "/api/v1/collections", other, key);
        assertThat(reused.getStatusCode().value()).isEqualTo(409);
        assertThat(reused.getBody().path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void writes_once_when_the_same_request_arrives_twice_at_the_same_time() throws Exception {
        final String key = UUID.randomUUID().toString();
        final Map<String, Object> body = collection(false);
        final var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            final var first = pool.submit(() -> post("collector", "/api/v1/collections", body, key));
            final var second = pool.submit(() -> post("collector", "/api/v1/collections", body, key));
            final List<ResponseEntity<JsonNode>> responses = List.of(first.get(), second.get());

            final List<String> devices = responses.stream().filter(r -> r.getStatusCode().value() == 201)
                    .map(r -> r.getBody().path("deviceId").asText()).distinct().toList();
            assertThat(devices).hasSize(1);
            assertThat(responses).allSatisfy(r -> assertThat(r.getStatusCode().value()).isIn(201, 409));
            responses.stream().filter(r -> r.getStatusCode().value() == 409).forEach(r -> {
                assertThat(r.getBody().path("code").asText()).isEqualTo("IDEMPOTENCY_REQUEST_IN_PROGRESS");
                assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("1");
            });
            assertThat(history(devices.getFirst())).containsExactly("COLLECTED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void lets_only_one_of_two_concurrent_offers_of_a_device_through() throws Exception {
        final String device = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        final var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            final var toProcessor = pool.submit(() -> post("collector", "/api/v1/handovers", Map.of(
                    "deviceIds", List.of(device), "toMspId", "ProcessorOrgMSP", "toSiteId", PROCESSOR_SITE)));
            final var toSmelter = pool.submit(() -> post("collector", "/api/v1/handovers", Map.of(
                    "deviceIds", List.of(device), "toMspId", "SmelterOrgMSP", "toSiteId", SMELTER_SITE)));
            final List<Integer> statuses = List.of(toProcessor.get().getStatusCode().value(),
                    toSmelter.get().getStatusCode().value());

            // Both may endorse against the same state; the loser is invalidated (MVCC), endorsed again, and then
            // refused by the chaincode because the device is in transit.
            assertThat(statuses).containsExactlyInAnyOrder(201, 409);
            assertThat(history(device)).containsExactly("COLLECTED", "HANDOVER_OFFERED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void records_who_made_each_accepted_write_for_the_regulator() throws Exception {
        final String device = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        final ResponseEntity<JsonNode> refused = post("smelter", "/api/v1/collections", collection(false));
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        String collectorKeyId = null;
        for (JsonNode key : JSON.readTree(state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            if ("collector".equals(key.path("organisation").asText())) {
                collectorKeyId = key.path("id").asText();
            }
        }

        final ResponseEntity<JsonNode> trail = http.exchange("/api/v1/audit/writes?organisation=collector&size=50",
                HttpMethod.GET, new HttpEntity<>(headers("regulator")), JsonNode.class);
        assertThat(trail.getStatusCode().value()).isEqualTo(200);
        final JsonNode write = java.util.stream.StreamSupport.stream(trail.getBody().path("items").spliterator(), false)
                .filter(w -> w.path("path").asText()
                        .equals("/api/v1/collections") && w.path("status").asInt() == 201)
                .findFirst().orElseThrow(() -> new AssertionError("the collection of " + device + " is not listed: "
                        + trail.getBody()));
        assertThat(write.path("actorKind").asText()).isEqualTo("API_KEY");
        assertThat(write.path("actor").asText()).isEqualTo(collectorKeyId);
        assertThat(write.path("method").asText()).isEqualTo("POST");
        final ResponseEntity<JsonNode> smelterTrail = http.exchange("/api/v1/audit/writes?organisation=smelter&size=500",
                HttpMethod.GET, new HttpEntity<>(headers("regulator")), JsonNode.class);
        assertThat(smelterTrail.getBody().path("items").findValuesAsText("status")).doesNotContain("403");
        final ResponseEntity<JsonNode> asPartner = http.exchange("/api/v1/audit/writes", HttpMethod.GET,
                new HttpEntity<>(headers("collector")), JsonNode.class);
        assertThat(asPartner.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void refuses_a_write_without_an_idempotency_key() {
        final ResponseEntity<JsonNode> response = http.exchange("/api/v1/collections", HttpMethod.POST,
                new HttpEntity<>(collection(false), headers("collector")), JsonNode.class);
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getBody().path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_MISSING");
    }

    @Test
    void refuses_an_erasure_whose_report_file_does_not_match_the_record() throws Exception {
        final String device = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        handOver("collector", "processor", "ProcessorOrgMSP", PROCESSOR_SITE, device);
        final byte[] report = "the real report".getBytes(UTF_8);

        final ResponseEntity<JsonNode> response = postErasure("processor",
                signedErasure(device, sha256("another report".getBytes(UTF_8))), report);

        assertThat(response.getStatusCode().value()).isEqualTo(422);
        assertThat(response.getBody().path("code").asText()).isEqualTo("REPORT_HASH_MISMATCH");
        assertThat(response.getBody().path("type").asText())
                .isEqualTo("https://wipetrace.io/problems/report-hash-mismatch");
        assertThat(evaluate("GetDevice", device).path("state").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void refuses_a_foreign_organisation_acting_on_a_device_it_does_not_hold() throws Exception {
        final String device = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();

        final ResponseEntity<JsonNode> response = post("processor", "/api/v1/handovers", Map.of(
                "deviceIds", List.of(device), "toMspId", "SmelterOrgMSP", "toSiteId", SMELTER_SITE));

        assertThat(response.getStatusCode().value()).isEqualTo(403);
        assertThat(response.getBody().path("code").asText()).isEqualTo("NOT_CUSTODIAN");
        assertThat(history(device)).containsExactly("COLLECTED");
    }

    @Test
    void issues_lists_and_revokes_api_keys() {
        final ResponseEntity<JsonNode> issued = http.exchange("/api/v1/admin/api-keys", HttpMethod.POST,
                new HttpEntity<>(Map.of("organisation", "processor", "role", "PARTNER", "label", "station SZ-01"),
                        headers("admin")), JsonNode.class);
        assertThat(issued.getStatusCode().value()).isEqualTo(201);
        final String clear = issued.getBody().path("apiKey").asText();
        final String id = issued.getBody().path("id").asText();

        final ResponseEntity<JsonNode> listed = http.exchange("/api/v1/admin/api-keys", HttpMethod.GET,
                new HttpEntity<>(headers("admin")), JsonNode.class);
        assertThat(listed.getBody().toString()).contains(id).doesNotContain(clear);

        final HttpHeaders withNewKey = new HttpHeaders();
        withNewKey.set("X-Api-Key", clear);
        withNewKey.set("Idempotency-Key", UUID.randomUUID().toString());
        withNewKey.setContentType(MediaType.APPLICATION_JSON);
        final Map<String, Object> offer = Map.of("deviceIds", List.of("DEV-0000000000000000"),
                "toMspId", "SmelterOrgMSP", "toSiteId", SMELTER_SITE);
        assertThat(http.exchange("/api/v1/handovers", HttpMethod.POST, new HttpEntity<>(offer, withNewKey),
                JsonNode.class).getStatusCode().value()).as("a live key reaches the ledger").isEqualTo(404);

        assertThat(http.exchange("/api/v1/admin/api-keys/" + id, HttpMethod.DELETE,
                new HttpEntity<>(headers("admin")), Void.class).getStatusCode().value()).isEqualTo(204);
        final ResponseEntity<JsonNode> revoked = http.exchange("/api/v1/handovers", HttpMethod.POST,
                new HttpEntity<>(offer, withNewKey), JsonNode.class);
        assertThat(revoked.getStatusCode().value()).isEqualTo(401);
        assertThat(revoked.getBody().path("code").asText()).isEqualTo("API_KEY_INVALID");
    }

    @Test
    void publishes_the_openapi_description_with_its_security_schemes() {
        final ResponseEntity<JsonNode> docs = http.getForEntity("/v3/api-docs", JsonNode.class);
        assertThat(docs.getStatusCode().value()).isEqualTo(200);
        assertThat(docs.getBody().path("components").path("securitySchemes").path("apiKey").path("name").asText())
                .isEqualTo("X-Api-Key");
        assertThat(docs.getBody().path("paths").has("/api/v1/erasures")).isTrue();
        assertThat(docs.getBody().path("paths").path("/api/v1/handovers").path("post").path("responses").has("409"))
                .isTrue();
        assertThat(http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode().value()).isEqualTo(200);
    }

    // --- authorisation matrix ---------------------------------------------------------------------------------

    private String heldDevice;
    private String pendingHandover;
    private String collectedEvent;

    Stream<Arguments> matrix() {
        final List<Arguments> cases = new ArrayList<>();
        for (String endpoint : List.of("collections", "offer", "accept", "reject", "erasures", "dismantlings",
                "storage-destructions", "refurbishments", "lots", "corrections", "purge", "imports")) {
            cases.add(Arguments.of(endpoint, "anonymous", 401));
            cases.add(Arguments.of(endpoint, "admin", 403));
            cases.add(Arguments.of(endpoint, "smelter", 403));
            if (!endpoint.equals("corrections")) {
                cases.add(Arguments.of(endpoint, "regulator", 403));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} as {1} → {2}")
    @MethodSource("matrix")
    void lets_each_organisation_write_only_what_it_holds(final String endpoint, final String caller,
            final int expected) throws Exception {
        prepareMatrix();
        final ResponseEntity<JsonNode> response = switch (endpoint) {
            case "collections" -> post(caller, "/api/v1/collections", collection(false));
            case "offer" -> post(caller, "/api/v1/handovers", Map.of("deviceIds", List.of(heldDevice),
                    "toMspId", "SmelterOrgMSP", "toSiteId", SMELTER_SITE));
            case "accept" -> post(caller, "/api/v1/handovers/" + pendingHandover + "/accept",
                    Map.of("sealIntact", true));
            case "reject" -> post(caller, "/api/v1/handovers/" + pendingHandover + "/reject",
                    Map.of("reason", "not ours"));
            case "erasures" -> {
                final byte[] report = ("report " + UUID.randomUUID()).getBytes(UTF_8);
                yield postErasure(caller, signedErasure(heldDevice, sha256(report)), report);
            }
            case "dismantlings" -> post(caller, "/api/v1/dismantlings", Map.of("deviceId", heldDevice,
                    "storageComponentCommitment", sha256("x".getBytes(UTF_8)), "siteId", SMELTER_SITE));
            case "storage-destructions" -> post(caller, "/api/v1/storage-destructions", Map.of("deviceId", heldDevice,
                    "method", "CRUSH", "siteId", SMELTER_SITE, "evidenceSha256", sha256("y".getBytes(UTF_8))));
            case "refurbishments" -> post(caller, "/api/v1/refurbishments", Map.of("deviceId", heldDevice,
                    "siteId", SMELTER_SITE, "channel", "RESALE"));
            case "lots" -> post(caller, "/api/v1/lots", Map.of("lotId", "LOT-" + UUID.randomUUID(),
                    "deviceIds", List.of(heldDevice), "inputCount", 1, "inputWeightGrams", 100,
                    "outputWeightGrams", 10, "siteId", SMELTER_SITE));
            case "corrections" -> post(caller, "/api/v1/corrections", Map.of("deviceId", heldDevice,
                    "eventId", collectedEvent, "reason", "wrong model", "correction", Map.of("model", "Mi 11")));
            case "purge" -> post(caller, "/api/v1/devices/" + heldDevice + "/personal-data/purge", Map.of());
            case "imports" -> {
                // Only an organisation holding COLLECTOR may import collections (checked on the registry).
                final HttpHeaders headers = headers(caller);
                headers.setContentType(MediaType.parseMediaType("text/csv"));
                headers.set("Idempotency-Key", UUID.randomUUID().toString());
                yield http.exchange("/api/v1/imports?kind=collections", HttpMethod.POST, new HttpEntity<>(
                        "make,model,storageGb,channel,siteId,consentReference,consentScope,consentMethod,"
                                + "consentImpact,locked\r\nXiaomi,Mi 9,64,STORE," + SMELTER_SITE
                                + ",CONSENT-1,all,overwrite,gone,false\r\n", headers), JsonNode.class);
            }
            default -> throw new IllegalArgumentException(endpoint);
        };
        assertThat(response.getStatusCode().value()).as(endpoint + " as " + caller + ": " + response.getBody())
                .isEqualTo(expected);
        assertThat(response.getBody().path("code").asText()).isNotBlank();
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    }

    private String importJob;

    Stream<Arguments> importReads() {
        final List<Arguments> cases = new ArrayList<>();
        for (String endpoint : List.of("", "/errors", "/events", "/results", "/results.csv")) {
            cases.add(Arguments.of(endpoint, "anonymous", 401));
            cases.add(Arguments.of(endpoint, "admin", 403));
            cases.add(Arguments.of(endpoint, "processor", 404));
            cases.add(Arguments.of(endpoint, "smelter", 404));
            cases.add(Arguments.of(endpoint, "regulator", 200));
            cases.add(Arguments.of(endpoint, "collector", 200));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "import{0} as {1} → {2}")
    @MethodSource("importReads")
    void shows_an_import_only_to_the_importing_organisation_and_regulators(final String endpoint, final String caller,
            final int expected) throws Exception {
        prepareImport();
        // Every caller sends the import's Idempotency-Key: only the importing organisation's opens receipt codes.
        final HttpHeaders withKey = headers(caller);
        withKey.set("Idempotency-Key", importKey);
        final ResponseEntity<String> response = http.exchange("/api/v1/imports/" + importJob + endpoint,
                HttpMethod.GET, new HttpEntity<>(withKey), String.class);
        assertThat(response.getStatusCode().value()).as(endpoint + " as " + caller + ": " + response.getBody())
                .isEqualTo(expected);
        if (expected != 200) {
            assertThat(JSON.readTree(response.getBody()).path("code").asText()).isNotBlank();
            assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        } else if (endpoint.startsWith("/results")) {
            assertThat(response.getBody().contains(importReceiptCode)).as("receipt code for " + caller)
                    .isEqualTo("collector".equals(caller));
        }
    }

    private String importReceiptCode;
    private String importKey;

    private synchronized void prepareImport() throws Exception {
        if (importJob != null) {
            return;
        }
        final HttpHeaders headers = headers("collector");
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        importKey = UUID.randomUUID().toString();
        headers.set("Idempotency-Key", importKey);
        final ResponseEntity<JsonNode> accepted = http.exchange("/api/v1/imports?kind=collections", HttpMethod.POST,
                new HttpEntity<>("make,model,storageGb,channel,siteId,consentReference,consentScope,consentMethod,"
                        + "consentImpact,locked\r\nXiaomi,Mi 9,64,STORE," + COLLECTOR_SITE + ",CONSENT-"
                        + UUID.randomUUID() + ",all,overwrite,gone,false\r\nXiaomi,Mi 9,0,STORE," + COLLECTOR_SITE
                        + ",C,all,overwrite,gone,false\r\n", headers), JsonNode.class);
        assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(202);
        final String id = accepted.getBody().path("id").asText();
        final long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode job;
        do {
            Thread.sleep(200);
            job = http.exchange("/api/v1/imports/" + id, HttpMethod.GET, new HttpEntity<>(headers("collector")),
                    JsonNode.class).getBody();
        } while (!"COMPLETED".equals(job.path("state").asText()) && System.nanoTime() < deadline);
        assertThat(job.path("rowsDone").asInt()).isEqualTo(1);
        final HttpHeaders withKey = headers("collector");
        withKey.set("Idempotency-Key", importKey);
        importReceiptCode = http.exchange("/api/v1/imports/" + id + "/results", HttpMethod.GET,
                new HttpEntity<>(withKey), JsonNode.class).getBody().path("items").get(0)
                .path("receiptCode").asText();
        assertThat(importReceiptCode).isNotBlank();
        importJob = id;
    }

    private synchronized void prepareMatrix() throws Exception {
        if (heldDevice != null) {
            return;
        }
        heldDevice = post("collector", "/api/v1/collections", collection(true)).getBody().path("deviceId").asText();
        collectedEvent = JSON.readTree(gateways.contract("regulator", "device")
                .evaluateTransaction("GetHistory", heldDevice)).path("events").get(0).path("eventId").asText();
        final String other = post("collector", "/api/v1/collections", collection(false)).getBody()
                .path("deviceId").asText();
        final ResponseEntity<JsonNode> offered = post("collector", "/api/v1/handovers", Map.of(
                "deviceIds", List.of(other), "toMspId", "ProcessorOrgMSP", "toSiteId", PROCESSOR_SITE));
        assertCreated(offered);
        pendingHandover = offered.getBody().path("handover").path("handoverId").asText();
    }

    // --- HTTP -----------------------------------------------------------------------------------------------------

    private HttpHeaders headers(final String caller) {
        final HttpHeaders headers = new HttpHeaders();
        if (!"anonymous".equals(caller)) {
            headers.set("X-Api-Key", keys.get(caller));
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private ResponseEntity<JsonNode> post(final String caller, final String path, final Object body) {
        return post(caller, path, body, UUID.randomUUID().toString());
    }

    private ResponseEntity<JsonNode> post(final String caller, final String path, final Object body,
            final String idempotencyKey) {
        final HttpHeaders headers = headers(caller);
        headers.set("Idempotency-Key", idempotencyKey);
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private ResponseEntity<JsonNode> postErasure(final String caller, final ObjectNode record, final byte[] report) {
        final HttpHeaders recordHeaders = new HttpHeaders();
        recordHeaders.setContentType(MediaType.APPLICATION_JSON);
        final MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        parts.add("record", new HttpEntity<>(record.toString(), recordHeaders));
        parts.add("report", new ByteArrayResource(report) {
            @Override
            public String getFilename() {
                return "report.json";
            }
        });
        final HttpHeaders headers = headers(caller);
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return http.exchange("/api/v1/erasures", HttpMethod.POST, new HttpEntity<>(parts, headers), JsonNode.class);
    }

    private void handOver(final String from, final String to, final String toMsp, final String toSite,
            final String device) {
        final ResponseEntity<JsonNode> offered = post(from, "/api/v1/handovers", Map.of("deviceIds", List.of(device),
                "toMspId", toMsp, "toSiteId", toSite, "sealId", "SEAL-" + digits(8), "waybill", "SF" + digits(12)));
        assertCreated(offered);
        assertThat(offered.getBody().path("handover").path("status").asText()).isEqualTo("PENDING");
        final String id = offered.getBody().path("handover").path("handoverId").asText();
        final ResponseEntity<JsonNode> accepted = post(to, "/api/v1/handovers/" + id + "/accept",
                Map.of("sealIntact", true, "note", "received"));
        assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(200);
        assertThat(accepted.getBody().path("handover").path("status").asText()).isEqualTo("ACCEPTED");
    }

    private static void assertCreated(final ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
        assertThat(response.getBody().path("ledger").path("transactionId").asText()).isNotBlank();
    }

    // --- ledger ---------------------------------------------------------------------------------------------------

    private JsonNode evaluate(final String transaction, final String argument) throws Exception {
        return JSON.readTree(gateways.contract("regulator", "device").evaluateTransaction(transaction, argument));
    }

    private List<String> history(final String device) throws Exception {
        final List<String> types = new ArrayList<>();
        evaluate("GetHistory", device).path("events").forEach(event -> types.add(event.path("type").asText()));
        return types;
    }

    // --- values ---------------------------------------------------------------------------------------------------

    private static Map<String, Object> collection(final boolean withPersonalData) {
        final Map<String, Object> body = new HashMap<>(Map.of(
                "make", "Xiaomi", "model", "Redmi Note 9", "storageGb", 128, "channel", "HOME_PICKUP",
                "siteId", COLLECTOR_SITE, "locked", false, "bagId", "BAG-" + digits(6),
                "consent", Map.of("reference", "CONSENT-" + UUID.randomUUID(), "scope", "all user data",
                        "method", "overwrite", "impact", "data cannot be recovered")));
        if (withPersonalData) {
            body.put("personal", Map.of("imei", "35" + digits(13), "serial", "SN" + digits(10),
                    "contact", "+86 138 0013 8000"));
        }
        return body;
    }

    private ObjectNode signedErasure(final String device, final String reportSha256) throws Exception {
        final String consent = evaluate("GetDevice", device).path("consent").path("reference").asText();
        final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final ObjectNode record = JSON.createObjectNode()
                .put("deviceId", device)
                .put("reportId", "RPT-" + UUID.randomUUID())
                .put("reportSha256", reportSha256)
                .put("method", "PURGE")
                .put("technique", "block erase")
                .put("standard", "GB/T 2027 erasure")
                .put("tool", "WipeBox")
                .put("toolVersion", "4.2.1")
                .put("result", "ERASED")
                .put("startedAt", end.minusSeconds(420).toString())
                .put("endedAt", end.toString())
                .put("siteId", PROCESSOR_SITE)
                .put("operator", "op-7f3a")
                .put("consentReference", consent)
                .put("stationId", ECDSA_STATION);
        record.set("verification", JSON.createObjectNode().put("mode", "FULL").put("by", "op-7f3a"));
        record.put("signature", StationKeys.sign(StationKeys.privateKey(state, ECDSA_STATION), "ECDSA_P256",
                ErasureSigning.payload(record)));
        return record;
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String digits(final int n) {
        final StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(RANDOM.nextInt(10));
        }
        return out.toString();
    }
}
