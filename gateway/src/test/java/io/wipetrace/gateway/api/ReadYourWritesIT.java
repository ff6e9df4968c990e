package io.wipetrace.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.RunningNetwork;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Read your own writes on the real network: a write sent with {@code Read-Your-Writes: wait} answers only once the
 * lists show it, so the very next read (no polling here) agrees with what was just done; a retry of a lost answer with
 * the same Idempotency-Key waits the same way; without the header nothing waits and nothing is said.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class ReadYourWritesIT {

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    void requireNetwork() {
        RunningNetwork.require();
    }

    @Test
    void each_write_answered_after_the_wait_is_in_the_very_next_read() {
        final String bag = "BAG-" + UUID.randomUUID();
        final ResponseEntity<JsonNode> collected = post("collector", UUID.randomUUID().toString(),
                "/api/v1/collections", collection(bag), true);
        assertCurrent(collected, 201);
        final String device = collected.getBody().path("deviceId").asText();
        assertThat(get("collector", "/api/v1/custody/devices?q=" + bag).path("items").findValuesAsText("deviceId"))
                .containsExactly(device);

        final ResponseEntity<JsonNode> offered = post("collector", UUID.randomUUID().toString(), "/api/v1/handovers",
                Map.of("deviceIds", List.of(device), "toMspId", "ProcessorOrgMSP", "toSiteId", "SITE-PRC-SZ-01",
                        "sealId", "SEAL-" + UUID.randomUUID()), true);
        assertCurrent(offered, 201);
        final String handover = offered.getBody().path("handover").path("handoverId").asText();
        assertThat(get("processor", "/api/v1/custody/handovers/incoming").findValuesAsText("handoverId"))
                .contains(handover);

        final ResponseEntity<JsonNode> accepted = post("processor", UUID.randomUUID().toString(),
                "/api/v1/handovers/" + handover + "/accept", Map.of("sealIntact", true), true);
        assertCurrent(accepted, 200);
        assertThat(get("processor", "/api/v1/custody/handovers/incoming").findValuesAsText("handoverId"))
                .doesNotContain(handover);
        final JsonNode held = get("processor", "/api/v1/custody/devices?q=" + device).path("items");
        assertThat(held.findValuesAsText("state")).containsExactly("RECEIVED");
    }

    @Test
    void a_correction_naming_only_its_event_is_made_on_the_device_the_read_model_holds_the_event_for() {
        final ResponseEntity<JsonNode> collected = post("collector", UUID.randomUUID().toString(),
                "/api/v1/collections", collection("BAG-" + UUID.randomUUID()), false);
        assertThat(collected.getStatusCode().value()).as(String.valueOf(collected.getBody())).isEqualTo(201);
        final String device = collected.getBody().path("deviceId").asText();
        // A collection records one event, the first of its transaction.
        final String txId = collected.getBody().path("ledger").path("transactionId").asText();

        // Sent at once, without waiting for the read model: the gateway waits for it to reach the ledger's height.
        final ResponseEntity<JsonNode> corrected = post("collector", UUID.randomUUID().toString(),
                "/api/v1/corrections", Map.of("eventId", txId + ":0", "reason", "storage typed wrong",
                        "correction", Map.of("storageGb", 128)), false);
        assertThat(corrected.getStatusCode().value()).as(String.valueOf(corrected.getBody())).isEqualTo(201);
        assertThat(corrected.getBody().path("event").path("deviceId").asText()).isEqualTo(device);
        assertThat(corrected.getBody().path("event").path("details").path("correctsEventId").asText())
                .isEqualTo(txId + ":0");

        final ResponseEntity<JsonNode> unknown = post("collector", UUID.randomUUID().toString(),
                "/api/v1/corrections", Map.of("eventId", txId + ":7", "reason", "storage typed wrong",
                        "correction", Map.of("storageGb", 128)), false);
        assertThat(unknown.getStatusCode().value()).as(String.valueOf(unknown.getBody())).isEqualTo(404);
        assertThat(unknown.getBody().path("code").asText()).isEqualTo("EVENT_NOT_FOUND");
    }

    @Test
    void a_retry_with_the_same_key_replays_the_answer_and_waits_the_same_way() {
        final String key = UUID.randomUUID().toString();
        final Map<String, Object> body = collection("BAG-" + UUID.randomUUID());
        final ResponseEntity<JsonNode> first = post("collector", key, "/api/v1/collections", body, false);
        assertThat(first.getStatusCode().value()).as(String.valueOf(first.getBody())).isEqualTo(201);
        // Opt-in: an API client that does not ask neither waits nor hears about the read model.
        assertThat(first.getHeaders().containsKey("Read-Model-Status")).isFalse();

        final ResponseEntity<JsonNode> retry = post("collector", key, "/api/v1/collections", body, true);
        assertCurrent(retry, 201);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.getBody().path("receiptCode").asText()).isEqualTo(first.getBody().path("receiptCode").asText());
        assertThat(retry.getBody().path("deviceId").asText()).isEqualTo(first.getBody().path("deviceId").asText());
    }

    @Test
    void the_openapi_document_describes_the_header_on_writes() {
        final JsonNode api = http.getForObject("/v3/api-docs", JsonNode.class);
        final JsonNode collect = api.path("paths").path("/api/v1/collections").path("post");
        assertThat(collect.path("parameters").findValuesAsText("name")).contains("Read-Your-Writes");
        final JsonNode answered = collect.path("responses").path(collect.path("responses").has("201") ? "201" : "200");
        assertThat(answered.path("headers").has("Read-Model-Status")).isTrue();
        assertThat(api.path("paths").path("/api/v1/custody/devices").path("get").path("parameters")
                .findValuesAsText("name")).doesNotContain("Read-Your-Writes");
    }

    private void assertCurrent(final ResponseEntity<JsonNode> response, final int status) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getHeaders().getFirst("Read-Model-Status")).isEqualTo("current");
        assertThat(Long.parseLong(response.getHeaders().getFirst("Read-Model-Block")))
                .isGreaterThanOrEqualTo(response.getBody().path("ledger").path("blockNumber").asLong());
    }

    private static Map<String, Object> collection(final String bag) {
        return Map.of("make", "Vivo", "model", "X60", "storageGb", 128, "channel", "MAIL_BAG", "siteId",
                "SITE-COL-SH-01", "bagId", bag, "locked", false, "consent", Map.of("reference",
                        "CONSENT-" + UUID.randomUUID(), "scope", "all user data", "method", "overwrite", "impact",
                        "data cannot be recovered"));
    }

    private JsonNode get(final String caller, final String path) {
        final ResponseEntity<JsonNode> response = http.exchange(path, HttpMethod.GET,
                new HttpEntity<>(RunningNetwork.keyHeaders(caller)), JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> post(final String caller, final String key, final String path, final Object body,
            final boolean readYourWrites) {
        final HttpHeaders headers = RunningNetwork.keyHeaders(caller);
        headers.set("Idempotency-Key", key);
        if (readYourWrites) {
            headers.set("Read-Your-Writes", "wait");
        }
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

}
