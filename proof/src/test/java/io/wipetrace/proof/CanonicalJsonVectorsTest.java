package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The shared canonical JSON vectors (canonical-json-vectors.json): the chaincode writes through this class, and the
 * portal's browser verifier is tested against the same file, so all three produce the same bytes for the same value.
 */
class CanonicalJsonVectorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_vector_input_is_written_as_its_canonical_bytes_with_its_hash() throws Exception {
        final JsonNode vectors = load();
        assertThat(vectors.size()).isGreaterThan(10);
        for (final JsonNode vector : vectors) {
            final byte[] bytes = CanonicalJson.bytes(JSON.readTree(vector.path("input").textValue()));

            assertThat(new String(bytes, StandardCharsets.UTF_8))
                    .as(vector.path("name").textValue())
                    .isEqualTo(vector.path("canonical").textValue());
            assertThat(sha256Hex(bytes)).as(vector.path("name").textValue()).isEqualTo(vector.path("sha256").textValue());
        }
    }

    @Test
    void every_canonical_text_is_its_own_canonical_form() throws Exception {
        for (final JsonNode vector : load()) {
            final String canonical = vector.path("canonical").textValue();

            assertThat(new String(CanonicalJson.bytes(JSON.readTree(canonical)), StandardCharsets.UTF_8))
                    .as(vector.path("name").textValue())
                    .isEqualTo(canonical);
        }
    }

    static JsonNode load() throws IOException {
        try (InputStream in = CanonicalJsonVectorsTest.class.getResourceAsStream("/canonical-json-vectors.json")) {
            return JSON.readTree(in).path("vectors");
        }
    }

    private static String sha256Hex(final byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
