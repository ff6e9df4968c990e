package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.gateway.ledger.FabricGateways;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import java.io.IOException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.client.GatewayException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds a device's proof bundle (format {@code wipetrace-proof-bundle}, version 1, see docs/proof-bundle.md): every
 * anchored event of the device with its salt and Merkle path, the anchors they lead to, and the signed erasure record
 * with its station's registered key. Anyone can check it with the verifier, without WipeTrace's servers.
 */
public final class ProofBundles {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final WindowStore store;
    private final FabricGateways gateways;
    private final AnchoringProperties properties;
    private final String channel;

    ProofBundles(final JdbcTemplate jdbc, final WindowStore store, final FabricGateways gateways,
            final AnchoringProperties properties, final String channel) {
        this.jdbc = jdbc;
        this.store = store;
        this.gateways = gateways;
        this.properties = properties;
        this.channel = channel;
    }

    /**
     * @param deviceId the device
     * @return its bundle, or empty if none of its events is anchored yet
     * @throws GatewayException if the station's key cannot be read from the ledger
     */
    public Optional<ObjectNode> forDevice(final String deviceId) throws GatewayException, IOException {
        final List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT e.payload::text AS payload, e.block_number, e.tx_id, e.type, l.sequence, l.leaf_index, l.salt
                FROM ledger_event e
                JOIN anchor_leaf l ON l.event_id = e.event_id
                JOIN anchor_window w ON w.sequence = l.sequence AND w.status = 'RECORDED'
                WHERE e.device_id = ?
                ORDER BY e.block_number, e.tx_index, e.event_index""", deviceId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        final ObjectNode bundle = JSON.createObjectNode()
                .put("format", "wipetrace-proof-bundle")
                .put("version", 1)
                .put("deviceId", deviceId)
                .put("channel", channel);
        final ArrayNode events = bundle.putArray("events");
        final ObjectNode anchors = bundle.putObject("anchors");
        final Map<Long, MerkleTree> trees = new HashMap<>();
        JsonNode erasure = null;
        for (final Map<String, Object> row : rows) {
            final long sequence = (Long) row.get("sequence");
            final MerkleTree tree = trees.computeIfAbsent(sequence, s -> MerkleTree.of(
                    store.leaves(s).stream().map(WindowStore.Leaf::leafHash).toList()));
            final InclusionProof proof = tree.inclusionProof((Integer) row.get("leaf_index"));
            final JsonNode event = JSON.readTree(AnchoringService.canonical((String) row.get("payload")));
            final ObjectNode entry = events.addObject();
            entry.set("event", event);
            entry.put("salt", HEX.formatHex((byte[]) row.get("salt")));
            entry.put("anchor", sequence);
            entry.put("leafIndex", proof.leafIndex());
            final ArrayNode path = entry.putArray("path");
            proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
            entry.putObject("ledger").put("txId", (String) row.get("tx_id"))
                    .put("blockNumber", (Long) row.get("block_number"));
            if (!anchors.has(Long.toString(sequence))) {
                anchors.set(Long.toString(sequence), anchor(store.window(sequence).orElseThrow()));
            }
            if ("ERASURE_RECORDED".equals(row.get("type"))) {
                erasure = event.path("details").path("erasure");
            }
        }
        if (erasure != null && erasure.isObject()) {
            final ObjectNode part = bundle.putObject("erasure");
            part.set("record", erasure);
            final JsonNode station = JSON.readTree(gateways.contract(properties.organisation(), "registry")
                    .evaluateTransaction("GetStation", erasure.path("stationId").asText()));
            part.putObject("station")
                    .put("stationId", station.path("stationId").asText())
                    .put("algorithm", station.path("algorithm").asText())
                    .put("publicKey", station.path("publicKey").asText());
        }
        final Integer pending = jdbc.queryForObject("""
                SELECT count(*) FROM ledger_event e
                WHERE e.device_id = ? AND NOT EXISTS (
                    SELECT 1 FROM anchor_leaf l JOIN anchor_window w ON w.sequence = l.sequence
                    WHERE l.event_id = e.event_id AND w.status = 'RECORDED')""", Integer.class, deviceId);
        bundle.put("eventsNotYetAnchored", pending == null ? 0 : pending);
        return Optional.of(bundle);
    }

    /**
     * The bundle's bytes exactly as the proof-bundle endpoints serve them (compact JSON, UTF-8), which is what a
     * certificate's bundle hash is taken over.
     *
     * @param bundle a bundle from {@link #forDevice}
     * @return its bytes
     */
    public static byte[] serialised(final ObjectNode bundle) {
        try {
            return JSON.writeValueAsBytes(bundle);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written", e);
        }
    }

    private ObjectNode anchor(final AnchorWindow window) {
        return JSON.createObjectNode()
                .put("sequence", window.sequence())
                .put("chainId", properties.chainId())
                .put("contractAddress", properties.contractAddress().toLowerCase(java.util.Locale.ROOT))
                .put("evmTransaction", window.evmTransaction())
                .put("evmBlock", window.evmBlock())
                .put("merkleRoot", HEX.formatHex(window.merkleRoot()))
                .put("firstBlock", window.firstBlock())
                .put("lastBlock", window.lastBlock())
                .put("eventCount", window.eventCount())
                .put("lastBlockHash", HEX.formatHex(window.lastBlockHash()))
                .put("previousAnchor", HEX.formatHex(window.previousAnchor()))
                .put("anchorHash", HEX.formatHex(window.anchorHash()))
                .put("fabricTxId", window.fabricTxId());
    }
}
