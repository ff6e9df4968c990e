package io.wipetrace.tools.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a wiping station signs: the erasure record's canonical JSON without its signature field. */
public final class ErasureSigning {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private ErasureSigning() {}

    public static byte[] payload(final ObjectNode record) {
        final ObjectNode unsigned = record.deepCopy();
        unsigned.remove("signature");
        try {
            // Tree → sorted maps → compact JSON, so the key order is by name at every depth.
            return CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(unsigned, java.util.Map.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
