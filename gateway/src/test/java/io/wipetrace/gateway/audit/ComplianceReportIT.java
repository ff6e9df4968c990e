package io.wipetrace.gateway.audit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.tools.client.ErasureSigning;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.tools.client.StationKeys;
import io.wipetrace.gateway.projection.ProjectionStore;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The national erasure standard's cases recorded through the REST API on the real network (a compliant resale, a
 * refused unwiped resale, an export of destroyed scrap, a seal broken before the wipe, a collection without consent
 * refused at erasure, an erasure by a method the standard does not accept, a collection without consent whose owner's
 * consent the processor records later before erasing it, and one the processor hands back unwiped to its owner), then
 * the processor's compliance report for the period, whose counts and findings are checked against the devices' events
 * read from the ledger.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"wipetrace.security.demo-keys.enabled=true"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class ComplianceReportIT {

    private static final String PROCESSOR = "ProcessorOrgMSP";
    private static final String COLLECTOR_SITE = "SITE-COL-SH-01";
    private static final String PROCESSOR_SITE = "SITE-PRC-SZ-01";
    private static final String STATION = "STATION-SZ-ECDSA-01";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private TestRestTemplate http;

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

    private Path state;
    private final Map<String, String> keys = new HashMap<>();
    private final Map<String, String> devices = new LinkedHashMap<>();
    private final Map<String, ResponseEntity<JsonNode>> refusals = new HashMap<>();
    private final Map<String, String> receipts = new HashMap<>();
    private Instant from;
    private Instant to;

    @BeforeAll
    void recordTheCases() throws Exception {
        RunningNetwork.require();
        state = Path.of(System.getenv("WIPETRACE_STATE"));
        for (final JsonNode key : JSON.readTree(state.resolve("gateway/api-keys.json").toFile()).path("keys")) {
            keys.put("ADMIN".equals(key.path("role").asText()) ? "admin" : key.path("organisation").asText(),
                    key.path("apiKey").asText());
        }
        from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);

        final String resold = received("TABLET", true, true);
        created(erase(resold, "BLOCK_ERASE", "ERASED"));
        created(post("processor", "/api/v1/refurbishments", Map.of("deviceId", resold, "siteId", PROCESSOR_SITE,
                "channel", "RESALE")));
        final ResponseEntity<JsonNode> resale = post("processor", "/api/v1/resales", Map.of("deviceId", resold,
                "siteId", PROCESSOR_SITE, "channel", "ONLINE"));
        created(resale);
        assertThat(resale.getBody().path("device").path("state").asText()).isEqualTo("RESOLD");
        assertThat(resale.getBody().path("device").path("productType").asText()).isEqualTo("TABLET");
        devices.put("resold", resold);

        final String unwiped = received("LAPTOP", true, true);
        refusals.put("unwiped resale", post("processor", "/api/v1/resales", Map.of("deviceId", unwiped,
                "siteId", PROCESSOR_SITE, "channel", "ONLINE")));
        devices.put("unwiped", unwiped);

        final String scrap = received("PHONE", true, true);
        created(erase(scrap, "OVERWRITE", "NOT_ERASED"));
        created(post("processor", "/api/v1/dismantlings", Map.of("deviceId", scrap,
                "storageComponentCommitment", sha256("emmc " + scrap), "siteId", PROCESSOR_SITE)));
        created(post("processor", "/api/v1/storage-destructions", Map.of("deviceId", scrap, "method", "SHRED",
                "siteId", PROCESSOR_SITE, "evidenceSha256", sha256("video " + scrap))));
        created(post("processor", "/api/v1/exports", Map.of("deviceId", scrap, "siteId", PROCESSOR_SITE,
                "destinationCountry", "VN", "declarationNumber", "DEC-" + scrap.substring(0, 8))));
        devices.put("scrap", scrap);

        devices.put("seal", received("WEARABLE", true, false));

        final String noConsent = received("DESKTOP", false, true);
        refusals.put("erasure without consent", erase(noConsent, "OVERWRITE", "ERASED"));
        devices.put("noConsent", noConsent);

        final String purged = received("OFFICE_EQUIPMENT", true, true);
        created(erase(purged, "PURGE", "ERASED"));
        refusals.put("export after purge", post("processor", "/api/v1/exports", Map.of("deviceId", purged,
                "siteId", PROCESSOR_SITE, "destinationCountry", "VN")));
        devices.put("purged", purged);

        final String consentLater = received("PHONE", false, true);
        refusals.put("consent by another than the custodian", post("collector", "/api/v1/consents",
                laterConsent(consentLater, COLLECTOR_SITE)));
        refusals.put("consent with a free-text reference", post("processor", "/api/v1/consents",
                withMember(laterConsent(consentLater, PROCESSOR_SITE), "reference", "王先生 by phone")));
        final ResponseEntity<JsonNode> consented = post("processor", "/api/v1/consents",
                laterConsent(consentLater, PROCESSOR_SITE));
        created(consented);
        assertThat(consented.getBody().path("device").path("state").asText()).isEqualTo("RECEIVED");
        refusals.put("second consent", post("processor", "/api/v1/consents", laterConsent(consentLater,
                PROCESSOR_SITE)));
        created(erase(consentLater, "OVERWRITE", "ERASED"));
        refusals.put("return after the erasure", post("processor", "/api/v1/returns", Map.of("deviceId",
                consentLater, "siteId", PROCESSOR_SITE, "reason", "OWNER_REQUEST")));
        devices.put("consentLater", consentLater);

        final String returned = received("PHONE", false, true);
        final ResponseEntity<JsonNode> handedBack = post("processor", "/api/v1/returns", Map.of("deviceId", returned,
                "siteId", PROCESSOR_SITE, "reason", "CONSENT_REFUSED"));
        created(handedBack);
        assertThat(handedBack.getBody().path("device").path("state").asText()).isEqualTo("RETURNED");
        refusals.put("consent after the return", post("processor", "/api/v1/consents",
                laterConsent(returned, PROCESSOR_SITE)));
        devices.put("returned", returned);

        to = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        awaitCheckpoint(peers.chainInfo("regulator").height() - 1);
    }

    @Test
    void refuses_each_breach_with_the_code_of_the_rule_it_breaks() {
        assertProblem(refusals.get("unwiped resale"), 409, "RESALE_NOT_ERASED");
        assertProblem(refusals.get("erasure without consent"), 409, "CONSENT_MISSING");
        assertProblem(refusals.get("export after purge"), 409, "ERASURE_METHOD_NOT_ACCEPTED");
        assertProblem(refusals.get("consent by another than the custodian"), 403, "NOT_CUSTODIAN");
        assertProblem(refusals.get("second consent"), 409, "CONSENT_EXISTS");
        assertProblem(refusals.get("return after the erasure"), 409, "ILLEGAL_TRANSITION");
        assertProblem(refusals.get("consent after the return"), 409, "ILLEGAL_TRANSITION");
        assertProblem(refusals.get("consent with a free-text reference"), 400, "VALIDATION_FAILED");
        assertThat(refusals.get("consent with a free-text reference").getBody().toString()).contains("reference");
    }

    @Test
    void the_later_consent_and_the_return_are_ledger_events_and_in_the_read_model() throws Exception {
        final List<String> later = new ArrayList<>();
        String erasureConsent = null;
        String recordedConsent = null;
        for (final JsonNode event : JSON.readTree(gateways.contract("regulator", "device")
                .evaluateTransaction("GetHistory", devices.get("consentLater"))).path("events")) {
            later.add(event.path("type").asText());
            if ("CONSENT_RECORDED".equals(event.path("type").asText())) {
                recordedConsent = event.path("details").path("consent").path("reference").asText();
                // Scope, method and impact reach the ledger as text commitments, never in clear.
                assertThat(event.path("details").path("consent").path("method").has("sha256")).isTrue();
            }
            if ("ERASURE_RECORDED".equals(event.path("type").asText())) {
                erasureConsent = event.path("details").path("erasure").path("consentReference").asText();
            }
        }
        assertThat(later).containsSubsequence("COLLECTED", "HANDOVER_ACCEPTED", "CONSENT_RECORDED",
                "ERASURE_RECORDED");
        assertThat(erasureConsent).isEqualTo(recordedConsent).isEqualTo("LATER-" + devices.get("consentLater"));
        final JsonNode returnedHistory = JSON.readTree(gateways.contract("regulator", "device")
                .evaluateTransaction("GetHistory", devices.get("returned"))).path("events");
        final JsonNode last = returnedHistory.get(returnedHistory.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("RETURNED_TO_OWNER");
        assertThat(last.path("state").asText()).isEqualTo("RETURNED");
        assertThat(last.path("details").path("reason").asText()).isEqualTo("CONSENT_REFUSED");

        final Map<String, Object> consented = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?",
                devices.get("consentLater"));
        assertThat(consented.get("consent_recorded")).isEqualTo(true);
        assertThat(consented.get("consent_recorded_at")).isNotNull();
        assertThat(consented.get("state")).isEqualTo("WIPED");
        final Map<String, Object> returned = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?",
                devices.get("returned"));
        assertThat(returned.get("state")).isEqualTo("RETURNED");
        assertThat(returned.get("returned_at")).isNotNull();
        assertThat(returned.get("return_reason")).isEqualTo("CONSENT_REFUSED");
        assertThat(returned.get("consent_recorded")).isEqualTo(false);
    }

    @Test
    void the_consumer_and_the_regulator_see_a_returned_device_as_returned_unwiped_with_no_certificate() {
        final JsonNode returned = http.getForObject("/api/v1/verify/" + receipts.get(devices.get("returned")),
                JsonNode.class);
        assertThat(returned.path("state").asText()).isEqualTo("RETURNED");
        assertThat(returned.path("destruction").path("status").asText()).isEqualTo("RETURNED");
        assertThat(returned.path("certificate").asBoolean(true)).isFalse();
        assertThat(returned.path("erasure").isMissingNode() || returned.path("erasure").isNull()).isTrue();
        assertThat(returned.path("timeline").toString()).contains("RETURNED_TO_OWNER", "Returned to its owner unwiped");
        final ResponseEntity<JsonNode> certificate = http.exchange("/api/v1/audit/devices/" + devices.get("returned")
                + "/certificate.pdf", HttpMethod.GET, new HttpEntity<>(headers("regulator")), JsonNode.class);
        assertProblem(certificate, 409, "RETURNED_TO_OWNER");
        final JsonNode later = http.getForObject("/api/v1/verify/" + receipts.get(devices.get("consentLater")),
                JsonNode.class);
        assertThat(later.path("timeline").toString()).contains("CONSENT_RECORDED",
                "Erasure consent recorded after collection");
    }

    @Test
    void the_reports_counts_and_findings_are_those_of_the_ledgers_events() throws Exception {
        final Map<String, JsonNode> histories = new LinkedHashMap<>();
        for (final String device : devices.values()) {
            histories.put(device, JSON.readTree(gateways.contract("regulator", "device")
                    .evaluateTransaction("GetHistory", device)).path("events"));
        }
        // What the ledger's events say, counted here from the events themselves.
        final Map<String, long[]> expected = new LinkedHashMap<>();
        final Map<String, List<List<String>>> expectedFindings = new LinkedHashMap<>();
        for (final String clause : List.of("CONSENT_BEFORE_ERASURE", "NO_ACCESS_WITHOUT_CONSENT", "ERASURE_METHOD",
                "VERIFIED_BEFORE_RESALE", "NO_RELEASE_UNERASED")) {
            expected.put(clause, new long[2]);
            expectedFindings.put(clause, new ArrayList<>());
        }
        for (final Map.Entry<String, JsonNode> entry : histories.entrySet()) {
            boolean erased = false;
            boolean accepted = false;
            boolean released = false;
            boolean resold = false;
            for (final JsonNode event : entry.getValue()) {
                if (!PROCESSOR.equals(event.path("actorMspId").asText())) {
                    continue;
                }
                switch (event.path("type").asText()) {
                    case "HANDOVER_ACCEPTED" -> {
                        accepted = true;
                        if (event.path("details").path("exceptions").toString().contains("SEAL_BROKEN_BEFORE_ERASURE")) {
                            expectedFindings.get("NO_ACCESS_WITHOUT_CONSENT")
                                    .add(List.of(entry.getKey(), event.path("txId").asText()));
                        }
                    }
                    case "ERASURE_RECORDED" -> {
                        erased = true;
                        final String method = event.path("details").path("erasure").path("method").asText();
                        if (!List.of("OVERWRITE", "BLOCK_ERASE", "CLEAR").contains(method)) {
                            expectedFindings.get("ERASURE_METHOD").add(List.of(entry.getKey(), event.path("txId").asText()));
                        }
                    }
                    case "RESOLD" -> {
                        released = true;
                        resold = true;
                    }
                    case "EXPORTED" -> released = true;
                    default -> { }
                }
            }
            count(expected, "CONSENT_BEFORE_ERASURE", erased);
            count(expected, "NO_ACCESS_WITHOUT_CONSENT", accepted);
            count(expected, "ERASURE_METHOD", erased);
            count(expected, "VERIFIED_BEFORE_RESALE", resold);
            count(expected, "NO_RELEASE_UNERASED", released);
        }
        // The cases recorded above, as the ledger must hold them.
        assertThat(expected.get("NO_ACCESS_WITHOUT_CONSENT")[0]).isEqualTo(8);
        assertThat(expected.get("ERASURE_METHOD")[0]).isEqualTo(4);
        assertThat(expected.get("NO_RELEASE_UNERASED")[0]).isEqualTo(2);
        assertThat(expectedFindings.get("NO_ACCESS_WITHOUT_CONSENT")).extracting(f -> f.get(0))
                .containsExactly(devices.get("seal"));
        assertThat(expectedFindings.get("ERASURE_METHOD")).extracting(f -> f.get(0))
                .containsExactly(devices.get("purged"));

        final ResponseEntity<JsonNode> response = http.exchange("/api/v1/audit/compliance?organisation=" + PROCESSOR
                + "&from=" + from + "&to=" + to, HttpMethod.GET, new HttpEntity<>(headers("regulator")), JsonNode.class);
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(200);
        final JsonNode report = response.getBody();
        assertThat(report.path("devices").asLong()).isEqualTo(devices.size());
        // The returned device is counted apart; the one whose consent came later satisfies the consent clause (no
        // finding is expected for it above).
        assertThat(report.path("returned").asLong()).isEqualTo(histories.values().stream().filter(h -> {
            final JsonNode last = h.get(h.size() - 1);
            return "RETURNED_TO_OWNER".equals(last.path("type").asText())
                    && PROCESSOR.equals(last.path("actorMspId").asText());
        }).count()).isEqualTo(1);
        for (final JsonNode clause : report.path("clauses")) {
            final String name = clause.path("clause").asText();
            final List<List<String>> findings = expectedFindings.get(name);
            assertThat(clause.path("applicable").asLong()).as(name).isEqualTo(expected.get(name)[0]);
            assertThat(clause.path("satisfied").asLong()).as(name).isEqualTo(expected.get(name)[0] - findings.size());
            final List<List<String>> reported = new ArrayList<>();
            for (final JsonNode violation : clause.path("violations")) {
                final List<String> transactions = new ArrayList<>();
                violation.path("transactions").forEach(tx -> transactions.add(tx.asText()));
                assertThat(transactions).as(name).contains(findingTx(findings, violation.path("deviceId").asText()));
                reported.add(List.of(violation.path("deviceId").asText(), findingTx(findings,
                        violation.path("deviceId").asText())));
            }
            assertThat(reported).as(name).containsExactlyInAnyOrderElementsOf(findings);
        }
        assertThat(report.path("clauses")).hasSize(5);

        final ResponseEntity<byte[]> csv = http.exchange("/api/v1/audit/compliance.csv?organisation=" + PROCESSOR
                + "&from=" + from + "&to=" + to, HttpMethod.GET, new HttpEntity<>(headers("regulator")), byte[].class);
        final String text = new String(csv.getBody(), UTF_8);
        assertThat(text).startsWith("\uFEFForganisation,from,to,clause,applicable,satisfied,");
        assertThat(text).contains("," + devices.get("seal") + ",WEARABLE,");
        assertThat(text.lines().count()).isEqualTo(1 + 5 + 2);

        final ResponseEntity<JsonNode> partner = http.exchange("/api/v1/audit/compliance?organisation=" + PROCESSOR
                + "&from=" + from + "&to=" + to, HttpMethod.GET, new HttpEntity<>(headers("processor")), JsonNode.class);
        assertThat(partner.getStatusCode().value()).isEqualTo(403);
    }

    @Test
    void the_exception_list_and_the_read_model_show_the_cases() {
        assertThat(exceptionSubjects("SEAL_BROKEN_BEFORE_ERASURE")).contains(devices.get("seal"));
        assertThat(exceptionSubjects("ERASURE_METHOD_NOT_ACCEPTED")).contains(devices.get("purged"))
                .doesNotContain(devices.get("resold"), devices.get("scrap"));
        assertThat(exceptionSubjects("RELEASED_WITHOUT_ERASURE")).doesNotContain(devices.get("resold"),
                devices.get("scrap"));
        final Map<String, Object> resold = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?",
                devices.get("resold"));
        assertThat(resold.get("product_type")).isEqualTo("TABLET");
        assertThat(resold.get("state")).isEqualTo("RESOLD");
        assertThat(resold.get("release_basis")).isEqualTo("VERIFIED_ERASURE");
        assertThat(resold.get("resold_at")).isNotNull();
        final Map<String, Object> scrap = jdbc.queryForMap("SELECT * FROM devices WHERE device_id = ?",
                devices.get("scrap"));
        assertThat(scrap.get("release_basis")).isEqualTo("STORAGE_DESTROYED");
        assertThat(scrap.get("export_country")).isEqualTo("VN");
        assertThat(jdbc.queryForObject("SELECT consent_recorded FROM devices WHERE device_id = ?", Boolean.class,
                devices.get("noConsent"))).isFalse();
    }

    @Test
    void the_consumer_sees_that_the_device_left_only_after_a_verified_erasure_or_as_destroyed_scrap() {
        final JsonNode resold = http.getForObject("/api/v1/verify/" + receipts.get(devices.get("resold")),
                JsonNode.class);
        assertThat(resold.path("destruction").path("status").asText()).isEqualTo("RESOLD");
        assertThat(resold.path("destruction").path("releaseBasis").asText()).isEqualTo("VERIFIED_ERASURE");
        assertThat(resold.path("destruction").path("releasedAt").asText()).isNotBlank();
        final JsonNode scrap = http.getForObject("/api/v1/verify/" + receipts.get(devices.get("scrap")),
                JsonNode.class);
        assertThat(scrap.path("destruction").path("status").asText()).isEqualTo("EXPORTED");
        assertThat(scrap.path("destruction").path("releaseBasis").asText()).isEqualTo("STORAGE_DESTROYED");
        assertThat(scrap.path("destruction").path("exportCountry").asText()).isEqualTo("VN");
    }

    @Test
    void the_signed_pdf_states_the_jsons_counts_and_hash_in_either_language() throws Exception {
        final String query = "?organisation=" + PROCESSOR + "&from=" + from + "&to=" + to;
        final Map<String, String> shapes = Map.of(
                "en", "\\s+applies to (\\d+) · satisfied (\\d+) · not satisfied (\\d+)",
                "zh", "\\s+适用 (\\d+) 台 · 符合 (\\d+) 台 · 不符合 (\\d+) 台");
        final String name = jdbc.queryForObject("""
                SELECT payload -> 'organisation' ->> 'name' FROM ledger_event WHERE type = 'ORGANISATION_REGISTERED'
                  AND payload -> 'organisation' ->> 'mspId' = ? ORDER BY block_number DESC LIMIT 1""", String.class,
                PROCESSOR);
        final FabricProperties.Identity regulator = fabric.identities().get("regulator");
        final List<java.security.cert.X509Certificate> cas = new ArrayList<>();
        try (var files = java.nio.file.Files.list(regulator.certificate().toAbsolutePath().getParent().getParent()
                .resolve("cacerts"))) {
            for (final Path file : files.toList()) {
                try (var in = java.nio.file.Files.newInputStream(file)) {
                    cas.add((java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                            .getInstance("X.509").generateCertificate(in));
                }
            }
        }
        for (final String lang : List.of("en", "zh")) {
            // The same report twice around the PDF: a block committed meanwhile (an anchor) would change its height.
            JsonNode report;
            byte[] pdf;
            JsonNode after;
            do {
                report = http.exchange("/api/v1/audit/compliance" + query, HttpMethod.GET,
                        new HttpEntity<>(headers("regulator")), JsonNode.class).getBody();
                final ResponseEntity<byte[]> response = http.exchange("/api/v1/audit/compliance.pdf" + query
                        + "&lang=" + lang, HttpMethod.GET, new HttpEntity<>(headers("regulator")), byte[].class);
                assertThat(response.getStatusCode().value()).as(lang + ": " + (response.getBody() == null ? ""
                        : new String(response.getBody(), UTF_8))).isEqualTo(200);
                assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
                pdf = response.getBody();
                after = http.exchange("/api/v1/audit/compliance" + query, HttpMethod.GET,
                        new HttpEntity<>(headers("regulator")), JsonNode.class).getBody();
            } while (!report.equals(after));

            final io.wipetrace.verifier.CertificateCheck.Result signature =
                    io.wipetrace.verifier.CertificateCheck.check(pdf, null, cas);
            assertThat(signature.failure()).as(lang).isNull();
            try (var in = java.nio.file.Files.newInputStream(regulator.certificate())) {
                assertThat(signature.signer()).as("signed as the regulator").isEqualTo(
                        java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            final String text;
            final String hash;
            try (org.apache.pdfbox.pdmodel.PDDocument document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                text = new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s*\\R\\s*", " ");
                hash = document.getDocumentInformation().getCustomMetadataValue("WipeTraceComplianceReportSha256");
            }
            assertThat(hash).as(lang).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(io.wipetrace.proof.CanonicalJson.bytes(report))));
            assertThat(text).as(lang).contains(hash, name + " (" + PROCESSOR + ")");
            for (final JsonNode clause : report.path("clauses")) {
                final String id = clause.path("clause").asText();
                final java.util.regex.Matcher line = java.util.regex.Pattern.compile(id + shapes.get(lang))
                        .matcher(text);
                assertThat(line.find()).as(lang + " " + id + " in " + text).isTrue();
                assertThat(Long.parseLong(line.group(1))).as(id).isEqualTo(clause.path("applicable").asLong());
                assertThat(Long.parseLong(line.group(2))).as(id).isEqualTo(clause.path("satisfied").asLong());
                assertThat(Long.parseLong(line.group(3))).as(id).isEqualTo(clause.path("violations").size());
                for (final JsonNode violation : clause.path("violations")) {
                    assertThat(text).as(lang + " " + id).contains(violation.path("deviceId").asText());
                    violation.path("transactions").forEach(tx -> assertThat(text).contains(tx.asText()));
                }
            }
        }
        final ResponseEntity<byte[]> partner = http.exchange("/api/v1/audit/compliance.pdf" + query, HttpMethod.GET,
                new HttpEntity<>(headers("processor")), byte[].class);
        assertThat(partner.getStatusCode().value()).isEqualTo(403);
    }

    // --- helpers --------------------------------------------------------------------------------------------------

    private static void count(final Map<String, long[]> expected, final String clause, final boolean applies) {
        if (applies) {
            expected.get(clause)[0]++;
        }
    }

    private static String findingTx(final List<List<String>> findings, final String deviceId) {
        return findings.stream().filter(f -> f.get(0).equals(deviceId)).map(f -> f.get(1)).findFirst()
                .orElse("(no finding expected for " + deviceId + ")");
    }

    private List<String> exceptionSubjects(final String kind) {
        final ResponseEntity<JsonNode> page = http.exchange("/api/v1/audit/exceptions?size=200&kind=" + kind,
                HttpMethod.GET, new HttpEntity<>(headers("regulator")), JsonNode.class);
        assertThat(page.getStatusCode().value()).as(String.valueOf(page.getBody())).isEqualTo(200);
        final List<String> subjects = new ArrayList<>();
        page.getBody().path("items").forEach(item -> subjects.add(item.path("subjectId").asText()));
        return subjects;
    }

    /** A device collected (with or without consent) and handed to the processor, its seal intact or broken. */
    private String received(final String productType, final boolean consent, final boolean sealIntact) {
        final Map<String, Object> body = new HashMap<>(Map.of("make", "Huawei", "model", "MatePad", "storageGb", 128,
                "channel", "STORE", "siteId", COLLECTOR_SITE, "locked", false, "productType", productType));
        if (consent) {
            body.put("consent", Map.of("reference", "CONSENT-" + UUID.randomUUID(), "scope", "all user data",
                    "method", "signed form", "impact", "data cannot be recovered"));
        }
        final ResponseEntity<JsonNode> collected = post("collector", "/api/v1/collections", body);
        created(collected);
        final String device = collected.getBody().path("deviceId").asText();
        receipts.put(device, collected.getBody().path("receiptCode").asText());
        final ResponseEntity<JsonNode> offered = post("collector", "/api/v1/handovers", Map.of(
                "deviceIds", List.of(device), "toMspId", PROCESSOR, "toSiteId", PROCESSOR_SITE, "sealId", "SEAL-1"));
        created(offered);
        final ResponseEntity<JsonNode> accepted = post("processor", "/api/v1/handovers/"
                + offered.getBody().path("handover").path("handoverId").asText() + "/accept",
                Map.of("sealIntact", sealIntact));
        assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(200);
        return device;
    }

    private ResponseEntity<JsonNode> erase(final String device, final String method, final String result)
            throws Exception {
        final JsonNode onLedger = JSON.readTree(gateways.contract("regulator", "device")
                .evaluateTransaction("GetDevice", device));
        final byte[] report = ("erasure report of " + device + " " + UUID.randomUUID()).getBytes(UTF_8);
        final Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final ObjectNode record = JSON.createObjectNode()
                .put("deviceId", device).put("reportId", "RPT-" + UUID.randomUUID())
                .put("reportSha256", sha256(report)).put("method", method).put("technique", "per the standard")
                .put("standard", "national erasure standard").put("tool", "WipeBox").put("toolVersion", "5.0.0")
                .put("result", result).put("startedAt", end.minusSeconds(300).toString()).put("endedAt", end.toString())
                .put("siteId", PROCESSOR_SITE).put("operator", "op-1")
                .put("consentReference", onLedger.path("consent").path("reference").asText("none"))
                .put("stationId", STATION);
        if (!"ERASED".equals(result)) {
            record.put("resultReason", "BAD_BLOCKS");
        }
        record.set("verification", JSON.createObjectNode().put("mode", "FULL").put("by", "op-2"));
        record.put("signature", StationKeys.sign(StationKeys.privateKey(state, STATION), "ECDSA_P256",
                ErasureSigning.payload(record)));
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
        final HttpHeaders headers = headers("processor");
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return http.exchange("/api/v1/erasures", HttpMethod.POST, new HttpEntity<>(parts, headers), JsonNode.class);
    }

    private static Map<String, Object> laterConsent(final String device, final String site) {
        return new HashMap<>(Map.of("deviceId", device, "siteId", site, "reference", "LATER-" + device,
                "scope", "all user data", "method", "phone call, recorded", "impact", "data cannot be recovered"));
    }

    private static Map<String, Object> withMember(final Map<String, Object> body, final String name,
            final Object value) {
        body.put(name, value);
        return body;
    }

    private ResponseEntity<JsonNode> post(final String caller, final String path, final Object body) {
        final HttpHeaders headers = headers(caller);
        headers.set("Idempotency-Key", UUID.randomUUID().toString());
        return http.exchange(path, HttpMethod.POST, new HttpEntity<>(body, headers), JsonNode.class);
    }

    private HttpHeaders headers(final String caller) {
        final HttpHeaders headers = new HttpHeaders();
        headers.set("X-Api-Key", keys.get(caller));
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private static void created(final ResponseEntity<JsonNode> response) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(201);
    }

    private static void assertProblem(final ResponseEntity<JsonNode> response, final int status, final String code) {
        assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        assertThat(response.getBody().path("code").asText()).isEqualTo(code);
    }

    private void awaitCheckpoint(final long block) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
        while (store.checkpoint(fabric.channel()) < block) {
            if (Instant.now().isAfter(giveUp)) {
                fail("waited 90 s for the projection to reach block " + block);
            }
            Thread.sleep(50);
        }
    }

    private static String sha256(final Object text) throws Exception {
        final byte[] bytes = text instanceof byte[] b ? b : text.toString().getBytes(UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
