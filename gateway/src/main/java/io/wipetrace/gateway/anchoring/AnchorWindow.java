package io.wipetrace.gateway.anchoring;

import io.wipetrace.proof.BucketedHeadTree;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A window as the anchoring service keeps it ({@code anchor_window}).
 *
 * @param sequence its place in the anchor chain, from 0
 * @param firstBlock first Fabric block covered
 * @param lastBlock last Fabric block covered
 * @param eventCount leaves in its tree
 * @param merkleRoot the root the anchor carries: {@code HeadMap.anchorRoot(eventsRoot, headsRoot)}, or the events
 *     tree's root alone for a window planned before the head map
 * @param lastBlockHash the header hash of lastBlock
 * @param previousAnchor the anchor it follows (32 zero bytes for the first)
 * @param anchorHash what the contract will name it: keccak256 of the ABI-encoded window
 * @param status PLANNED, SIGNED, SENT, CONFIRMED, RECORDED or FAILED
 * @param evmTransaction the anchoring transaction's hash, once signed
 * @param evmRaw the signed anchoring transaction, once signed
 * @param evmBlock the EVM block it is final in, once confirmed
 * @param fabricTxId the Fabric transaction that recorded it, once recorded
 * @param eventsRoot the root of its events tree, or {@code null} for a window planned before the head map
 * @param headsRoot the root of the head map it commits to, or {@code null} likewise
 */
public record AnchorWindow(
        long sequence,
        long firstBlock,
        long lastBlock,
        int eventCount,
        byte[] merkleRoot,
        byte[] lastBlockHash,
        byte[] previousAnchor,
        byte[] anchorHash,
        String status,
        String evmTransaction,
        String evmRaw,
        Long evmBlock,
        String fabricTxId,
        byte[] eventsRoot,
        byte[] headsRoot) {

    /**
     * Checks a head tree built from the heads stored as of this window: anchoring or proving on a tree whose root is
     * not the one this window committed to would put heads other than the anchored ones into new anchors or proofs.
     *
     * @param tree the tree of every key's head as of this window, as read from {@code anchor_head}
     * @return the tree, if its root is this window's heads root
     * @throws IllegalStateException naming both roots, if it is not
     */
    BucketedHeadTree requireHeadsRoot(final BucketedHeadTree tree) {
        if (!Arrays.equals(tree.root(), headsRoot)) {
            final HexFormat hex = HexFormat.of();
            throw new IllegalStateException("the heads stored as of anchor " + sequence + " hash to "
                    + hex.formatHex(tree.root()) + ", not to its heads root "
                    + (headsRoot == null ? "(none)" : hex.formatHex(headsRoot)));
        }
        return tree;
    }
}
