package io.wipetrace.tools.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.CanonicalJson;

/**
 * What a wiping station signs: the erasure record without its signature member, in the canonical JSON the chaincode
 * verifies it in (members sorted by name at every level, null members left out, no whitespace, UTF-8).
 */
public final class ErasureSigning {

    private ErasureSigning() {}

    public static byte[] payload(final ObjectNode record) {
        final ObjectNode unsigned = record.deepCopy();
        unsigned.remove("signature");
        return CanonicalJson.bytes(unsigned);
    }
}
