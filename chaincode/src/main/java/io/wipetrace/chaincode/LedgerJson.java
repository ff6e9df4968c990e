package io.wipetrace.chaincode;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wipetrace.proof.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON in and out of the chaincode: arguments parsed strictly, stored values read back into their records, and
 * everything the chaincode writes (world state values, private data, chaincode event payloads, transaction results)
 * in the form of {@link CanonicalJson}, the one canonical serialiser that the gateway and every verifier use too:
 * trees written by it, records, maps and lists written straight to the same bytes without building a tree first.
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

    /**
     * Writes values straight to canonical bytes, with no tree in between: bean and record members and map entries
     * sorted by name (Java {@link String} order, as {@link CanonicalJson} sorts), creator (record) members sorted with
     * the rest, null members and members holding a JSON null node left out, JSON nodes inside values sorted and without
     * null members too. A {@link java.util.SortedMap} is written in its own order, not copied into a sorted map first
     * (Jackson's shortcut), so the chaincode's sorted maps must be in name order: TreeMaps of natural order, as event
     * details are. Everything else (string escaping, numbers) is the same serialiser's. {@link #toBytes} checks,
     * whenever assertions are on (every unit test of the chaincode), that the bytes equal those of the tree written
     * by {@link CanonicalJson}.
     */
    private static final ObjectWriter CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(MapperFeature.SORT_CREATOR_PROPERTIES_FIRST)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .disable(JsonNodeFeature.WRITE_NULL_PROPERTIES)
            .defaultPropertyInclusion(JsonInclude.Value.construct(
                    JsonInclude.Include.CUSTOM, JsonInclude.Include.CUSTOM, NullValue.class, NullValue.class))
            .build()
            .writer();

    /** The inclusion filter of {@link #CANONICAL}: Jackson leaves out a member whose value this equals. */
    @SuppressWarnings("EqualsHashCode")
    static final class NullValue {
        @Override
        public boolean equals(final Object value) {
            return value == null || (value instanceof JsonNode node && (node.isNull() || node.isMissingNode()));
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    private LedgerJson() {}

    /**
     * Writes a value in canonical form.
     *
     * @param value a record, map, list, scalar or {@link JsonNode}
     * @return the canonical UTF-8 bytes
     */
    public static byte[] toBytes(final Object value) {
        if (value instanceof JsonNode node) {
            return CanonicalJson.bytes(node);
        }
        final byte[] bytes;
        try {
            bytes = CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only records of strings, integers, booleans, lists and maps are written; failing here is a programming
            // error.
            throw new IllegalStateException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
        assert Arrays.equals(bytes, throughTree(value))
                : "canonical bytes differ from the tree's: " + new String(bytes, StandardCharsets.UTF_8);
        return bytes;
    }

    /**
     * A value written as a tree by {@link CanonicalJson}: what {@link #toBytes} must always produce, byte for byte.
     *
     * @param value a record, map, list or scalar
     * @return the canonical UTF-8 bytes
     */
    static byte[] throughTree(final Object value) {
        final JsonNode tree;
        try {
            tree = MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
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
