package io.wipetrace.gateway.certificate;

import io.wipetrace.proof.Sha256;
import static io.wipetrace.gateway.RunningNetwork.withKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.RunningNetwork;
import io.wipetrace.gateway.anchoring.BundleChecks;
import io.wipetrace.gateway.shared.ReceiptCode;
import io.wipetrace.gateway.ledger.LedgerClient;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.gateway.ledger.FabricProperties;
import io.wipetrace.gateway.ledger.LedgerDriver;
import io.wipetrace.verifier.CertificateCheck;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A device's certificate on the real network: collected, handed over, wiped, anchored on the real EVM node; the
 * consumer downloads the certificate by receipt code, and it is signed by the custodian under its MSP CA and names
 * the SHA-256 of the proof bundle exactly as the gateway serves it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "wipetrace.security.demo-keys.enabled=true")
// Closed after the class: its projection listener must not run on while ProjectionIT crashes its own.
@DirtiesContext
class CertificateIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private FabricGateways gateways;

    @Autowired
    private LedgerClient peers;

    @Autowired
    private FabricProperties fabric;

    @Autowired
    private JdbcTemplate jdbc;

    @Value("${wipetrace.anchoring.contract-address}")
    private String anchorContract;

    @Value("${wipetrace.anchoring.trust-file}")
    private Path trustFile;

    @Autowired
    private TestRestTemplate http;

    @BeforeAll
    static void requireTheNetwork() {
        RunningNetwork.require();
    }

    @Test
    void a_wiped_and_anchored_device_gets_a_certificate_signed_by_its_custodian_naming_its_served_bundle()
            throws Exception {
        final Path state = Path.of(System.getenv("WIPETRACE_STATE"));
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, state);
        final String device = LedgerDriver.newDeviceId();
        final String code = LedgerDriver.newReceiptCode();
        ledger.collect(device, ReceiptCode.hash(code).orElseThrow());
        awaitProjected(device, "COLLECTED");

        // Only collected: nothing to certify yet.
        final ResponseEntity<String> early = http.getForEntity("/api/v1/verify/{code}/certificate.pdf", String.class,
                code);
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(JSON.readTree(early.getBody()).path("code").asText()).isEqualTo("NOTHING_TO_CERTIFY");

        ledger.accept(ledger.offerToProcessor(device), true);
        ledger.erase(device, "ERASED");
        awaitRecordedWindowCovering(ledger.lastBlock());
        awaitProjected(device, "WIPED");

        // A certificate names the bundle served with it; any new anchor (other tests keep writing) makes a fresher
        // bundle, so the two are fetched together until they belong together.
        final List<X509Certificate> processorCa = caCertificates("processor");
        final byte[][] pair = matchingPair(() -> http.getForEntity("/api/v1/verify/{code}/certificate.pdf",
                byte[].class, code), () -> http.getForEntity("/api/v1/verify/{code}/proof-bundle", byte[].class, code),
                processorCa);
        final ResponseEntity<byte[]> certificate = ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .body(pair[0]);
        final ResponseEntity<byte[]> bundle = ResponseEntity.ok(pair[1]);
        assertThat(JSON.readTree(bundle.getBody()).path("eventsNotYetAnchored").asInt()).isZero();

        // Signed by the processor (the custodian after the wipe) under its MSP CA; the bundle hash is the served one.
        final CertificateCheck.Result check = CertificateCheck.check(certificate.getBody(), bundle.getBody(),
                processorCa);
        assertThat(check.failure()).isNull();
        assertThat(check.bundleSha256()).isEqualTo(Sha256.hex(bundle.getBody()));
        assertThat(CertificateCheck.check(certificate.getBody(), bundle.getBody(), caCertificates("collector"))
                .failure()).contains("was not issued by the given CA");

        final String text;
        try (PDDocument document = Loader.loadPDF(certificate.getBody())) {
            text = new PDFTextStripper().getText(document);
        }
        final String erasureTx = jdbc.queryForObject("SELECT tx_id FROM erasures WHERE device_id = ?", String.class,
                device);
        final JsonNode anchor = JSON.readTree(bundle.getBody()).path("anchors").elements().next();
        assertThat(text).contains("数据清除与销毁证明", "Data Erasure and Destruction Certificate", device,
                "已清除 erased (ERASED)", erasureTx, anchor.path("evmTransaction").asText(),
                Sha256.hex(bundle.getBody()), gateways.mspId("processor"));

        // It names the anchor contract and the trust file verifiers pin, by its SHA-256.
        assertThat(text).contains(anchorContract.toLowerCase(Locale.ROOT),
                Sha256.hex(Files.readAllBytes(trustFile)));

        // The bundle (version 3) proves the erasure's station from anchored registry events and its head.
        final JsonNode served = JSON.readTree(bundle.getBody());
        BundleChecks.assertVerifies(() -> JSON.readTree(http.getForEntity("/api/v1/verify/{code}/proof-bundle",
                byte[].class, code).getBody()), device);
        final String station = jdbc.queryForObject("SELECT station_id FROM erasures WHERE device_id = ?",
                String.class, device);
        assertThat(served.path("registry")).anySatisfy(entry -> {
            assertThat(entry.path("event").path("change").asText()).isEqualTo("STATION_REGISTERED");
            assertThat(entry.path("event").path("station").path("stationId").asText()).isEqualTo(station);
        });
        assertThat(served.path("heads").path("entries")).anySatisfy(entry ->
                assertThat(entry.path("key").asText()).isEqualTo("station:" + station));
        final byte[] other = JSON.createObjectNode().put("format", "wipetrace-proof-bundle").toString().getBytes();
        assertThat(CertificateCheck.check(certificate.getBody(), other, processorCa).failure())
                .startsWith("the certificate names proof bundle SHA-256");

        // A regulator gets the same certificate by device ID; a partner does not.
        final byte[][] regulator = matchingPair(() -> http.exchange("/api/v1/audit/devices/{id}/certificate.pdf",
                HttpMethod.GET, withKey("regulator"), byte[].class, device), () -> http.exchange(
                "/api/v1/audit/devices/{id}/proof-bundle", HttpMethod.GET, withKey("regulator"), byte[].class, device),
                processorCa);
        assertThat(CertificateCheck.check(regulator[0], regulator[1], processorCa).failure()).isNull();
        assertThat(http.exchange("/api/v1/audit/devices/{id}/certificate.pdf", HttpMethod.GET, withKey("collector"),
                byte[].class, device).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(http.getForEntity("/api/v1/verify/{code}/certificate.pdf", String.class,
                LedgerDriver.newReceiptCode()).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void a_failed_wipe_gets_no_certificate_until_its_storage_is_destroyed() throws Exception {
        final Path state = Path.of(System.getenv("WIPETRACE_STATE"));
        final LedgerDriver ledger = new LedgerDriver(gateways, peers, state);
        final String device = LedgerDriver.newDeviceId();
        final String code = LedgerDriver.newReceiptCode();
        ledger.collect(device, ReceiptCode.hash(code).orElseThrow());
        ledger.accept(ledger.offerToProcessor(device), true);
        ledger.erase(device, "NOT_ERASED");
        awaitProjected(device, "WIPE_FAILED");

        final ResponseEntity<String> refused = http.getForEntity("/api/v1/verify/{code}/certificate.pdf", String.class,
                code);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(JSON.readTree(refused.getBody()).path("code").asText()).isEqualTo("DATA_NOT_VERIFIABLY_GONE");
        final JsonNode view = JSON.readTree(http.getForEntity("/api/v1/verify/{code}", String.class, code).getBody());
        assertThat(view.path("certificate").asBoolean(true)).isFalse();
        assertThat(view.path("organisations").path(gateways.mspId("processor")).asText()).isNotBlank();
    }

    /** A certificate and a bundle fetched together until the certificate names the bundle (within two minutes). */
    private static byte[][] matchingPair(final java.util.concurrent.Callable<ResponseEntity<byte[]>> certificate,
            final java.util.concurrent.Callable<ResponseEntity<byte[]>> bundle, final List<X509Certificate> cas)
            throws Exception {
        final java.time.Instant deadline = java.time.Instant.now().plusSeconds(120);
        while (true) {
            final ResponseEntity<byte[]> pdf = certificate.call();
            assertThat(pdf.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(pdf.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
            final ResponseEntity<byte[]> json = bundle.call();
            assertThat(json.getStatusCode()).isEqualTo(HttpStatus.OK);
            final String failure = CertificateCheck.check(pdf.getBody(), json.getBody(), cas).failure();
            if (failure == null) {
                return new byte[][] {pdf.getBody(), json.getBody()};
            }
            if (!failure.startsWith("the certificate names proof bundle SHA-256")
                    || java.time.Instant.now().isAfter(deadline)) {
                throw new AssertionError(failure);
            }
            Thread.sleep(300);
        }
    }

    private List<X509Certificate> caCertificates(final String organisation) throws Exception {
        final Path cacerts = fabric.identities().get(organisation).certificate().getParent().getParent()
                .resolve("cacerts");
        final List<X509Certificate> cas = new ArrayList<>();
        try (var files = Files.list(cacerts)) {
            for (final Path file : files.toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    CertificateFactory.getInstance("X.509").generateCertificates(in)
                            .forEach(c -> cas.add((X509Certificate) c));
                }
            }
        }
        return cas;
    }

    private void awaitProjected(final String device, final String state) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            if (!jdbc.queryForList("SELECT 1 FROM devices WHERE device_id = ? AND state = ?", device, state).isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        fail("device " + device + " is not projected in state " + state + " after " + PATIENCE);
    }

    private void awaitRecordedWindowCovering(final long block) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(giveUp)) {
            if (!jdbc.queryForList("SELECT 1 FROM anchor_window WHERE first_block <= ? AND last_block >= ?"
                    + " AND status = 'RECORDED'", block, block).isEmpty()) {
                return;
            }
            Thread.sleep(250);
        }
        fail("no recorded anchor covers block " + block + " after " + PATIENCE);
    }

}
