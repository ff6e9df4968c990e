package io.wipetrace.chaincode.device;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.chaincode.LedgerJson;
import java.io.IOException;

/**
 * The bytes a wiping station signs for an erasure record, shared by the chaincode, its tests, the gateway and stations.
 *
 * <p>Rule: take the erasure record as the JSON object submitted to {@code RecordErasure}, remove its {@code signature}
 * member, drop members whose value is {@code null}, and write it in canonical form (members sorted by name at every
 * level, no whitespace, UTF-8; see {@link LedgerJson}). For a valid record (strings only, no control characters)
 * this equals RFC 8785 (JCS) of the record without {@code signature}. Sign those bytes with the station's key:
 * ECDSA_P256 as {@code SHA256withECDSA} (DER), ED25519 as {@code Ed25519}, SM2 as {@code SM3withSM2} with the default
 * user ID, and put the base64 of the signature in {@code signature}.
 *
 * <p>The stored copy of the record (in the ERASURE_RECORDED event's {@code details.erasure}) yields the same bytes, so
 * a proof bundle can be verified from the ledger alone.
 */
public final class ErasurePayload {

    /** The member holding the signature, left out of the signed bytes. */
    public static final String SIGNATURE_FIELD = "signature";

    private ErasurePayload() {}

    /**
     * The signed bytes of an erasure record.
     *
     * @param recordJson the record as JSON (with or without its {@code signature})
     * @return the canonical UTF-8 bytes to sign or verify
     * @throws IllegalArgumentException if the text is not a JSON object, or repeats a member name
     */
    public static byte[] canonicalBytes(final String recordJson) {
        final JsonNode parsed;
        try {
            parsed = LedgerJson.parse(recordJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("The erasure record is not well-formed JSON", e);
        }
        if (parsed == null || !parsed.isObject()) {
            throw new IllegalArgumentException("The erasure record must be a JSON object");
        }
        return canonicalBytes((ObjectNode) parsed);
    }

    /**
     * The signed bytes of an erasure record already parsed.
     *
     * @param record the record (left unchanged)
     * @return the canonical UTF-8 bytes to sign or verify
     */
    public static byte[] canonicalBytes(final ObjectNode record) {
        final ObjectNode unsigned = record.deepCopy();
        unsigned.remove(SIGNATURE_FIELD);
        return LedgerJson.toBytes(unsigned);
    }
}
