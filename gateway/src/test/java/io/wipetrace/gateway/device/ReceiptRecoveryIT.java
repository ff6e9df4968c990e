package io.wipetrace.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.RunningNetwork;
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
 * A collection whose answer was lost: its receipt is given once more to its organisation for the Idempotency-Key it
 * was sent with, and to nobody for any other key or from any other organisation.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class ReceiptRecoveryIT {

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    void requireNetwork() {
        RunningNetwork.require();
    }

    @Test
    void the_key_of_a_collection_recovers_its_receipt_for_its_organisation_only() {
        final String key = UUID.randomUUID().toString();
        final HttpHeaders headers = RunningNetwork.keyHeaders("collector");
        headers.set("Idempotency-Key", key);
        final ResponseEntity<JsonNode> collected = http.exchange("/api/v1/collections", HttpMethod.POST,
                new HttpEntity<>(Map.of("make", "Huawei", "model", "P40", "storageGb", 64, "channel", "STORE", "siteId",
                        "SITE-COL-SH-01", "locked", false, "consent", Map.of("reference", "CONSENT-" + key, "scope",
                                "all user data", "method", "overwrite", "impact", "data cannot be recovered")),
                        headers), JsonNode.class);
        assertThat(collected.getStatusCode().value()).as(String.valueOf(collected.getBody())).isEqualTo(201);

        final ResponseEntity<JsonNode> recovered = recover("collector", key);
        assertThat(recovered.getStatusCode().value()).as(String.valueOf(recovered.getBody())).isEqualTo(200);
        assertThat(recovered.getBody().path("deviceId").asText()).isEqualTo(collected.getBody().path("deviceId").asText());
        assertThat(recovered.getBody().path("receiptCode").asText())
                .isEqualTo(collected.getBody().path("receiptCode").asText());
        assertThat(recovered.getBody().path("qr").path("url").asText())
                .isEqualTo(collected.getBody().path("qr").path("url").asText());
        assertThat(recovered.getBody().path("state").asText()).isEqualTo("COLLECTED");

        final ResponseEntity<JsonNode> otherKey = recover("collector", UUID.randomUUID().toString());
        assertThat(otherKey.getStatusCode().value()).isEqualTo(404);
        assertThat(otherKey.getBody().path("code").asText()).isEqualTo("RECEIPT_NOT_FOUND");
        final ResponseEntity<JsonNode> otherOrganisation = recover("processor", key);
        assertThat(otherOrganisation.getStatusCode().value()).isEqualTo(404);
        assertThat(otherOrganisation.getBody().toString()).doesNotContain(collected.getBody().path("receiptCode").asText());
    }

    private ResponseEntity<JsonNode> recover(final String caller, final String key) {
        return http.exchange("/api/v1/collections/recovered-receipts", HttpMethod.POST,
                new HttpEntity<>(Map.of("idempotencyKey", key), RunningNetwork.keyHeaders(caller)), JsonNode.class);
    }

}
