package io.wipetrace.chaincode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wipetrace.proof.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON in and out of the chaincode: arguments parsed strictly, stored values read back into their records, and
 * everything the chaincode writes (world state values, private data, chaincode event payloads, transaction results)
 * turned into a tree and written by {@link CanonicalJson}, the one canonical serialiser that the gateway and every
 * verifier use too.
 *
 * <p>Canonical form: object members sorted by name (Java {@link String#compareTo} order, i.e. UTF-16 code units, as in
 * RFC 8785), members whose value is {@code null} left out, no whitespace, UTF-8, strings escaped as Jackson does
 * (only {@code "}, {@code \} and control characters; the chaincode refuses control characters in every input text, so
 * for valid records this is the RFC 8785 form). Numbers are integers only. Every endorsing peer must produce the same
 * bytes for the same transaction, otherwise the endorsements differ and the transaction fails; sorting removes any
 * dependence on declaration or hash order.
 */
public final class LedgerJson {

    /** Input documents are small; deeper nesting than this is refused rather than parsed. */
    private static final int MAX_NESTING_DEPTH = 16;

    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .build())
                    .build())
            // Order and whitespace are CanonicalJson's; nulls are left out of the tree already.
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private LedgerJson() {}

    /**
     * Writes a value in canonical form.
     *
     * @param value a record, map, list, scalar or {@link JsonNode}
     * @return the canonical UTF-8 bytes
     */
    public static byte[] toBytes(final Object value) {
        final JsonNode tree;
        try {
            tree = value instanceof JsonNode node ? node : MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            // Only records of strings, integers, booleans, lists and maps are written; failing here is a programming
            // error.
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
        return CanonicalJson.bytes(tree);
    }

    /**
     * Writes a value in canonical form as a string.
     *
     * @param value a record, map, list, scalar or {@link JsonNode}
     * @return the canonical JSON text
     */
    public static String toText(final Object value) {
        return new String(toBytes(value), StandardCharsets.UTF_8);
    }

    /**
     * Parses JSON text into a tree. Duplicate member names and nesting deeper than 16 levels are refused.
     *
     * @param json the text
     * @return the tree
     * @throws IOException if the text is not one well-formed JSON value
     */
    public static JsonNode parse(final String json) throws IOException {
        return MAPPER.readTree(json);
    }

    /**
     * Reads a value the chaincode wrote earlier (a world state value) back into its record type.
     *
     * @param bytes canonical JSON written by {@link #toBytes}
     * @param type the record type
     * @param <T> the record type
     * @return the value
     */
    public static <T> T read(final byte[] bytes, final Class<T> type) {
        try {
            return MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            // The chaincode wrote these bytes itself; failing here means the stored data is corrupt.
            throw new UncheckedIOException("Stored value is not a valid " + type.getSimpleName(), e);
        }
    }

    /**
     * Reads a stored value as a tree.
     *
     * @param bytes JSON written by {@link #toBytes}
     * @return the tree
     */
    public static JsonNode readTree(final byte[] bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored value is not valid JSON", e);
        }
    }
}
