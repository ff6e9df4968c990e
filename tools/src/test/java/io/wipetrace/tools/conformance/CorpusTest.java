package io.wipetrace.tools.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.proof.Trust;
import io.wipetrace.verifier.BundleVerifier;
import io.wipetrace.verifier.GenuineBundles;
import io.wipetrace.verifier.GenuineBundles.Built;
import io.wipetrace.verifier.GenuineBundles.Ledger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @EnumSource(value = Ledger.class, names = {"GENUINE", "REVOKED_AFTER_ERASURE"})
    void the_java_verifier_gives_every_case_its_expected_verdict_and_code_online_and_offline(final Ledger ledger) {
        final Built built = GenuineBundles.build(SignatureAlgorithm.ECDSA_P256, ledger, 2);
        final JsonNode genuine = built.bundle().deepCopy();

        final List<Corpus.Case> cases = Corpus.make(built.bundle(), "smelted");

        assertThat(built.bundle()).isEqualTo(genuine);
        assertThat(cases).hasSizeGreaterThan(50).first().extracting(Corpus.Case::name).isEqualTo("smelted--genuine");
        for (final Corpus.Case c : cases) {
            final BundleVerifier.Result online = BundleVerifier.check(c.bundle(), built.trust(), built.node().chain());
            assertThat(online.verdict().name() + " " + online.code()).as(c.name() + ": " + online.reason())
                    .isEqualTo(c.expectedVerdict() + " " + c.expectedCode());
            final BundleVerifier.Result offline = BundleVerifier.check(c.bundle(), built.trust(), null);
            assertThat(offline.verdict().name() + " " + offline.code()).as(c.name() + " offline: " + offline.reason())
                    .isEqualTo(c.expectedOfflineVerdict() + " " + c.expectedOfflineCode());
        }
    }

    @Test
    void the_chain_and_version_1_anchor_cases_hold_for_a_bundle_whose_first_anchor_has_no_head_map() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.SM2, Ledger.FIRST_ANCHOR_WITHOUT_HEAD_MAP, 2);

        final List<Corpus.Case> cases = Corpus.make(built.bundle(), "old-anchor");

        assertThat(cases.stream().map(Corpus.Case::name)).contains("old-anchor--first-event-changed-and-re-rooted",
                "old-anchor--heads-anchor-as-made-before-head-maps");
        for (final Corpus.Case c : cases) {
            final BundleVerifier.Result online = BundleVerifier.check(c.bundle(), built.trust(), built.node().chain());
            assertThat(online.verdict().name() + " " + online.code()).as(c.name() + ": " + online.reason())
                    .isEqualTo(c.expectedVerdict() + " " + c.expectedCode());
        }
    }

    @Test
    void covers_every_rule_a_smelted_phones_bundle_allows() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.ED25519, Ledger.REVOKED_AFTER_ERASURE, 2);

        final Set<String> codes = Corpus.make(built.bundle(), "smelted").stream().map(Corpus.Case::expectedCode)
                .filter(code -> code != null).collect(Collectors.toSet());

        // All but rule 17 (STATION_NOT_VALID: the chaincode never writes such a ledger, so no genuine bundle shows one),
        // rule 18 (SIGNATURE_INVALID: the record is in the anchored leaf) and the chain's own (19, 20, 22, 23).
        assertThat(codes).containsExactlyInAnyOrder("BUNDLE_MALFORMED", "WRONG_CHAIN", "WRONG_CONTRACT",
                "ANCHOR_ROOT", "ANCHOR_HASH", "ANCHOR_MISSING", "EVENT_PATH", "EVENT_LEDGER", "EVENT_DEVICE",
                "EVENT_ORDER", "EVENT_SEQUENCE", "EVENT_CHAIN", "HEAD_PATH", "HEAD_MISMATCH", "STATION_UNPROVEN", "STATION_HEAD",
                "ANCHOR_NOT_ON_CHAIN");
    }

    @Test
    void writes_one_file_per_case_and_the_expectations_from_a_directory_of_genuine_bundles(@TempDir final Path dir)
            throws Exception {
        final Path genuine = Files.createDirectories(dir.resolve("genuine"));
        Files.writeString(genuine.resolve("smelted-sm2.json"),
                GenuineBundles.smeltedPhone(SignatureAlgorithm.SM2).bundle().toString());
        final Path corpus = dir.resolve("corpus");

        Corpus.main(new String[] {genuine.toString(), corpus.toString()});

        final JsonNode expected = JSON.readTree(corpus.resolve("expected.json").toFile());
        assertThat(expected.get(0).toString()).isEqualTo("{\"file\":\"smelted-sm2--genuine.json\",\"verdict\":"
                + "\"VERIFIED\",\"code\":null,\"offlineVerdict\":\"VERIFIED_OFFLINE\",\"offlineCode\":null}");
        try (var files = Files.list(corpus)) {
            assertThat(files.count()).isEqualTo(expected.size() + 1L);
        }
        for (final JsonNode entry : expected) {
            assertThat(corpus.resolve(entry.path("file").asText())).isRegularFile();
        }
    }

    @Test
    void every_case_made_from_the_shared_genuine_bundle_gets_its_offline_verdict_and_code_from_the_java_verifier()
            throws IOException {
        final JsonNode vectors = JSON.readTree(Files.readString(
                Path.of("../proof/src/test/resources/bundle-vectors.json")));
        final Trust trust = Trust.parse(JSON.writeValueAsBytes(vectors.path("trust")));

        final List<Corpus.Case> cases = Corpus.make(JSON.readTree(vectors.path("bundle").asText()), "shared");

        assertThat(cases).hasSizeGreaterThan(20);
        assertThat(cases.getFirst().name()).isEqualTo("shared--genuine");
        final List<String> disagreements = new ArrayList<>();
        for (final Corpus.Case c : cases) {
            final BundleVerifier.Result result = BundleVerifier.check(c.bundle(), trust, null);
            final String expected = c.expectedOfflineVerdict() + " " + c.expectedOfflineCode();
            if (!expected.equals(result.verdict() + " " + result.code())) {
                disagreements.add(c.name() + ": expected " + expected + ", got " + result.verdict() + " "
                        + result.code() + " (" + result.reason() + ")");
            }
        }
        assertThat(disagreements).isEmpty();
    }
}
