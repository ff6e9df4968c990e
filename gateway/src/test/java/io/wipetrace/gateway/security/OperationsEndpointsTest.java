package io.wipetrace.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

import io.wipetrace.gateway.web.server.RawHttp;
import io.wipetrace.gateway.web.server.ServerSlice;
import io.wipetrace.gateway.web.server.ServerSliceTest;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;

/** Health shows anyone only UP or DOWN; its details and the metrics need a regulator, an admin or the scrape token. */
@AutoConfigureObservability // else tests leave the Prometheus endpoint out
@SpringBootTest(classes = ServerSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.metrics-token=" + OperationsEndpointsTest.TOKEN)
class OperationsEndpointsTest extends ServerSliceTest {

    static final String TOKEN = "scrape-0123456789abcdef";
    private static final String REGULATOR_KEY = "regulator-key";
    private static final String PARTNER_KEY = "partner-key";

    @BeforeEach
    void keys() {
        key(REGULATOR_KEY, "regulator", Roles.REGULATOR);
        key(PARTNER_KEY, "collector", Roles.PARTNER);
        when(gateways.mspId("regulator")).thenReturn("RegulatorOrgMSP");
        when(gateways.mspId("collector")).thenReturn("CollectorOrgMSP");
    }

    private void key(final String clear, final String organisation, final String role) {
        when(keys.findActiveByHash(ApiKeys.hash(clear))).thenReturn(Optional.of(new ApiKeyStore.ApiKeyRecord(
                UUID.randomUUID(), organisation, role, "test", Instant.now(), null)));
    }

    @Test
    void shows_anonymous_callers_and_partners_only_the_health_status() throws IOException {
        for (final String[] headers : new String[][] {{}, {"X-Api-Key: " + PARTNER_KEY}}) {
            final RawHttp.Answer health = RawHttp.send(port, "GET /actuator/health HTTP/1.1", headers);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void shows_health_details_to_a_regulator_and_the_scrape_token() throws IOException {
        assertThat(RawHttp.send(port, "GET /actuator/health HTTP/1.1", "X-Api-Key: " + REGULATOR_KEY).body())
                .contains("\"components\"", "\"diskSpace\"", "\"details\"");
        assertThat(RawHttp.send(port, "GET /actuator/health HTTP/1.1", "Authorization: Bearer " + TOKEN).body())
                .contains("\"components\"", "\"details\"");
    }

    @Test
    void refuses_prometheus_to_anonymous_callers_partners_and_wrong_tokens() throws IOException {
        assertThat(RawHttp.send(port, "GET /actuator/prometheus HTTP/1.1").status()).isEqualTo(401);
        assertThat(RawHttp.send(port, "GET /actuator/prometheus HTTP/1.1", "Authorization: Bearer " + TOKEN + "x")
                .status()).isEqualTo(401);
        final RawHttp.Answer partner = RawHttp.send(port, "GET /actuator/prometheus HTTP/1.1",
                "X-Api-Key: " + PARTNER_KEY);
        assertThat(partner.status()).isEqualTo(403);
        assertThat(partner.headers().get("content-type")).startsWith("application/problem+json");
        assertThat(RawHttp.send(port, "GET /actuator/metrics HTTP/1.1").status()).isEqualTo(401);
    }

    @Test
    void lets_the_scrape_token_and_a_regulator_read_prometheus() throws IOException {
        final RawHttp.Answer scrape = RawHttp.send(port, "GET /actuator/prometheus HTTP/1.1",
                "Authorization: Bearer " + TOKEN);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).contains("jvm_memory_used_bytes");
        assertThat(RawHttp.send(port, "GET /actuator/prometheus HTTP/1.1", "X-Api-Key: " + REGULATOR_KEY).status())
                .isEqualTo(200);
    }
}
