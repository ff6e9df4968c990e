package io.wipetrace.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.ledger.LedgerDriver;
import io.wipetrace.gateway.projection.ProjectionStore;
import io.wipetrace.gateway.shared.ReceiptCode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The read model and the consumer and regulator reads against the real network and the real PostgreSQL: devices are
 * driven through the device contract with the organisations' own identities, then read back through HTTP. The
 * handover deadline is 0 hours, so any pending offer is overdue; the verify rate limit is 10 an hour, and the test
 * that exhausts it runs last.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "wipetrace.audit.deadlines.handover-not-acknowledged=0h",
            "wipetrace.verify.rate-limit.capacity=10",
            "wipetrace.verify.rate-limit.period=1h",
            "wipetrace.security.demo-keys.enabled=true"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class ReadApiIT {

    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private FabricProperties fabric;

    @Autowired
    private LedgerClient peers;

    @Autowired
    private ProjectionStore store;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private TestRestTemplate http;

    private final Instant started = Instant.now().minusSeconds(60);
    private final String wiped = LedgerDriver.newDeviceId();
    private final String wipedCode = LedgerDriver.newReceiptCode();
    private final String pending = LedgerDriver.newDeviceId();
    private final Map<String, String> personal = new TreeMap<>();
    private String pendingHandover;
    private ObjectNode erasure;

    @BeforeAll
    void driveTwoDevicesThroughTheLedger() throws Exception {
        RunningNetwork.require();
        // Audit needs a regulator's key; verify needs none, and a key does not change what it answers.
        final String regulatorKey = demoKey(Path.of(System.getenv("WIPETRACE_STATE")), "regulator", "REGULATOR");
        http.getRestTemplate().getInterceptors().add((request, body, execution) -> {
            // The regulator's, unless a test sends another key.
            if (!request.getHeaders().containsKey("X-Api-Key")) {
                request.getHeaders().set("X-Api-Key", regulatorKey);
            }
            return execution.execute(request, body);
        });
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, Path.of(System.getenv("WIPETRACE_STATE")));

        ledger.collect(wiped, ReceiptCode.hash(wipedCode).orElseThrow());
        personal.putAll(Map.of("alg", "A256GCM", "keyId", "5f1c0ffee5a1700000000000000000aa",
                "nonce", "AAAAAAAAAAAAAAAA", "ciphertext", "c2VhbGVkIHBlcnNvbmFsIGRhdGEgYW5kIGl0cyB0YWc="));
        ledger.storePersonalData(wiped, personal);
        ledger.accept(ledger.offerToProcessor(wiped), true);
        erasure = ledger.erase(wiped, "ERASED");

        ledger.collect(pending, ReceiptCode.hash(LedgerDriver.newReceiptCode()).orElseThrow());
        pendingHandover = ledger.offerToProcessor(pending);
        awaitCheckpoint(ledger.lastBlock());
    }

    @Test
    @Order(1)
    void a_device_wiped_after_a_handover_is_in_the_read_model_with_its_state_custody_and_erasure() {
        final Map<String, Object> device = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?", wiped);
        assertThat(device.get("state")).isEqualTo("WIPED");
        assertThat(device.get("custodian_msp_id")).isEqualTo("ProcessorOrgMSP");
        assertThat(device.get("site_id")).isEqualTo(LedgerDriver.PROCESSOR_SITE);
        assertThat(device.get("collector_msp_id")).isEqualTo("CollectorOrgMSP");
        assertThat(device.get("received_at")).isNotNull();
        assertThat(device.get("wiped_at")).isNotNull();
        assertThat(device.get("erasure_result")).isEqualTo("ERASED");
        assertThat(device.get("event_count")).isEqualTo(4);
        assertThat(device.get("pending_handover_id")).isNull();

        final Map<String, Object> custody = jdbc.queryForMap("SELECT * FROM custody WHERE device_id = ?", wiped);
        assertThat(custody.get("status")).isEqualTo("ACCEPTED");
        assertThat(custody.get("from_msp_id")).isEqualTo("CollectorOrgMSP");
        assertThat(custody.get("to_msp_id")).isEqualTo("ProcessorOrgMSP");
        assertThat(custody.get("seal_intact")).isEqualTo(true);
        assertThat(custody.get("closed_at")).isNotNull();

        final Map<String, Object> row = jdbc.queryForMap("SELECT * FROM erasures WHERE device_id = ?", wiped);
        assertThat(row.get("report_id")).isEqualTo(erasure.path("reportId").asText());
        assertThat(row.get("report_sha256")).isEqualTo(erasure.path("reportSha256").asText());
        assertThat(row.get("station_id")).isEqualTo(LedgerDriver.ECDSA_STATION);
        assertThat(row.get("station_algorithm")).isEqualTo("ECDSA_P256");
        assertThat(row.get("signature_present")).isEqualTo(true);

        assertThat(jdbc.queryForObject("SELECT state FROM devices WHERE device_id = ?", String.class, pending))
                .isEqualTo("IN_TRANSIT");
        assertThat(jdbc.queryForObject("SELECT pending_handover_id FROM devices WHERE device_id = ?", String.class,
                pending)).isEqualTo(pendingHandover);
    }

    @Test
    @Order(2)
    void the_regulator_searches_the_read_model_and_reads_the_ledger_history_beside_it() {
        final JsonNode page = http.getForObject("/api/v1/audit/devices?state=WIPED&organisation=ProcessorOrgMSP"
                + "&from=" + started + "&size=200", JsonNode.class);
        final List<String> found = new ArrayList<>();
        page.path("items").forEach(item -> found.add(item.path("deviceId").asText()));
        assertThat(found).contains(wiped).doesNotContain(pending);
        assertThat(page.path("totalItems").asLong()).isGreaterThanOrEqualTo(1);

        final ResponseEntity<JsonNode> view = http.getForEntity("/api/v1/audit/devices/{id}", JsonNode.class, wiped);
        assertThat(view.getStatusCode()).isEqualTo(HttpStatus.OK);
        final List<String> ledgerTypes = new ArrayList<>();
        view.getBody().path("ledger").forEach(event -> ledgerTypes.add(event.path("type").asText()));
        assertThat(ledgerTypes).containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED",
                "ERASURE_RECORDED");
        assertThat(view.getBody().path("projection").path("events")).hasSize(4);
        assertThat(view.getBody().path("projection").path("device").path("state").asText()).isEqualTo("WIPED");
        assertThat(view.getBody().path("consistent").asBoolean()).as(view.getBody().toString()).isTrue();

        final ResponseEntity<JsonNode> unknown = http.getForEntity("/api/v1/audit/devices/{id}", JsonNode.class,
                LedgerDriver.newDeviceId());
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().path("code").asText()).isEqualTo("DEVICE_NOT_FOUND");
    }

    @Test
    @Order(3)
    void a_consumer_sees_the_timeline_of_their_receipt_without_personal_data() {
        // Typed in lower case, with the hyphens, and with I for 1 and O for 0 where the code has them.
        final String typed = wipedCode.toLowerCase(Locale.ROOT).replace('1', 'i').replace('0', 'o');
        final ResponseEntity<String> response = http.getForEntity("/api/v1/verify/{code}", String.class, typed);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        final JsonNode body = parse(response.getBody());

        final List<String> steps = new ArrayList<>();
        body.path("timeline").forEach(step -> {
            steps.add(step.path("step").asText());
            assertThat(step.path("ledger").path("txId").asText()).isNotBlank();
            assertThat(step.path("ledger").path("blockNumber").asLong()).isPositive();
            assertThat(step.path("organisation").asText()).endsWith("OrgMSP");
            assertThat(step.path("description").asText()).isNotBlank();
        });
        assertThat(steps).containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED", "ERASURE_RECORDED");
        assertThat(body.path("state").asText()).isEqualTo("WIPED");
        final JsonNode summary = body.path("erasure");
        assertThat(summary.path("method").asText()).isEqualTo("PURGE");
        assertThat(summary.path("standard").asText()).isEqualTo("NIST SP 800-88r1");
        assertThat(summary.path("stationId").asText()).isEqualTo(LedgerDriver.ECDSA_STATION);
        assertThat(summary.path("reportSha256").asText()).isEqualTo(erasure.path("reportSha256").asText());
        assertThat(summary.path("signature").asText()).startsWith("verified by the chaincode at transaction "
                + body.path("timeline").get(3).path("ledger").path("txId").asText());
        assertThat(body.path("destruction").path("status").asText()).isEqualTo("NOT_DESTROYED");

        final String text = response.getBody();
        for (String value : personal.values()) {
            assertThat(text).doesNotContain(value);
        }
        assertThat(text.toLowerCase(Locale.ROOT)).doesNotContain("imei").doesNotContain("contact")
                .doesNotContain("personaldatahash").doesNotContain("receipthash").doesNotContain("salt");
    }

    @Test
    @Order(4)
    void an_unknown_receipt_code_is_a_404_problem() {
        final ResponseEntity<JsonNode> response = http.getForEntity("/api/v1/verify/{code}", JsonNode.class,
                LedgerDriver.newReceiptCode());

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody().path("code").asText()).isEqualTo("RECEIPT_NOT_FOUND");
        assertThat(response.getBody().path("type").asText())
                .isEqualTo("https://wipetrace.io/problems/receipt-not-found");
    }

    @Test
    @Order(5)
    void a_handover_offer_past_its_deadline_is_an_exception_in_json_and_csv() {
        final JsonNode page = http.getForObject("/api/v1/audit/exceptions?kind=HANDOVER_NOT_ACKNOWLEDGED&size=200",
                JsonNode.class);
        JsonNode ours = null;
        for (JsonNode item : page.path("items")) {
            if (item.path("subjectId").asText().equals(pendingHandover)) {
                ours = item;
            }
        }
        assertThat(ours).as("handover %s in %s", pendingHandover, page).isNotNull();
        assertThat(ours.path("subjectType").asText()).isEqualTo("HANDOVER");
        assertThat(ours.path("organisation").asText()).isEqualTo("ProcessorOrgMSP");
        assertThat(ours.path("detail").asText()).contains("CollectorOrgMSP");
        assertThat(Instant.parse(ours.path("dueAt").asText())).isEqualTo(Instant.parse(ours.path("since").asText()));

        final ResponseEntity<JsonNode> all = http.getForEntity("/api/v1/audit/exceptions?size=200", JsonNode.class);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(all.getBody().path("totalItems").asLong()).isGreaterThanOrEqualTo(1);

        final ResponseEntity<String> csv = http.getForEntity("/api/v1/audit/exceptions.csv", String.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getBody()).startsWith("\uFEFFkind,subject_type,subject_id,")
                .contains("HANDOVER_NOT_ACKNOWLEDGED,HANDOVER," + pendingHandover + ",ProcessorOrgMSP,");
    }

    @Test
    @Order(6)
    void the_device_export_contains_the_device_and_the_partner_figures_count_it() {
        final ResponseEntity<String> csv = http.getForEntity("/api/v1/audit/devices.csv?from=" + started,
                String.class);
        assertThat(csv.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        assertThat(csv.getBody()).startsWith("\uFEFFdevice_id,state,").contains("\r\n" + wiped + ",WIPED,ProcessorOrgMSP,")
                .contains("\r\n" + pending + ",IN_TRANSIT,CollectorOrgMSP,");

        final JsonNode partners = http.getForObject("/api/v1/audit/partners", JsonNode.class);
        final Map<String, JsonNode> byMsp = new TreeMap<>();
        partners.forEach(partner -> byMsp.put(partner.path("mspId").asText(), partner));
        assertThat(byMsp.get("ProcessorOrgMSP").path("devicesHeldByState").path("WIPED").asLong()).isPositive();
        assertThat(byMsp.get("ProcessorOrgMSP").path("erasuresByResult").path("ERASED").asLong()).isPositive();
        assertThat(byMsp.get("CollectorOrgMSP").path("handoversSent").path("PENDING").asLong()).isPositive();
        assertThat(byMsp.get("ProcessorOrgMSP").path("handoversReceived").path("ACCEPTED").asLong()).isPositive();
        assertThat(byMsp.get("ProcessorOrgMSP").path("erasureOutcomes").path("ERASED").asLong()).isPositive();
        assertThat(byMsp.get("ProcessorOrgMSP").path("erasureOutcomes").has("NOT_ERASED")).isTrue();
        final JsonNode received = byMsp.get("ProcessorOrgMSP").path("handoversReceived");
        final long offered = received.path("ACCEPTED").asLong() + received.path("REJECTED").asLong()
                + received.path("PENDING").asLong();
        assertThat(byMsp.get("ProcessorOrgMSP").path("handoverRejectionRate").asDouble())
                .isEqualTo((double) received.path("REJECTED").asLong() / offered);
    }

    @Test
    @Order(7)
    void the_regulator_acknowledges_an_exception_which_stays_listed_with_who_and_when_and_a_partner_may_not()
            throws Exception {
        final String path = "/api/v1/audit/exceptions/HANDOVER_NOT_ACKNOWLEDGED/" + pendingHandover
                + "/acknowledgements";
        final String key = java.util.UUID.randomUUID().toString();
        final ResponseEntity<JsonNode> first = http.exchange(path, HttpMethod.POST, acknowledgement(key,
                "asked the processor to accept or reject", null), JsonNode.class);
        assertThat(first.getStatusCode()).as(String.valueOf(first.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(first.getBody().path("actorKind").asText()).isEqualTo("API_KEY");
        final String actor = first.getBody().path("actor").asText();
        assertThat(actor).isNotBlank();
        final Instant at = Instant.parse(first.getBody().path("at").asText());
        assertThat(at).isAfter(started);

        // A retry with the same key answers the first acknowledgement; it adds none.
        final ResponseEntity<JsonNode> retry = http.exchange(path, HttpMethod.POST, acknowledgement(key,
                "asked the processor to accept or reject", null), JsonNode.class);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(Instant.parse(retry.getBody().path("at").asText())).isEqualTo(at);
        final ResponseEntity<JsonNode> reused = http.exchange(path, HttpMethod.POST, acknowledgement(key,
                "another note", null), JsonNode.class);
        assertThat(reused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(reused.getBody().path("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");

        final ResponseEntity<JsonNode> second = http.exchange(path, HttpMethod.POST, acknowledgement(
                java.util.UUID.randomUUID().toString(), "second look: still pending", null), JsonNode.class);
        assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CREATED);

        // Still listed, filtered by organisation and date, with both acknowledgements, newest first.
        final JsonNode page = http.getForObject("/api/v1/audit/exceptions?kind=HANDOVER_NOT_ACKNOWLEDGED"
                + "&organisation=ProcessorOrgMSP&from=" + started + "&size=200", JsonNode.class);
        JsonNode ours = null;
        for (JsonNode item : page.path("items")) {
            if (item.path("subjectId").asText().equals(pendingHandover)) {
                ours = item;
            }
        }
        assertThat(ours).as("handover %s in %s", pendingHandover, page).isNotNull();
        assertThat(ours.path("acknowledgements")).hasSize(2);
        assertThat(ours.path("acknowledgements").get(0).path("note").asText()).isEqualTo("second look: still pending");
        assertThat(ours.path("acknowledgements").get(1).path("actor").asText()).isEqualTo(actor);
        assertThat(http.getForObject("/api/v1/audit/exceptions?kind=HANDOVER_NOT_ACKNOWLEDGED"
                + "&organisation=CollectorOrgMSP&size=200", JsonNode.class).path("items").toString())
                .doesNotContain(pendingHandover);
        assertThat(http.getForObject(path, JsonNode.class)).hasSize(2);
        final ResponseEntity<String> csv = http.getForEntity("/api/v1/audit/exceptions.csv?kind="
                + "HANDOVER_NOT_ACKNOWLEDGED", String.class);
        assertThat(csv.getBody()).contains(",second look: still pending\r\n").contains("," + actor + ",");

        // The writes are in the write trail under the same actor.
        final JsonNode writes = http.getForObject("/api/v1/audit/writes?actor=" + actor + "&size=50", JsonNode.class);
        assertThat(writes.path("items").toString()).contains(path);

        // Nothing to acknowledge: a handover no rule finds.
        final ResponseEntity<JsonNode> none = http.exchange("/api/v1/audit/exceptions/SEAL_BROKEN/" + pendingHandover
                + "/acknowledgements", HttpMethod.POST, acknowledgement(java.util.UUID.randomUUID().toString(), "x",
                null), JsonNode.class);
        assertThat(none.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(none.getBody().path("code").asText()).isEqualTo("EXCEPTION_NOT_FOUND");

        // A partner may neither acknowledge nor read the acknowledgements.
        final String partnerKey = demoKey(Path.of(System.getenv("WIPETRACE_STATE")), "processor", "PARTNER");
        final ResponseEntity<JsonNode> partner = http.exchange(path, HttpMethod.POST, acknowledgement(
                java.util.UUID.randomUUID().toString(), "we will accept it", partnerKey), JsonNode.class);
        assertThat(partner.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(partner.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(partner.getBody().path("code").asText()).isEqualTo("ROLE_FORBIDDEN");
        final HttpHeaders asPartner = new HttpHeaders();
        asPartner.set("X-Api-Key", partnerKey);
        assertThat(http.exchange(path, HttpMethod.GET, new HttpEntity<>(asPartner), JsonNode.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForObject(path, JsonNode.class)).hasSize(2);
    }

    private static HttpEntity<Map<String, String>> acknowledgement(final String idempotencyKey, final String note,
            final String apiKey) {
        final HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", idempotencyKey);
        if (apiKey != null) {
            headers.set("X-Api-Key", apiKey);
        }
        return new HttpEntity<>(Map.of("note", note), headers);
    }

    @Test
    @Order(8)
    void the_regulator_finds_a_handover_and_its_device_by_the_start_of_their_ids_and_a_partner_may_not()
            throws Exception {
        final JsonNode byHandover = http.getForObject("/api/v1/audit/search?q=" + pendingHandover.substring(0, 12),
                JsonNode.class);
        assertThat(byHandover.path("handovers").toString()).contains(pendingHandover);
        assertThat(byHandover.path("devices").toString()).contains(pending);
        assertThat(byHandover.path("limit").asInt()).isEqualTo(50);
        assertThat(byHandover.path("handovers").size()).isLessThanOrEqualTo(50);
        final JsonNode byDevice = http.getForObject("/api/v1/audit/search?q=" + pending.substring(0, pending.length()
                - 2), JsonNode.class);
        assertThat(byDevice.path("devices").toString()).contains(pending);
        assertThat(byDevice.path("handovers").toString()).contains(pendingHandover);

        final HttpHeaders asPartner = new HttpHeaders();
        asPartner.set("X-Api-Key", demoKey(Path.of(System.getenv("WIPETRACE_STATE")), "collector", "PARTNER"));
        final ResponseEntity<JsonNode> partner = http.exchange("/api/v1/audit/search?q=" + pending.substring(0, 8),
                HttpMethod.GET, new HttpEntity<>(asPartner), JsonNode.class);
        assertThat(partner.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(partner.getBody().path("code").asText()).isEqualTo("ROLE_FORBIDDEN");
    }

    @Test
    @Order(100)
    void exceeding_the_verify_rate_limit_gives_429_with_retry_after() {
        ResponseEntity<JsonNode> response = null;
        for (int i = 0; i < 12; i++) {
            // A new code each time: asking for the same code again within the repeat window costs nothing.
            response = http.getForEntity("/api/v1/verify/{code}", JsonNode.class, LedgerDriver.newReceiptCode());
            if (response.getStatusCode() == HttpStatus.TOO_MANY_REQUESTS) {
                break;
            }
            assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        }
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
        // 10 an hour: a token every 6 minutes.
        assertThat(Long.parseLong(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))).isBetween(1L, 360L);
        assertThat(response.getBody().path("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(response.getBody().path("status").asInt()).isEqualTo(429);
        assertThat(response.getBody().path("type").asText()).isEqualTo("https://wipetrace.io/problems/rate-limited");
    }

    private void awaitCheckpoint(final long block) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(CATCH_UP);
        while (store.checkpoint(fabric.channel()) < block) {
            if (Instant.now().isAfter(giveUp)) {
                fail("waited " + CATCH_UP + " for the projection to reach block " + block);
            }
            Thread.sleep(50);
        }
    }

    private static JsonNode parse(final String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }

    /** The regulator's key among the demo keys the gateway writes to {@code <state>/gateway/api-keys.json}. */
    private static String demoKey(final Path state, final String organisation, final String role)
            throws java.io.IOException {
        for (final JsonNode key : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            if (organisation.equals(key.path("organisation").asText()) && role.equals(key.path("role").asText())) {
                return key.path("apiKey").asText();
            }
        }
        throw new AssertionError("no " + organisation + " " + role + " key in " + state.resolve("gateway/api-keys.json"));
    }
}
