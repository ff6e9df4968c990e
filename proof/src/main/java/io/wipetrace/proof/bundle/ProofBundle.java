package io.wipetrace.proof.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A device's proof bundle (format {@value #FORMAT}, docs/proof-bundle.md): the one description of its shape, which
 * the gateway writes and every Java verifier reads, through {@link ProofBundleJson}. Hashes are the bytes; the JSON
 * holds them as lower-case hex.
 *
 * @param version {@value #VERSION} as the gateway makes it, or {@value #PREVIOUS_VERSION}, read under the same rules
 * @param deviceId the device
 * @param channel the Fabric channel its events were committed on
 * @param events the device's anchored events, in ledger order
 * @param registry the anchored registry events of the stations that signed its erasures, in ledger order
 * @param anchors every anchor an entry or the heads name, by sequence
 * @param heads the head-map proofs of the device and those stations under one anchor
 * @param eventsNotYetAnchored how many of the device's events no final anchor covers yet
 */
public record ProofBundle(int version, String deviceId, String channel, List<Entry> events, List<Entry> registry,
        SortedMap<Long, Anchor> anchors, Heads heads, long eventsNotYetAnchored) {

    /** The bundle's {@code format}. */
    public static final String FORMAT = "wipetrace-proof-bundle";
    /** The bundle version the gateway makes. */
    public static final int VERSION = 3;
    /** The bundle version made before events named their previous event; verifiers read it too. */
    public static final int PREVIOUS_VERSION = 2;
    /** At most this many entries in {@code events}, {@code registry}, {@code heads.entries} and anchors each. */
    public static final int MAX_ENTRIES = 100_000;

    /** Freezes the lists and the map. */
    public ProofBundle {
        events = List.copyOf(events);
        registry = List.copyOf(registry);
        anchors = Collections.unmodifiableSortedMap(new TreeMap<>(anchors));
    }

    /**
     * One anchored event with what proves it.
     *
     * @param event the event's public form, as anchored (a JSON object)
     * @param salt the 32-byte salt of its leaf
     * @param anchor the sequence of the anchor whose events tree holds it
     * @param leafIndex its leaf's index in that tree
     * @param path the leaf's inclusion path, bottom up
     * @param ledger where the ledger committed it
     */
    public record Entry(JsonNode event, byte[] salt, long anchor, long leafIndex, List<byte[]> path, Ledger ledger) {
        /** Freezes the path. */
        public Entry {
            path = List.copyOf(path);
        }
    }

    /**
     * Where an event was committed on Fabric.
     *
     * @param txId the transaction
     * @param blockNumber the block
     */
    public record Ledger(String txId, long blockNumber) {}

    /**
     * An anchor: a window of Fabric blocks whose root went to the anchor contract.
     *
     * @param sequence its place in the anchor chain, from 0
     * @param chainId the EVM chain
     * @param contractAddress the anchor contract, {@code 0x} and 40 lower-case hex digits
     * @param evmTransaction the anchoring transaction, {@code 0x} and 64 lower-case hex digits
     * @param evmBlock the EVM block it was mined in
     * @param eventsRoot the root of its events tree
     * @param headsRoot the root of the head map it commits to, or null for an anchor made before head maps
     * @param merkleRoot the root the contract received
     * @param firstBlock the first Fabric block of the window
     * @param lastBlock the last Fabric block of the window
     * @param eventCount the events in the window (leaves of its events tree)
     * @param lastBlockHash the header hash of the last block
     * @param previousAnchor the hash of the anchor before it (zeros for the first)
     * @param anchorHash its own hash
     * @param fabricTxId the Fabric transaction that recorded it, or null while it is not recorded yet
     */
    public record Anchor(long sequence, long chainId, String contractAddress, String evmTransaction, long evmBlock,
            byte[] eventsRoot, byte[] headsRoot, byte[] merkleRoot, long firstBlock, long lastBlock, long eventCount,
            byte[] lastBlockHash, byte[] previousAnchor, byte[] anchorHash, String fabricTxId) {}

    /**
     * The head-map proofs under one anchor.
     *
     * @param anchor the anchor whose heads root they lead to
     * @param entries one per key, at most one per key
     */
    public record Heads(long anchor, List<Head> entries) {
        /** Freezes the entries. */
        public Heads {
            entries = List.copyOf(entries);
        }
    }

    /**
     * One key's newest anchored event, with its proof.
     *
     * @param key {@code device:<id>} or {@code station:<id>}
     * @param sequence the key's newest event's number
     * @param leaf that event's leaf hash
     * @param path the proof, bottom up
     */
    public record Head(String key, long sequence, byte[] leaf, List<byte[]> path) {
        /** Freezes the path. */
        public Head {
            path = List.copyOf(path);
        }
    }
}
