package io.wipetrace.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.SignatureAlgorithm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path genuine;
    private Path trust;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws Exception {
        genuine = dir.resolve("genuine.json");
        Files.writeString(genuine, GenuineBundles.smeltedPhone(SignatureAlgorithm.ED25519).bundle().toString());
        trust = dir.resolve("wipetrace-trust.json");
        Files.writeString(trust, GenuineBundles.trustFile(2));
    }

    private int run(final String... args) {
        out.reset();
        err.reset();
        return VerifyBundle.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void prints_the_checks_the_summary_and_an_offline_verdict_that_is_no_proof() {
        assertThat(run(genuine.toString(), "--trust", trust.toString())).isZero();

        assertThat(output()).startsWith("ok: rule 1: a version-3 bundle of device " + GenuineBundles.DEVICE)
                .contains("ok: rule 12: 6 events name the hash of the event before them")
                .contains("summary: erasure RPT-0001 at 2026-11-23T08:00:00Z: method PURGE, technique crypto erase,"
                        + " standard NIST SP 800-88r1, result ERASED, verification FULL, station "
                        + GenuineBundles.STATION + " (ED25519)")
                .contains("summary: smelted at 2026-11-26T08:00:00Z in lot LOT-2026-11")
                .endsWith("VERIFIED OFFLINE: every rule but the chain's held; this is not a proof, only the chain"
                        + " makes the roots public (add --rpc URL)" + System.lineSeparator());
    }

    @Test
    void exits_one_with_the_code_for_a_tampered_bundle_and_prints_json_when_asked() throws Exception {
        final ObjectNode bundle = (ObjectNode) JSON.readTree(genuine.toFile());
        ((ObjectNode) bundle.at("/events/1/event")).put("type", "SMELTED");
        final Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, bundle.toString());

        assertThat(run(tampered.toString(), "--trust", trust.toString())).isEqualTo(1);
        assertThat(output()).contains("NOT VERIFIED [EVENT_PATH]: event 1 (SMELTED ");

        assertThat(run(tampered.toString(), "--json", "--trust", trust.toString())).isEqualTo(1);
        final JsonNode json = JSON.readTree(output());
        assertThat(json.path("verdict").asText()).isEqualTo("REJECTED");
        assertThat(json.path("code").asText()).isEqualTo("EVENT_PATH");
        assertThat(json.path("checked")).hasSize(6);
        assertThat(json.path("summary").isNull()).isTrue();

        assertThat(run(genuine.toString(), "--trust", trust.toString(), "--json")).isZero();
        final JsonNode verified = JSON.readTree(output());
        assertThat(verified.path("verdict").asText()).isEqualTo("VERIFIED_OFFLINE");
        assertThat(verified.at("/summary/erasures/0/verificationMode").asText()).isEqualTo("FULL");
    }

    @Test
    void exits_one_for_a_bundle_that_is_not_json_and_for_a_certificate_that_is_not_a_signed_pdf() throws Exception {
        final Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"format\":");
        assertThat(run(broken.toString(), "--trust", trust.toString())).isEqualTo(1);
        assertThat(output()).contains("NOT VERIFIED [BUNDLE_MALFORMED]: the bundle is not JSON");

        final Path pdf = dir.resolve("certificate.pdf");
        Files.writeString(pdf, "%PDF-1.7 not really");
        assertThat(run(genuine.toString(), "--trust", trust.toString(), "--certificate", pdf.toString()))
                .isEqualTo(1);
        assertThat(output()).contains("NOT VERIFIED [CERTIFICATE_INVALID]: certificate: not a readable PDF");
    }

    @Test
    void exits_three_when_the_chain_cannot_be_asked() {
        assertThat(run(genuine.toString(), "--trust", trust.toString(), "--rpc", "http://127.0.0.1:1")).isEqualTo(3);
        assertThat(output()).contains("NOT CHECKED [CHAIN_UNREACHABLE]: the node cannot be reached");
    }

    @Test
    void exits_two_with_the_usage_when_it_cannot_read_its_input() throws Exception {
        assertThat(run(genuine.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: ");
        assertThat(run(genuine.toString(), "--trust")).isEqualTo(2);
        assertThat(run(genuine.toString(), "--trust", trust.toString(), "--rpc")).isEqualTo(2);
        assertThat(run(genuine.toString(), "--trust", trust.toString(), "--ca", "ca.pem")).isEqualTo(2);
        assertThat(run(dir.resolve("missing.json").toString(), "--trust", trust.toString())).isEqualTo(2);
        final Path badTrust = dir.resolve("bad-trust.json");
        Files.writeString(badTrust, GenuineBundles.trustFile(2).replace("\"version\":1", "\"version\":2"));
        assertThat(run(genuine.toString(), "--trust", badTrust.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("the trust file: its version is not 1");
    }
}
