package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.bundle.ProofBundle;
import io.wipetrace.proof.bundle.ProofBundleJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds a device's proof bundle ({@link ProofBundle}, docs/proof-bundle.md): the public form of every anchored event
 * of the device and every anchored registry event of the stations that signed its erasures, each with its salt and
 * Merkle path; the anchors they name; and the head-map proofs of the device and those stations under the latest
 * confirmed anchor. Anyone can check it with the verifier and the alliance's trust file, without WipeTrace's servers.
 *
 * <p>An anchor counts once it is final on the EVM chain (CONFIRMED or RECORDED). The events come from the projection
 * ({@link EventReads}), their leaves from the anchoring's own tables. The head tree of the latest final anchor is kept
 * in memory (the hashes of its buckets and above) and moved forward by the heads each newer anchor moved
 * ({@link FinalHeads}), so a bundle costs a few queries, one of them the heads of each proven key's bucket, and a proof
 * of {@code O(log n)} hashes.
 */
public final class ProofBundles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WindowStore store;
    private final EventReads projected;
    private final AnchoringProperties properties;
    private final String channel;
    private final FinalHeads heads;

    ProofBundles(final WindowStore store, final EventReads projected, final AnchoringProperties properties,
            final String channel) {
        this.store = store;
        this.projected = projected;
        this.properties = properties;
        this.channel = channel;
        this.heads = new FinalHeads(store, properties.headBucketBits());
    }

    /**
     * Builds the head tree of the latest final anchor, if there is one, as the first bundle would: after a start it
     * takes seconds on a large ledger.
     *
     * @return the anchor the tree is of, or empty if no final anchor has a head map yet
     */
    public Optional<Long> warm() {
        return store.latestFinalWithHeads().map(latest -> heads.read(latest, (anchor, proofs) -> anchor));
    }

    /**
     * @param deviceId the device
     * @return its bundle, or empty if none of its events is anchored under a final anchor with a head map yet
     */
    public Optional<ProofBundle> forDevice(final String deviceId) throws IOException {
        final Optional<AnchorWindow> latest = store.latestFinalWithHeads();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        try {
            return heads.read(latest.get(), (headsAnchor, proofs) -> {
                try {
                    return bundle(deviceId, headsAnchor, proofs);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Optional<ProofBundle> bundle(final String deviceId, final long headsAnchor,
            final Function<String, Optional<HeadMap.Proof>> headProofs) throws IOException {
        final List<EventReads.Event> history = projected.ofDevice(deviceId);
        final Map<Long, MerkleTree> trees = new HashMap<>();
        final List<ProofBundle.Entry> events = entries(history, headsAnchor, trees);
        if (events.isEmpty()) {
            return Optional.empty();
        }
        final Set<String> stations = new LinkedHashSet<>();
        for (final ProofBundle.Entry entry : events) {
            final JsonNode event = entry.event();
            final JsonNode station = event.path("details").path("erasure").path("stationId");
            if ("ERASURE_RECORDED".equals(event.path("type").asText()) && station.isTextual()) {
                stations.add(station.asText());
            }
        }
        final List<ProofBundle.Entry> registry = stations.isEmpty() ? List.of()
                : entries(projected.stationChanges(stations), headsAnchor, trees);
        final SortedMap<Long, ProofBundle.Anchor> anchors = new TreeMap<>();
        for (final ProofBundle.Entry entry : events) {
            anchors.computeIfAbsent(entry.anchor(), this::anchor);
        }
        for (final ProofBundle.Entry entry : registry) {
            anchors.computeIfAbsent(entry.anchor(), this::anchor);
        }
        anchors.computeIfAbsent(headsAnchor, this::anchor);
        final List<ProofBundle.Head> proofs = new ArrayList<>();
        final List<String> keys = new ArrayList<>();
        keys.add("device:" + deviceId);
        stations.forEach(station -> keys.add("station:" + station));
        for (final String key : keys) {
            headProofs.apply(key).ifPresent(proof -> proofs.add(new ProofBundle.Head(key,
                    proof.head().sequence(), proof.head().leaf(), proof.path())));
        }
        return Optional.of(new ProofBundle(ProofBundle.VERSION, deviceId, channel, events, registry, anchors,
                new ProofBundle.Heads(headsAnchor, proofs), history.size() - events.size()));
    }

    /**
     * The bundle's bytes exactly as the proof-bundle endpoints serve them (compact JSON, UTF-8), which is what a
     * certificate's bundle hash is taken over.
     *
     * @param bundle a bundle from {@link #forDevice}
     * @return its bytes
     */
    public static byte[] serialised(final ProofBundle bundle) {
        return ProofBundleJson.write(bundle);
    }

    /** Those of some events, in their order, that a final anchor up to the heads anchor holds, with their proofs. */
    private List<ProofBundle.Entry> entries(final List<EventReads.Event> events, final long headsAnchor,
            final Map<Long, MerkleTree> trees) throws IOException {
        final Map<String, WindowStore.Placed> placed = store.finalLeaves(
                events.stream().map(EventReads.Event::eventId).toList(), headsAnchor);
        final List<ProofBundle.Entry> entries = new ArrayList<>();
        for (final EventReads.Event event : events) {
            final WindowStore.Placed leaf = placed.get(event.eventId());
            if (leaf == null) {
                continue;
            }
            final MerkleTree tree = trees.computeIfAbsent(leaf.sequence(), s -> MerkleTree.of(
                    store.leaves(s).stream().map(WindowStore.Leaf::leafHash).toList()));
            final InclusionProof proof = tree.inclusionProof(leaf.leafIndex());
            entries.add(new ProofBundle.Entry(JSON.readTree(AnchoringService.canonical(event.payload())),
                    leaf.salt(), leaf.sequence(), proof.leafIndex(), proof.path(),
                    new ProofBundle.Ledger(event.txId(), event.blockNumber())));
        }
        return entries;
    }

    private ProofBundle.Anchor anchor(final long sequence) {
        final AnchorWindow window = store.window(sequence).orElseThrow();
        // A window planned before the head map anchored its events root alone.
        return new ProofBundle.Anchor(window.sequence(), properties.chainId(),
                properties.contractAddress().toLowerCase(Locale.ROOT), window.evmTransaction(), window.evmBlock(),
                window.eventsRoot() == null ? window.merkleRoot() : window.eventsRoot(), window.headsRoot(),
                window.merkleRoot(), window.firstBlock(), window.lastBlock(), window.eventCount(),
                window.lastBlockHash(), window.previousAnchor(), window.anchorHash(), window.fabricTxId());
    }
}
