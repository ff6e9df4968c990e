package io.wipetrace.chaincode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;

/**
 * Writes the JSON that goes on the ledger: properties and map entries sorted by name, no whitespace, UTF-8.
 *
 * <p>Every endorsing peer must produce the same bytes for the same transaction, otherwise the endorsements differ
 * and the transaction fails; sorting removes any dependence on declaration or hash order.
 */
final class CanonicalJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private CanonicalJson() {}

    static byte[] toBytes(final Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Only records of strings and numbers are written; failing here is a programming error.
            throw new UncheckedIOException("Cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }
}
