package io.wipetrace.gateway.custody;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.RunningNetwork;
import java.util.ArrayList;
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
 * A handover accepted in part, on the real network and read model: the devices that arrived move to the receiver, the
 * ones it did not find become MISSING on the ledger in the sender's custody, the projection and the regulator's
 * exceptions say so, no certificate is issued for them, and nobody but the receiver may answer the handover. Every
 * write waits for the read model ({@code Read-Your-Writes: wait}), so each read right after it sees it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class PartialHandoverIT {

    private static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    void requireNetwork() {
        RunningNetwork.require();
    }

    @Test
    void the_processor_accepts_part_of_a_bag_and_the_devices_not_found_are_missing_with_the_collector() {
        final String bag = "BAG-" + UUID.randomUUID();
        final List<String> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            devices.add(ok(post("collector", "/api/v1/collections", collection(bag)), 201).path("deviceId").asText());
        }
        final JsonNode offered = ok(post("collector", "/api/v1/handovers", Map.of("bagId", bag,
                "toMspId", "ProcessorOrgMSP", "toSiteId", PROCESSOR_SITE, "sealId", "SEAL-" + UUID.randomUUID())), 201);
        final String handover = offered.path("handover").path("handoverId").asText();
        final List<String> inOrder = new ArrayList<>();
        offered.path("handover").path("deviceIds").forEach(id -> inOrder.add(id.asText()));
        assertThat(inOrder).containsExactlyInAnyOrderElementsOf(devices);
        final String missing = inOrder.get(1);
        final String accept = "/api/v1/handovers/" + handover + "/accept";

        // Nobody but the receiver may answer, whatever it lists; the refusal names no addressee.
        for (final String other : List.of("smelter", "collector")) {
            final ResponseEntity<JsonNode> refused = post(other, accept, Map.of("sealIntact", true,
                    "missingDeviceIds", List.of(missing)));
            assertProblem(refused, 403, "NOT_RECEIVER");
            assertThat(refused.getBody().toString()).doesNotContain("ProcessorOrgMSP");
        }
        // Lists the ledger refuses, by the rule they break; and one Bean Validation refuses before the ledger.
        assertProblem(post("processor", accept, Map.of("sealIntact", true, "missingDeviceIds", List.of(missing,
                missing))), 422, "MISSING_DEVICE_LISTED_TWICE");
        assertProblem(post("processor", accept, Map.of("sealIntact", true, "missingDeviceIds", inOrder)), 422,
                "MISSING_EVERY_DEVICE");
        assertProblem(post("processor", accept, Map.of("sealIntact", true, "missingDeviceIds",
                List.of("dev-" + "0".repeat(12)))), 422, "MISSING_DEVICE_NOT_IN_HANDOVER");
        final ResponseEntity<JsonNode> malformed = post("processor", accept, Map.of("sealIntact", true,
                "missingDeviceIds", List.of("not a device")));
        assertThat(malformed.getStatusCode().value()).as(String.valueOf(malformed.getBody())).isEqualTo(400);
        assertThat(malformed.getBody().toString()).contains("missingDeviceIds");

        final JsonNode accepted = ok(post("processor", accept, Map.of("sealIntact", true, "note", "one phone short",
                "missingDeviceIds", List.of(missing))), 200).path("handover");
        assertThat(accepted.path("status").asText()).isEqualTo("ACCEPTED");
        final List<String> acceptedIds = new ArrayList<>();
        accepted.path("acceptedDeviceIds").forEach(id -> acceptedIds.add(id.asText()));
        assertThat(acceptedIds).containsExactly(inOrder.get(0), inOrder.get(2));
        assertThat(accepted.path("missingDeviceIds").toString()).isEqualTo("[\"" + missing + "\"]");

        // The very next reads: the handover no longer waits, the arrived devices are the processor's.
        assertThat(get("processor", "/api/v1/custody/handovers/incoming").findValuesAsText("handoverId"))
                .doesNotContain(handover);
        assertThat(get("processor", "/api/v1/custody/devices?q=" + bag).path("items").findValuesAsText("deviceId"))
                .containsExactlyInAnyOrder(inOrder.get(0), inOrder.get(2));
        final JsonNode stillTheCollectors = get("collector", "/api/v1/custody/devices?q=" + missing).path("items");
        assertThat(stillTheCollectors.findValuesAsText("state")).containsExactly("MISSING");

        // The ledger: one DEVICE_MISSING event by the receiver, the sender the custodian; the projection agrees.
        final JsonNode audit = get("regulator", "/api/v1/audit/devices/" + missing);
        final JsonNode last = audit.path("ledger").get(audit.path("ledger").size() - 1);
        assertThat(audit.path("ledger").findValuesAsText("type"))
                .containsExactly("COLLECTED", "HANDOVER_OFFERED", "DEVICE_MISSING");
        assertThat(last.path("state").asText()).isEqualTo("MISSING");
        assertThat(last.path("actorMspId").asText()).isEqualTo("ProcessorOrgMSP");
        assertThat(last.path("custodianMspId").asText()).isEqualTo("CollectorOrgMSP");
        assertThat(last.path("details").path("handoverId").asText()).isEqualTo(handover);
        assertThat(last.path("details").path("exceptions").toString()).isEqualTo("[\"DEVICE_MISSING\"]");
        assertThat(audit.path("projection").path("device").path("state").asText()).isEqualTo("MISSING");
        assertThat(audit.path("projection").path("device").path("custodianMspId").asText())
                .isEqualTo("CollectorOrgMSP");
        assertThat(audit.path("consistent").asBoolean()).as(audit.path("differences").toString()).isTrue();
        final JsonNode arrived = get("regulator", "/api/v1/audit/devices/" + inOrder.get(0));
        assertThat(arrived.path("ledger").findValuesAsText("type")).endsWith("HANDOVER_ACCEPTED");

        // The regulator's exceptions name the missing device, the collector accountable; not the arrived ones.
        final JsonNode exceptions = get("regulator", "/api/v1/audit/exceptions?kind=DEVICE_MISSING&size=200")
                .path("items");
        final List<JsonNode> ours = new ArrayList<>();
        exceptions.forEach(e -> {
            if (devices.contains(e.path("subjectId").asText())) {
                ours.add(e);
            }
        });
        assertThat(ours).hasSize(1);
        assertThat(ours.getFirst().path("subjectId").asText()).isEqualTo(missing);
        assertThat(ours.getFirst().path("organisation").asText()).isEqualTo("CollectorOrgMSP");
        assertThat(ours.getFirst().path("detail").asText()).contains(handover).contains("ProcessorOrgMSP");

        // No certificate for a device nobody holds.
        final ResponseEntity<JsonNode> certificate = http.exchange("/api/v1/audit/devices/" + missing
                + "/certificate.pdf", HttpMethod.GET, new HttpEntity<>(RunningNetwork.keyHeaders("regulator")),
                JsonNode.class);
        assertProblem(certificate, 409, "DEVICE_MISSING");
    }

    private static Map<String, Object> collection(final String bag) {
        return Map.of("make", "Honor", "model", "X10", "storageGb", 128, "channel", "MAIL_BAG", "siteId",
                "SITE-COL-SH-01", "bagId", bag, "locked", false, "consent", Map.of("reference",
                        "CONSENT-" + UUID.randomUUID(), "scope", "all user data", "method", "overwrite", "impact",
                        "data cannot be recovered"));
    }

    private static JsonNode ok(final ResponseEntity<JsonNode> response, final int status) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getHeaders().getFirst("Read-Model-Status")).isEqualTo("current");
        return response.getBody();
    }

    private static void assertProblem(final ResponseEntity<JsonNode> response, final int status, final String code) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody().path("code").asText()).isEqualTo(code);
    }

    private JsonNode get(final String caller, final String path) {
        final ResponseEntity<JsonNode> response = http.exchange(path, HttpMethod.GET,
                new HttpEntity<>(RunningNetwork.keyHeaders(caller)), JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
        return response.getBody();
    }

    private ResponseEntity<JsonNode> post(final String caller, final String path, final Object body) {
        final HttpHeaders headers = RunningNetwork.keyHeaders(caller);
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        headers.set("Read-Your-Writes", "wait");
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
