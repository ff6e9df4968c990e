package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Builds a device's proof bundle (format {@code wipetrace-proof-bundle}, version 3, docs/proof-bundle.md): the
 * public form of every anchored event of the device and every anchored registry event of the stations that signed
 * its erasures, each with its salt and Merkle path; the anchors they name; and the head-map proofs of the device and
 * those stations under the latest confirmed anchor. Anyone can check it with the verifier and the alliance's trust
 * file, without WipeTrace's servers.
 *
 * <p>An anchor counts once it is final on the EVM chain (CONFIRMED or RECORDED). The head map of the latest such
 * anchor is kept in memory and rebuilt when a newer one appears, so a bundle costs a few queries and a proof of
 * {@code O(log n)} hashes.
 */
public final class ProofBundles {

    private static final HexFormat HEX = HexFormat.of();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Anchors that are final on the EVM chain, up to the heads anchor (the first parameter). */
    private static final String ANCHORED = "l.sequence <= ? AND w.status IN ('CONFIRMED', 'RECORDED')";

    private final JdbcTemplate jdbc;
    private final WindowStore store;
    private final AnchoringProperties properties;
    private final String channel;
    private final Object rebuilding = new Object();
    private volatile Heads cached;

    /** The head map of one anchor. */
    private record Heads(long anchor, HeadMap map) {}

    ProofBundles(final JdbcTemplate jdbc, final WindowStore store, final AnchoringProperties properties,
            final String channel) {
        this.jdbc = jdbc;
        this.store = store;
        this.properties = properties;
        this.channel = channel;
    }

