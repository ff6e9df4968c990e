package io.wipetrace.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.RunningNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The reads the portal is built on, against the real network and PostgreSQL of {@code WIPETRACE_STATE}: a partner's
 * custody and incoming handovers (its own only), and the regulator's dashboard figures and search.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class PartnerReadsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private TestRestTemplate http;

    private final Map<String, String> keys = new HashMap<>();

    @BeforeAll
    void readDemoKeys() throws Exception {
        RunningNetwork.require();
        final Path file = Path.of(System.getenv("WIPETRACE_STATE"), "gateway", "api-keys.json");
        for (JsonNode key : JSON.readTree(file.toFile()).path("keys")) {
            if (!"ADMIN".equals(key.path("role").asText())) {
                keys.put(key.path("organisation").asText(), key.path("apiKey").asText());
            }
        }
    }

    @Test
    void a_partner_sees_its_own_custody_and_the_offers_waiting_for_it_and_nobody_elses() throws Exception {
        final JsonNode statsBefore = get("regulator", "/api/v1/audit/statistics?days=2").getBody();
        final String bag = "BAG-" + UUID.randomUUID();
        final String device = collect(bag);
        final JsonNode me = get("processor", "/api/v1/me").getBody();
        assertThat(me.path("mspId").asText()).isEqualTo("ProcessorOrgMSP");
        assertThat(me.path("roles").toString()).contains("PARTNER");

        final JsonNode held = await("collector", "/api/v1/custody/devices?q=" + bag, page -> page.path("totalItems").asInt() == 1);
        assertThat(held.path("items").path(0).path("deviceId").asText()).isEqualTo(device);
        assertThat(held.path("items").path(0).path("bagId").asText()).isEqualTo(bag);
        // A collection that names no product type is a phone (the national standard's default product).
        assertThat(held.path("items").path(0).path("productType").asText()).isEqualTo("PHONE");
        assertThat(get("processor", "/api/v1/custody/devices?q=" + device).getBody().path("totalItems").asInt()).isZero();

        final String handover = post("collector", "/api/v1/handovers", Map.of("deviceIds", List.of(device),
                "toMspId", "ProcessorOrgMSP", "toSiteId", "SITE-PRC-SZ-01", "sealId", "SEAL-" + UUID.randomUUID()))
                .getBody().path("handover").path("handoverId").asText();
        final JsonNode incoming = await("processor", "/api/v1/custody/handovers/incoming",
                list -> list.findValuesAsText("handoverId").contains(handover));
        for (JsonNode offer : incoming) {
            if (offer.path("handoverId").asText().equals(handover)) {
                assertThat(offer.path("fromMspId").asText()).isEqualTo("CollectorOrgMSP");
                assertThat(offer.path("deviceIds").toString()).isEqualTo("[\"" + device + "\"]");
            }
        }
        assertThat(get("smelter", "/api/v1/custody/handovers/incoming").getBody().findValuesAsText("handoverId"))
                .doesNotContain(handover);

        final JsonNode found = get("regulator", "/api/v1/audit/search?q=" + bag).getBody();
        assertThat(found.path("devices").findValuesAsText("deviceId")).containsExactly(device);
        assertThat(get("regulator", "/api/v1/audit/search?q=" + handover).getBody().path("handovers")
                .findValuesAsText("status")).containsExactly("PENDING");
        final JsonNode statsAfter = get("regulator", "/api/v1/audit/statistics?days=2").getBody();
        assertThat(statsAfter.path("flowPerDay")).hasSize(2);
        assertThat(collectedToday(statsAfter)).isGreaterThan(collectedToday(statsBefore));
        assertThat(statsAfter.path("timeToDestruction")).hasSize(statsAfter.path("bucketHours").size() + 1);
    }

    @Test
    void a_device_page_is_read_by_the_organisations_that_held_it_and_by_no_other() throws Exception {
        final String device = collect("BAG-" + UUID.randomUUID());
        final String page = "/api/v1/custody/devices/" + device;
        final JsonNode own = await("collector", "/api/v1/custody/devices?q=" + device,
                found -> found.path("totalItems").asInt() == 1);
        assertThat(own.path("items").path(0).path("state").asText()).isEqualTo("COLLECTED");

        final JsonNode collected = get("collector", page).getBody();
        assertThat(collected.path("device").path("deviceId").asText()).isEqualTo(device);
        assertThat(collected.path("custodianMspId").asText()).isEqualTo("CollectorOrgMSP");
        assertThat(collected.path("events").findValuesAsText("type")).containsExactly("COLLECTED");
        assertThat(collected.path("custody")).isEmpty();
        assertThat(collected.path("certificateAvailable").asBoolean()).isFalse();
        final ResponseEntity<JsonNode> notYet = get("collector", page + "/certificate.pdf");
        assertThat(notYet.getStatusCode().value()).isEqualTo(409);

        // Others: as if the device did not exist, the same answer as for one that does not.
        final ResponseEntity<JsonNode> unknown = get("processor", "/api/v1/custody/devices/" + "WT" + UUID.randomUUID()
                .toString().replace("-", ""));
        assertThat(unknown.getStatusCode().value()).isEqualTo(404);
        for (final String path : List.of(page, page + "/certificate.pdf", page + "/proof-bundle")) {
            final ResponseEntity<JsonNode> foreign = get("processor", path);
            assertThat(foreign.getStatusCode().value()).as(path).isEqualTo(404);
            assertThat(foreign.getBody().path("code").asText()).isEqualTo("DEVICE_NOT_FOUND");
            assertThat(foreign.getBody().toString()).doesNotContain("Collector");
        }

        // Offered to the processor: not yet held by it; accepted: held, and the handover is on its page.
        final String handover = post("collector", "/api/v1/handovers", Map.of("deviceIds", List.of(device),
                "toMspId", "ProcessorOrgMSP", "toSiteId", "SITE-PRC-SZ-01", "sealId", "SEAL-" + UUID.randomUUID()))
                .getBody().path("handover").path("handoverId").asText();
        await("processor", "/api/v1/custody/handovers/incoming",
                list -> list.findValuesAsText("handoverId").contains(handover));
        assertThat(get("processor", page).getStatusCode().value()).isEqualTo(404);
        final HttpHeaders accept = headers("processor");
        accept.set("Idempotency-Key", UUID.randomUUID().toString());
        accept.set("Read-Your-Writes", "wait");
        assertThat(http.exchange("/api/v1/handovers/" + handover + "/accept", HttpMethod.POST,
                new HttpEntity<>(Map.of("sealIntact", true), accept), JsonNode.class).getStatusCode().value())
                .isEqualTo(200);
        final JsonNode received = await("processor", "/api/v1/custody/devices?q=" + device,
                found -> found.path("totalItems").asInt() == 1);
        assertThat(received.path("items").path(0).path("state").asText()).isEqualTo("RECEIVED");
        final JsonNode held = get("processor", page).getBody();
        assertThat(held.path("custodianMspId").asText()).isEqualTo("ProcessorOrgMSP");
        assertThat(held.path("events").findValuesAsText("type"))
                .containsExactly("COLLECTED", "HANDOVER_OFFERED", "HANDOVER_ACCEPTED");
        assertThat(held.path("custody").findValuesAsText("status")).containsExactly("ACCEPTED");
        // The collector held it: its page stays readable, now naming the processor as custodian.
        assertThat(get("collector", page).getBody().path("custodianMspId").asText()).isEqualTo("ProcessorOrgMSP");
        assertThat(get("smelter", page).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void the_custody_list_exports_as_csv_for_excel_with_formulas_made_text() throws Exception {
        final String bag = "BAG-" + UUID.randomUUID();
        final String device = collect(bag, "=HYPERLINK(\"http://x\")");
        await("collector", "/api/v1/custody/devices?q=" + bag, found -> found.path("totalItems").asInt() == 1);

        final ResponseEntity<byte[]> export = http.exchange("/api/v1/custody/devices.csv?q=" + bag, HttpMethod.GET,
                new HttpEntity<>(headers("collector")), byte[].class);
        assertThat(export.getStatusCode().value()).isEqualTo(200);
        assertThat(export.getHeaders().getContentType().toString()).startsWith("text/csv");
        final String text = new String(export.getBody(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFFdeviceId,state,");
        final List<String> lines = text.substring(1).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).startsWith(device + ",COLLECTED,PHONE,\"'=HYPERLINK(\"\"http://x\"\")\",X60,128,")
                .contains(bag);
        final ResponseEntity<byte[]> foreign = http.exchange("/api/v1/custody/devices.csv?q=" + bag, HttpMethod.GET,
                new HttpEntity<>(headers("processor")), byte[].class);
        assertThat(new String(foreign.getBody(), java.nio.charset.StandardCharsets.UTF_8).lines()).hasSize(1);
    }

    @Test
    void the_registry_says_which_roles_an_organisation_holds_and_which_sites_are_its_own() {
        assertThat(get("collector", "/api/v1/me").getBody().path("registryRoles").toString()).contains("COLLECTOR")
                .doesNotContain("PROCESSOR");
        assertThat(get("processor", "/api/v1/me").getBody().path("registryRoles").toString()).contains("PROCESSOR");
        final JsonNode own = get("collector", "/api/v1/registry/sites?mspId=CollectorOrgMSP").getBody();
        assertThat(own.findValuesAsText("siteId")).contains("SITE-COL-SH-01").doesNotContain("SITE-PRC-SZ-01");
        assertThat(own.findValuesAsText("mspId")).containsOnly("CollectorOrgMSP");
        assertThat(get("collector", "/api/v1/registry/sites").getBody().findValuesAsText("siteId"))
                .contains("SITE-COL-SH-01", "SITE-PRC-SZ-01");
        final JsonNode organisations = get("collector", "/api/v1/registry/organisations").getBody();
        assertThat(organisations.findValuesAsText("mspId")).contains("CollectorOrgMSP", "ProcessorOrgMSP");
    }

    @Test
    void the_dashboard_and_search_are_for_regulators_only() {
        assertThat(get("collector", "/api/v1/audit/statistics").getStatusCode().value()).isEqualTo(403);
        assertThat(get("collector", "/api/v1/audit/search?q=x").getStatusCode().value()).isEqualTo(403);
        assertThat(get("regulator", "/api/v1/audit/search?q=not%20an%20id").getStatusCode().value()).isEqualTo(400);
    }

    private static long collectedToday(final JsonNode statistics) {
        final JsonNode days = statistics.path("flowPerDay");
        return days.path(days.size() - 1).path("collected").asLong();
    }

    private String collect(final String bag) {
        return collect(bag, "Vivo");
    }

    private String collect(final String bag, final String make) {
        final ResponseEntity<JsonNode> collected = post("collector", "/api/v1/collections", Map.of("make", make,
                "model", "X60", "storageGb", 128, "channel", "MAIL_BAG", "siteId", "SITE-COL-SH-01", "bagId", bag,
                "locked", false, "consent", Map.of("reference", "CONSENT-" + UUID.randomUUID(), "scope", "all user data",
                        "method", "overwrite", "impact", "data cannot be recovered"),
                "personal", Map.of("serial", "SN-" + UUID.randomUUID().toString().substring(0, 8))));
        assertThat(collected.getStatusCode().value()).as(String.valueOf(collected.getBody())).isEqualTo(201);
        return collected.getBody().path("deviceId").asText();
    }

    /** Reads until the projection has caught up with the writes. */
    private JsonNode await(final String caller, final String path, final Predicate<JsonNode> ready)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode body = null;
        while (System.nanoTime() < deadline) {
            final ResponseEntity<JsonNode> response = get(caller, path);
            assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
            body = response.getBody();
            if (ready.test(body)) {
                return body;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(path + " for " + caller + " never showed the write: " + body);
    }

    private ResponseEntity<JsonNode> get(final String caller, final String path) {
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers(caller)), JsonNode.class);
    }

    private ResponseEntity<JsonNode> post(final String caller, final String path, final Object body) {
        final HttpHeaders headers = headers(caller);
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private HttpHeaders headers(final String caller) {
        final HttpHeaders headers = new HttpHeaders();
        headers.set("X-Api-Key", keys.get(caller));
        return headers;
    }
}
