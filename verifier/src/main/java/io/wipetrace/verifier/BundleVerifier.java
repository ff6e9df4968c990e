package io.wipetrace.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.SignatureAlgorithm;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a proof bundle (format {@value #FORMAT}, version {@value #VERSION}) offline: each anchor's hash, each
 * event's salted leaf and Merkle path to its anchor's root, and the wiping station's signature over the erasure
 * record. {@link #check(JsonNode, AnchorLookup)} adds the on-chain check when given an EVM endpoint.
 */
public final class BundleVerifier {

    /** The bundle's {@code format}. */
    public static final String FORMAT = "wipetrace-proof-bundle";
    /** The bundle version this verifier reads. */
    public static final int VERSION = 1;

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** What was checked, and the first thing that did not hold. */
    public record Result(List<String> checked, String failure) {
        /** @return whether everything held */
        public boolean verified() {
            return failure == null;
        }
    }

    /** Looks an anchor up on its EVM chain; see {@link JsonRpcAnchorLookup}. */
    public interface AnchorLookup {
        /**
         * @param anchor the bundle's anchor
         * @return null if the chain carries exactly this anchor, else why not
         */
        String mismatch(JsonNode anchor) throws Exception;
    }

    private BundleVerifier() {}

    /**
     * Checks a bundle.
     *
     * @param bundle the parsed bundle
     * @param chain the on-chain check, or null to check offline only
     * @return what held, and the first failure if any
     */
    public static Result check(final JsonNode bundle, final AnchorLookup chain) {
        final List<String> checked = new ArrayList<>();
        try {
            require(FORMAT.equals(bundle.path("format").asText()), "not a WipeTrace proof bundle (format is '"
                    + bundle.path("format").asText() + "')");
            require(bundle.path("version").asInt() == VERSION, "bundle version " + bundle.path("version").asText()
                    + " is not " + VERSION);
            final String deviceId = bundle.path("deviceId").asText();
            final JsonNode anchors = bundle.path("anchors");
            for (final Iterator<Map.Entry<String, JsonNode>> it = anchors.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> entry = it.next();
                final JsonNode anchor = entry.getValue();
                final String expected = anchorHash(anchor);
                require(expected.equals(anchor.path("anchorHash").asText()), "anchor " + entry.getKey()
                        + ": its hash is not keccak256 of its window (" + expected + ")");
                checked.add("anchor " + entry.getKey() + ": hash matches its window (blocks "
                        + anchor.path("firstBlock").asLong() + "-" + anchor.path("lastBlock").asLong() + ")");
                if (chain != null) {
                    final String mismatch = chain.mismatch(anchor);
                    require(mismatch == null, "anchor " + entry.getKey() + ": " + mismatch);
                    checked.add("anchor " + entry.getKey() + ": on chain " + anchor.path("chainId").asLong()
                            + " in transaction " + anchor.path("evmTransaction").asText());
                }
            }
            final JsonNode events = bundle.path("events");
            require(events.isArray() && !events.isEmpty(), "the bundle has no anchored event");
            for (final JsonNode entry : events) {
                final JsonNode event = entry.path("event");
                final String eventId = event.path("eventId").asText();
                require(deviceId.equals(event.path("deviceId").asText()), "event " + eventId + " is about device "
                        + event.path("deviceId").asText() + ", not " + deviceId);
                final JsonNode anchor = anchors.path(entry.path("anchor").asText());
                require(!anchor.isMissingNode(), "event " + eventId + " names anchor " + entry.path("anchor").asText()
                        + ", which the bundle does not carry");
                final byte[] leaf = EventLeaf.hash(HEX.parseHex(entry.path("salt").asText()), canonical(event));
                final List<byte[]> path = new ArrayList<>();
                entry.path("path").forEach(hash -> path.add(HEX.parseHex(hash.asText())));
                final InclusionProof proof = new InclusionProof(entry.path("leafIndex").asInt(),
                        anchor.path("eventCount").asInt(), path);
                require(MerkleTree.verify(leaf, proof, HEX.parseHex(anchor.path("merkleRoot").asText())),
                        "event " + eventId + " (" + event.path("type").asText() + "): its Merkle path does not lead"
                                + " to the root of anchor " + entry.path("anchor").asText());
                final long block = entry.path("ledger").path("blockNumber").asLong();
                require(block >= anchor.path("firstBlock").asLong() && block <= anchor.path("lastBlock").asLong(),
                        "event " + eventId + ": block " + block + " lies outside its anchor's window");
                require(event.path("txId").asText().equals(entry.path("ledger").path("txId").asText()),
                        "event " + eventId + ": its transaction is not the ledger reference given");
                checked.add("event " + eventId + " (" + event.path("type").asText() + "): included in anchor "
                        + entry.path("anchor").asText());
            }
            final JsonNode erasure = bundle.path("erasure");
            if (!erasure.isMissingNode() && !erasure.isNull()) {
                checkErasure(erasure, events);
                checked.add("erasure report " + erasure.path("record").path("reportId").asText() + ": signed by"
                        + " station " + erasure.path("station").path("stationId").asText() + " ("
                        + erasure.path("station").path("algorithm").asText() + ") and anchored");
            }
            return new Result(checked, null);
        } catch (Failure e) {
            return new Result(checked, e.getMessage());
        } catch (Exception e) {
            return new Result(checked, "cannot check the bundle: " + e);
        }
    }

    private static void checkErasure(final JsonNode erasure, final JsonNode events)
            throws JsonProcessingException {
        final JsonNode record = erasure.path("record");
        final JsonNode station = erasure.path("station");
        require(station.path("stationId").asText().equals(record.path("stationId").asText()),
                "the erasure record names station " + record.path("stationId").asText() + ", the bundle's key is of "
                        + station.path("stationId").asText());
        boolean anchored = false;
        for (final JsonNode entry : events) {
            final JsonNode event = entry.path("event");
            if ("ERASURE_RECORDED".equals(event.path("type").asText())
                    && event.path("details").path("erasure").equals(record)) {
                anchored = true;
            }
        }
        require(anchored, "the erasure record is not the one an anchored ERASURE_RECORDED event carries");
        final ObjectNode unsigned = ((ObjectNode) record).deepCopy();
        unsigned.remove("signature");
        final byte[] payload = canonical(unsigned);
        final byte[] signature = Base64.getDecoder().decode(record.path("signature").asText());
        final byte[] key = Base64.getDecoder().decode(station.path("publicKey").asText());
        require(verifies(station.path("algorithm").asText(), key, payload, signature),
                "the erasure record's signature does not verify under station "
                        + station.path("stationId").asText() + "'s key");
    }

    /** The station's signature, checked as the chaincode checks it ({@link SignatureAlgorithm}). */
    static boolean verifies(final String algorithm, final byte[] publicKey, final byte[] payload,
            final byte[] signature) {
        for (final SignatureAlgorithm known : SignatureAlgorithm.values()) {
            if (known.name().equals(algorithm)) {
                return known.verify(publicKey, payload, signature);
            }
        }
        return false;
    }

    /** Canonical JSON: keys sorted at every level, no whitespace, null members dropped. */
    static byte[] canonical(final JsonNode node) throws JsonProcessingException {
        return CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(withoutNulls(node), Object.class));
    }

    private static JsonNode withoutNulls(final JsonNode node) {
        if (node.isObject()) {
            final ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        return node;
    }

    /** The anchor's hash recomputed from its window, as {@link AnchorHash} computes it for every party. */
    static String anchorHash(final JsonNode anchor) {
        return HEX.formatHex(AnchorHash.of(HEX.parseHex(anchor.path("merkleRoot").asText()),
                anchor.path("firstBlock").asLong(), anchor.path("lastBlock").asLong(),
                anchor.path("eventCount").asLong(), HEX.parseHex(anchor.path("lastBlockHash").asText()),
                HEX.parseHex(anchor.path("previousAnchor").asText())));
    }

    static String keccakHex(final byte[] data) {
        return HEX.formatHex(AnchorHash.keccak256(data));
    }

    private static void require(final boolean condition, final String failure) {
        if (!condition) {
            throw new Failure(failure);
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(final String message) {
            super(message, null, false, false);
        }
    }
}
