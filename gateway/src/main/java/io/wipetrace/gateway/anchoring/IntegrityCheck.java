package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.MerkleTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The regulator's integrity check: for every recorded anchor, recompute each leaf from the projection's event and its
 * salt, and the window's root from those leaves; compare the root and the anchor hash with the anchor on the EVM chain
 * and with the anchor recorded on Fabric. Every difference is reported, none is repaired.
 */
public final class IntegrityCheck {

    private static final HexFormat HEX = HexFormat.of();

    private final JdbcTemplate jdbc;
    private final WindowStore store;
    private final EventReads projected;
    private final AnchorChain chain;
    private final FabricAnchorLedger fabric;

    IntegrityCheck(final JdbcTemplate jdbc, final WindowStore store, final EventReads projected,
            final AnchorChain chain, final FabricAnchorLedger fabric) {
        this.jdbc = jdbc;
        this.store = store;
        this.projected = projected;
        this.chain = chain;
        this.fabric = fabric;
    }

    /**
     * What the check found.
     *
     * @param anchorsChecked recorded anchors compared
     * @param eventsChecked events recomputed
     * @param anchoredThroughBlock the last Fabric block a recorded anchor covers, or -1
     * @param mismatches every difference, empty when all holds
     * @param anchors each recorded anchor with its EVM transaction, its window and its own result, oldest first
     */
    public record Report(int anchorsChecked, int eventsChecked, long anchoredThroughBlock, List<Mismatch> mismatches,
            List<Anchor> anchors) {
        /** @return whether everything matched */
        public boolean intact() {
            return mismatches.isEmpty();
        }
    }

    /**
     * One difference.
     *
     * @param anchor the anchor's sequence
     * @param where what was compared: an event, the root, the EVM chain or Fabric
     * @param detail what differed
     */
    public record Mismatch(long anchor, String where, String detail) {}

    /**
     * One recorded anchor and what the check found for it.
     *
     * @param sequence the anchor's sequence number
     * @param firstBlock the first Fabric block its window covers
     * @param lastBlock the last Fabric block its window covers
     * @param events the events it anchors
     * @param evmTransaction the EVM transaction that carries it
     * @param evmBlock the EVM block that transaction is in
     * @param fabricTxId the Fabric transaction that records it on the channel
     * @param intact whether the projection, the EVM chain and Fabric all agree with it
     * @param mismatches how many differences were found for it
     */
    public record Anchor(long sequence, long firstBlock, long lastBlock, int events, String evmTransaction,
            Long evmBlock, String fabricTxId, boolean intact, int mismatches) {}

    /** @return the report over every recorded anchor */
    public Report run() throws IOException {
        final List<Map<String, Object>> windows = jdbc.queryForList("SELECT sequence, first_block, last_block,"
                + " event_count, merkle_root, anchor_hash, evm_transaction, evm_block, fabric_tx_id, events_root,"
                + " heads_root FROM anchor_window WHERE status = 'RECORDED' ORDER BY sequence");
        final List<Mismatch> mismatches = new ArrayList<>();
        final List<Anchor> anchors = new ArrayList<>(windows.size());
        int events = 0;
        long through = -1;
        for (final Map<String, Object> window : windows) {
            final long sequence = (Long) window.get("sequence");
            final byte[] root = (byte[]) window.get("merkle_root");
            final byte[] anchorHash = (byte[]) window.get("anchor_hash");
            through = (Long) window.get("last_block");
            final int before = mismatches.size();

            final List<WindowStore.Leaf> leaves = store.leaves(sequence);
            final Map<String, String> payloads =
                    projected.payloads(leaves.stream().map(WindowStore.Leaf::eventId).toList());
            final List<byte[]> recomputed = new ArrayList<>(leaves.size());
            for (final WindowStore.Leaf leaf : leaves) {
                events++;
                final String payload = payloads.get(leaf.eventId());
                if (payload == null) {
                    mismatches.add(new Mismatch(sequence, "event " + leaf.eventId(),
                            "the projection no longer holds this anchored event"));
                    recomputed.add(leaf.leafHash());
                    continue;
                }
                final byte[] hash = EventLeaf.hash(leaf.salt(), AnchoringService.canonical(payload));
                if (!Arrays.equals(hash, leaf.leafHash())) {
                    mismatches.add(new Mismatch(sequence, "event " + leaf.eventId(),
                            "the projection's event differs from the one anchored"));
                }
                recomputed.add(hash);
            }
            // Since the head map, the anchored root folds the events root with the heads root.
            final byte[] eventsRoot = window.get("events_root") == null ? root : (byte[]) window.get("events_root");
            if (window.get("heads_root") != null && !Arrays.equals(root,
                    HeadMap.anchorRoot(eventsRoot, (byte[]) window.get("heads_root")))) {
                mismatches.add(new Mismatch(sequence, "root", "the anchored root is not the events root folded with"
                        + " the heads root"));
            }
            if (!recomputed.isEmpty() && !Arrays.equals(MerkleTree.of(recomputed).root(), eventsRoot)) {
                mismatches.add(new Mismatch(sequence, "root", "the events root recomputed from the projection is "
                        + HEX.formatHex(MerkleTree.of(recomputed).root()) + ", the anchored events root "
                        + HEX.formatHex(eventsRoot)));
            }

            final Optional<AnchorChain.Anchored> onChain = chain.anchored((String) window.get("evm_transaction"));
            if (onChain.isEmpty()) {
                mismatches.add(new Mismatch(sequence, "EVM chain", "no Anchored event in transaction "
                        + window.get("evm_transaction")));
            } else if (onChain.get().sequence() != sequence || !Arrays.equals(onChain.get().merkleRoot(), root)
                    || !Arrays.equals(onChain.get().anchorHash(), anchorHash)) {
                mismatches.add(new Mismatch(sequence, "EVM chain", "the chain's anchor " + onChain.get().sequence()
                        + " has root " + HEX.formatHex(onChain.get().merkleRoot())));
            }

            final JsonNode recorded = fabric.recorded(sequence);
            if (!recorded.path("merkleRoot").asText().equals(HEX.formatHex(root))
                    || !recorded.path("anchorHash").asText().equals(HEX.formatHex(anchorHash))) {
                mismatches.add(new Mismatch(sequence, "Fabric", "the anchor recorded on the channel has root "
                        + recorded.path("merkleRoot").asText()));
            }
            final int found = mismatches.size() - before;
            anchors.add(new Anchor(sequence, ((Number) window.get("first_block")).longValue(), through,
                    ((Number) window.get("event_count")).intValue(), (String) window.get("evm_transaction"),
                    window.get("evm_block") == null ? null : ((Number) window.get("evm_block")).longValue(),
                    (String) window.get("fabric_tx_id"), found == 0, found));
        }
        return new Report(windows.size(), events, through, List.copyOf(mismatches), List.copyOf(anchors));
    }
}
