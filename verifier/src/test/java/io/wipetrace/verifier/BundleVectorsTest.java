package io.wipetrace.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.Trust;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shared proof-bundle vector ({@code proof/src/test/resources/bundle-vectors.json}, which the browser's verifier
 * is tested against too): a bundle the gateway served on a real network, with the alliance's trust file it was
 * anchored under, and tamperings of it with the code of the first rule each breaks.
 */
class BundleVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void the_shared_genuine_bundle_verifies_offline_and_says_what_its_events_say() throws IOException {
        final JsonNode vectors = vectors();

        final BundleVerifier.Result result = BundleVerifier.check(JSON.readTree(vectors.path("bundle").asText()),
                trust(vectors), null);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(BundleVerifier.Verdict.VERIFIED_OFFLINE);
        final JsonNode expected = vectors.path("summary");
        assertThat(result.summary().deviceId()).isEqualTo(expected.path("deviceId").asText());
        assertThat(result.summary().events()).isEqualTo(expected.path("events").asInt());
        assertThat(result.summary().state()).isEqualTo(expected.path("state").asText());
        assertThat(result.summary().erasures()).extracting(BundleVerifier.Erasure::algorithm)
                .containsExactly(expected.path("erasureAlgorithm").asText());
        assertThat(result.summary().storageDestroyed()).isNotNull();
    }

    @Test
    void each_tampering_of_the_shared_bundle_is_refused_with_the_code_of_the_first_rule_it_breaks()
            throws IOException {
        final JsonNode vectors = vectors();
        assertThat(vectors.path("tampered")).hasSizeGreaterThan(5);
        for (final JsonNode tampering : vectors.path("tampered")) {
            final JsonNode bundle = JSON.readTree(vectors.path("bundle").asText());
            final String pointer = tampering.path("pointer").asText();
            final int last = pointer.lastIndexOf('/');
            ((ObjectNode) bundle.at(pointer.substring(0, last))).set(pointer.substring(last + 1),
                    tampering.path("value"));

            final BundleVerifier.Result result = BundleVerifier.check(bundle, trust(vectors), null);

            assertThat(result.verdict()).as(tampering.path("name").asText()).isEqualTo(BundleVerifier.Verdict.REJECTED);
            assertThat(result.code()).as(tampering.path("name").asText() + ": " + result.reason())
                    .isEqualTo(tampering.path("code").asText());
        }
    }

    private static JsonNode vectors() throws IOException {
        return JSON.readTree(Files.readString(Path.of("../proof/src/test/resources/bundle-vectors.json")));
    }

    private static Trust trust(final JsonNode vectors) throws IOException {
        return Trust.parse(JSON.writeValueAsBytes(vectors.path("trust")));
    }
}