    /**
     * @param deviceId the device
     * @return its bundle, or empty if none of its events is anchored under a final anchor with a head map yet
     */
    public Optional<ObjectNode> forDevice(final String deviceId) throws IOException {
        final Optional<Heads> heads = heads();
        if (heads.isEmpty()) {
            return Optional.empty();
        }
        final long headsAnchor = heads.get().anchor();
        final List<Map<String, Object>> events = entries("e.device_id = ?", headsAnchor, List.of(deviceId));
        if (events.isEmpty()) {
            return Optional.empty();
        }
        final Set<String> stations = new LinkedHashSet<>();
        for (final Map<String, Object> row : events) {
            if ("ERASURE_RECORDED".equals(row.get("type"))) {
                final JsonNode station = JSON.readTree((String) row.get("payload"))
                        .path("details").path("erasure").path("stationId");
                if (station.isTextual()) {
                    stations.add(station.asText());
                }
            }
        }
        final List<Map<String, Object>> registry = stations.isEmpty() ? List.of() : entries(
                "e.type IN ('STATION_REGISTERED', 'STATION_REVOKED') AND e.device_id IS NULL"
                        + " AND e.payload -> 'station' ->> 'stationId' IN ("
                        + String.join(", ", Collections.nCopies(stations.size(), "?")) + ")",
                headsAnchor, List.copyOf(stations));

        final ObjectNode bundle = JSON.createObjectNode()
                .put("format", "wipetrace-proof-bundle")
                .put("version", 3)
                .put("deviceId", deviceId)
                .put("channel", channel);
        final Set<Long> named = new TreeSet<>();
        final Map<Long, MerkleTree> trees = new HashMap<>();
        addEntries(bundle.putArray("events"), events, named, trees);
        addEntries(bundle.putArray("registry"), registry, named, trees);
        named.add(headsAnchor);
        final ObjectNode anchors = bundle.putObject("anchors");
        for (final long sequence : named) {
            anchors.set(Long.toString(sequence), anchor(store.window(sequence).orElseThrow()));
        }
        final ObjectNode headsPart = bundle.putObject("heads").put("anchor", headsAnchor);
        final ArrayNode entries = headsPart.putArray("entries");
        final List<String> keys = new ArrayList<>();
        keys.add("device:" + deviceId);
        stations.forEach(station -> keys.add("station:" + station));
        for (final String key : keys) {
            heads.get().map().proof(key).ifPresent(proof -> {
                final ObjectNode entry = entries.addObject()
                        .put("key", key)
                        .put("sequence", proof.head().sequence())
                        .put("leaf", HEX.formatHex(proof.head().leaf()));
                final ArrayNode path = entry.putArray("path");
                proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
            });
        }
        final Integer pending = jdbc.queryForObject("""
                SELECT count(*) FROM ledger_event e
                WHERE e.device_id = ? AND NOT EXISTS (
                    SELECT 1 FROM anchor_leaf l JOIN anchor_window w ON w.sequence = l.sequence
                    WHERE l.event_id = e.event_id AND\s""" + ANCHORED + ")", Integer.class, deviceId, headsAnchor);
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

    /** The anchored events that match a condition, in ledger order, with their leaves. */
    private List<Map<String, Object>> entries(final String condition, final long headsAnchor,
            final List<String> values) {
        final List<Object> arguments = new ArrayList<>(values);
        arguments.add(headsAnchor);
        return jdbc.queryForList("SELECT e.payload::text AS payload, e.block_number, e.tx_id, e.type, l.sequence,"
                + " l.leaf_index, l.salt FROM ledger_event e JOIN anchor_leaf l ON l.event_id = e.event_id"
                + " JOIN anchor_window w ON w.sequence = l.sequence WHERE " + condition + " AND " + ANCHORED
                + " ORDER BY e.block_number, e.tx_index, e.event_index", arguments.toArray());
    }

    private void addEntries(final ArrayNode target, final List<Map<String, Object>> rows, final Set<Long> named,
            final Map<Long, MerkleTree> trees) throws IOException {
        for (final Map<String, Object> row : rows) {
            final long sequence = (Long) row.get("sequence");
            final MerkleTree tree = trees.computeIfAbsent(sequence, s -> MerkleTree.of(
                    store.leaves(s).stream().map(WindowStore.Leaf::leafHash).toList()));
            final InclusionProof proof = tree.inclusionProof((Integer) row.get("leaf_index"));
            final ObjectNode entry = target.addObject();
            entry.set("event", JSON.readTree(AnchoringService.canonical((String) row.get("payload"))));
            entry.put("salt", HEX.formatHex((byte[]) row.get("salt")));
            entry.put("anchor", sequence);
            entry.put("leafIndex", proof.leafIndex());
            final ArrayNode path = entry.putArray("path");
            proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
            entry.putObject("ledger").put("txId", (String) row.get("tx_id"))
                    .put("blockNumber", (Long) row.get("block_number"));
            named.add(sequence);
        }
    }

    /**
     * The head map of the latest final anchor that has one, from memory unless a newer anchor appeared (then rebuilt
     * once, whoever asks first; the others wait for it).
     */
    private Optional<Heads> heads() {
        final Optional<AnchorWindow> latest = store.latestFinalWithHeads();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        final long anchor = latest.get().sequence();
        Heads heads = cached;
        if (heads != null && heads.anchor() >= anchor) {
            return Optional.of(heads);
        }
        synchronized (rebuilding) {
            heads = cached;
            if (heads == null || heads.anchor() < anchor) {
                final HeadMap map = HeadMap.of(store.heads(anchor).values());
                if (!Arrays.equals(map.root(), latest.get().headsRoot())) {
                    throw new IllegalStateException("the head map rebuilt for anchor " + anchor + " has root "
                            + HEX.formatHex(map.root()) + ", not the anchored " + HEX.formatHex(latest.get().headsRoot()));
                }
                heads = new Heads(anchor, map);
                cached = heads;
            }
            return Optional.of(heads);
        }
    }

    private ObjectNode anchor(final AnchorWindow window) {
        // A window planned before the head map anchored its events root alone.
        final byte[] eventsRoot = window.eventsRoot() == null ? window.merkleRoot() : window.eventsRoot();
        return JSON.createObjectNode()
                .put("sequence", window.sequence())
                .put("chainId", properties.chainId())
                .put("contractAddress", properties.contractAddress().toLowerCase(Locale.ROOT))
                .put("evmTransaction", window.evmTransaction())
                .put("evmBlock", window.evmBlock())
                .put("eventsRoot", HEX.formatHex(eventsRoot))
                .put("headsRoot", window.headsRoot() == null ? null : HEX.formatHex(window.headsRoot()))
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
