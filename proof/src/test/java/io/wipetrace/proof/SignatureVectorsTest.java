package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shared signature vectors (signature-vectors.json), one per station algorithm: the portal's browser verifier is
 * tested against the same file, so both accept the same signatures and refuse the same tampered ones.
 */
class SignatureVectorsTest {

    @Test
    void each_algorithm_accepts_its_valid_signature_and_refuses_the_tampered_one() throws IOException {
        final JsonNode vectors;
        try (InputStream in = SignatureVectorsTest.class.getResourceAsStream("/signature-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
        final byte[] payload = vectors.path("payload").asText().getBytes(StandardCharsets.UTF_8);
        final Set<SignatureAlgorithm> seen = new HashSet<>();
        for (final JsonNode vector : vectors.path("vectors")) {
            final SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf(vector.path("algorithm").asText());
            final byte[] key = base64(vector, "publicKey");
            assertThat(algorithm.acceptsPublicKey(key)).as("%s key", algorithm).isTrue();
            assertThat(algorithm.verify(key, payload, base64(vector, "signature"))).as("%s valid", algorithm).isTrue();
            assertThat(algorithm.verify(key, payload, base64(vector, "tamperedSignature")))
                    .as("%s tampered", algorithm).isFalse();
            assertThat(algorithm.verify(key, "another payload".getBytes(StandardCharsets.UTF_8),
                    base64(vector, "signature"))).as("%s other payload", algorithm).isFalse();
            seen.add(algorithm);
        }
        assertThat(seen).containsExactlyInAnyOrder(SignatureAlgorithm.values());
    }

    private static byte[] base64(final JsonNode vector, final String field) {
        return Base64.getDecoder().decode(vector.path(field).asText());
    }
}
