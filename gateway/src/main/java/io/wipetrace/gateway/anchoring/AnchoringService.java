package io.wipetrace.gateway.anchoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.PublicForm;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans windows and carries the oldest open one a step further on every {@link #tick()}; see the package
 * documentation for the states and why nothing is lost or anchored twice.
 */
final class AnchoringService {

    private static final Logger LOG = LoggerFactory.getLogger(AnchoringService.class);
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NO_ANCHOR = new byte[32];
    private static final String RECORDED = "RECORDED";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WindowStore store;
    private final AnchorChain chain;
    private final FabricAnchorLedger fabric;
    private final AnchoringLeader leader;
    private final AnchoringProperties properties;
    private final String channel;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();
    /**
     * The heads as of the latest window this service stored or built them for, or null; only {@link #warm} and {@link
     * #plan} read and set it.
     */
    private Anchored anchored;

    /**
     * The head tree as of one stored window, so that the next plan reads and hashes only the buckets its window moves
     * heads in, instead of reading every head and rebuilding the head map. The tree holds the hashes above and of its
     * buckets; the heads are read from {@code anchor_head} as of that window.
     *
     * @param sequence the window
     * @param headsRoot its heads root, as stored
     * @param tree the tree of every key's head as of that window
     */
    private record Anchored(long sequence, byte[] headsRoot, BucketedHeadTree tree) {

        boolean of(final AnchorWindow window) {
            return sequence == window.sequence() && Arrays.equals(headsRoot, window.headsRoot());
        }
    }

    AnchoringService(final WindowStore store, final AnchorChain chain, final FabricAnchorLedger fabric,
            final AnchoringLeader leader, final AnchoringProperties properties, final String channel,
            final Clock clock) {
        this.store = store;
        this.chain = chain;
        this.fabric = fabric;
        this.leader = leader;
        this.properties = properties;
        this.channel = channel;
        this.clock = clock;
    }

    /** One round: plan a window if one is due, then advance the oldest open window by one step. */
    void tick() {
        if (!leader.leads()) {
            return;
        }
        try {
            // Read once for both: warming writes nothing, so the plan's view of the latest window is the same.
            final Optional<AnchorWindow> latest = store.latest();
            warm(latest);
            plan(latest);
            advance();
            lastError.set(null);
            failingSince.set(null);
        } catch (Exception e) {
            // The EVM node or a peer may be down for a while: nothing is lost, the next tick goes on from the table.
            lastError.set(e.toString());
            failingSince.compareAndSet(null, clock.instant());
            LOG.warn("anchoring will retry: {}", e.toString());
        }
    }

    /** @return the last failure of a tick, if the last tick failed */
    Optional<String> lastError() {
        return Optional.ofNullable(lastError.get());
    }

    /** @return since when ticks have been failing, if they are */
    Optional<Instant> failingSince() {
        return Optional.ofNullable(failingSince.get());
    }

    /**
     * Builds the head tree as of the latest stored window if this service holds none, so that it is built when the
     * anchorer starts (or takes over) rather than by the first window due after it, which would wait seconds for it on
     * a large ledger. A tree whose root is not the window's stored heads root is refused: planning on it would anchor
     * heads other than those the table and the earlier anchors hold.
     *
     * @param latest the latest stored window, if any
     * @return the window the tree is of, or empty if it holds one already, no window has a head map yet or the latest
     *     is still on its way
     * @throws IllegalStateException if the stored heads do not hash to the window's heads root
     */
    synchronized Optional<Long> warm(final Optional<AnchorWindow> latest) {
        if (anchored != null) {
            return Optional.empty();
        }
        // Only once the latest window is recorded, when the next plan would build it: while a window is on its way,
        // a tree refused here must not keep advance() from carrying that window on.
        if (latest.isEmpty() || latest.get().headsRoot() == null || !RECORDED.equals(latest.get().status())) {
            return Optional.empty();
        }
        final AnchorWindow window = latest.get();
        final long building = System.nanoTime();
        final BucketedHeadTree tree = window.requireHeadsRoot(store.heads(window.sequence(),
                properties.headBucketBits()));
        anchored = new Anchored(window.sequence(), window.headsRoot(), tree);
        LOG.info("built the head tree as of anchor {}: {} keys in {} ms", window.sequence(), tree.size(),
                (System.nanoTime() - building) / 1_000_000);
        return Optional.of(window.sequence());
    }

    /**
     * Plans the next window if one is due. Synchronised for the heads it keeps between plans: the scheduler runs one
     * {@link #tick()} at a time, and nothing else may interleave with it.
     *
     * @param latest the latest stored window, if any
     */
    synchronized void plan(final Optional<AnchorWindow> latest) throws Exception {
        if (latest.isPresent() && !RECORDED.equals(latest.get().status())) {
            // One window on its way at a time. Its EVM block, confirmations and record on Fabric take seconds whatever
            // its size, so the next window waits and then takes every event that came meanwhile (up to
            // window-max-events): windows planned one behind the other would queue for as long as writes outpace them.
            return;
        }
        final long first = latest.map(w -> w.lastBlock() + 1).orElse(0L);
        final byte[] previous = latest.map(AnchorWindow::anchorHash).orElse(NO_ANCHOR);
        final long checkpoint = store.checkpoint(channel);
        if (checkpoint < first) {
            return;
        }
        final long last = store.lastBlockWithin(first, checkpoint, properties.windowMaxEvents());
        final List<EventReads.Event> events = store.events(first, last);
        if (events.isEmpty()) {
            return;
        }
        // A window cut short by window-max-events is full: more events wait behind it.
        final boolean full = last < checkpoint || events.size() >= properties.windowEvents();
        final boolean old = !events.getFirst().committedAt().plus(properties.windowAge()).isAfter(clock.instant());
        if (!full && !old) {
            return;
        }

        final long planning = System.nanoTime();
        // How many buckets' heads the plan read, and in how many nanoseconds: for the log.
        final long[] bucketsRead = new long[2];
        final long sequence = latest.map(w -> w.sequence() + 1).orElse(0L);
        // The first window with a head map (none before it has one) takes every earlier anchored event into it.
        final boolean sinceGenesis = latest.isPresent() && latest.get().headsRoot() == null;
        final List<Heads.Leaf> touched = new ArrayList<>(events.size());
        final List<WindowStore.Leaf> leaves = new ArrayList<>(events.size());
        final List<byte[]> hashes = new ArrayList<>(events.size());
        for (final EventReads.Event event : events) {
            final byte[] salt = new byte[EventLeaf.SALT_LENGTH];
            random.nextBytes(salt);
            final byte[] hash = EventLeaf.hash(salt, canonical(event.payload()));
            leaves.add(new WindowStore.Leaf(event.eventId(), leaves.size(), salt, hash));
            hashes.add(hash);
            touched.add(new Heads.Leaf(event.payload(), hash));
        }
        final byte[] eventsRoot = MerkleTree.of(hashes).root();
        // Taken, not shared: this plan changes them, and only a window it stores gives them back. Those of another
        // window (another replica planned since, or the database changed under it) are dropped before reading.
        final Anchored kept = anchored != null && latest.isPresent() && anchored.of(latest.get()) ? anchored : null;
        anchored = null;
        final BucketedHeadTree tree;
        final List<HeadMap.Head> moved;
        if (sinceGenesis) {
            // No window before this one stored heads: this one stores every key's, so the tree is built of them all.
            // Window by window, so that no more than one window's events are held at a time.
            final Map<String, HeadMap.Head> genesis = new HashMap<>();
            for (long earlier = 0; earlier <= sequence; earlier++) {
                final List<Heads.Leaf> anchoredLeaves = earlier < sequence ? store.anchoredLeaves(earlier) : touched;
                Heads.moved(anchoredLeaves, key -> Optional.ofNullable(genesis.get(key)))
                        .forEach(head -> genesis.put(head.key(), head));
            }
            moved = new ArrayList<>(genesis.values());
            tree = BucketedHeadTree.of(properties.headBucketBits(), moved);
        } else {
            // The tree holds each bucket's hash; the heads themselves are read from the table, as of the latest window.
            final BucketedHeadTree.Buckets stored = latest.isEmpty() ? BucketedHeadTree.Buckets.of(List.of())
                    : store.asOf(latest.get().sequence());
            final BucketedHeadTree.Buckets before = (bits, buckets) -> {
                final long reading = System.nanoTime();
                final List<HeadMap.Head> heads = stored.heads(bits, buckets);
                bucketsRead[0] += buckets.length;
                bucketsRead[1] += System.nanoTime() - reading;
                return heads;
            };
            if (kept != null) {
                tree = kept.tree();
            } else if (latest.isEmpty()) {
                tree = new BucketedHeadTree(properties.headBucketBits());
            } else {
                final long building = System.nanoTime();
                tree = latest.get().requireHeadsRoot(store.heads(latest.get().sequence(),
                        properties.headBucketBits()));
                LOG.info("built the head tree as of anchor {}: {} keys in {} ms", latest.get().sequence(),
                        tree.size(), (System.nanoTime() - building) / 1_000_000);
            }
            moved = Heads.moved(touched, key -> tree.head(key, before));
            tree.putAll(moved, before);
        }
        final byte[] headsRoot = tree.root();
        final byte[] root = HeadMap.anchorRoot(eventsRoot, headsRoot);
        final byte[] lastBlockHash = fabric.blockHeaderHash(last);
        final AnchorWindow window = new AnchorWindow(sequence, first, last, events.size(), root, lastBlockHash,
                previous, anchorHash(root, first, last, events.size(), lastBlockHash, previous), "PLANNED", null,
                null, null, null, eventsRoot, headsRoot);
        store.plan(window, leaves, moved);
        anchored = new Anchored(sequence, headsRoot, tree);
        LOG.info("planned anchor {}: blocks {}-{}, {} events, {} heads moved of {}, root {}, in {} ms ({} ms reading"
                + " the heads of {} buckets)", sequence, first, last, events.size(), moved.size(), tree.size(),
                HEX.formatHex(root), (System.nanoTime() - planning) / 1_000_000, bucketsRead[1] / 1_000_000,
                bucketsRead[0]);
    }

    void advance() throws Exception {
        final Optional<AnchorWindow> open = store.oldestOpen();
        if (open.isEmpty()) {
            return;
        }
        final AnchorWindow window = open.get();
        switch (window.status()) {
            case "PLANNED" -> send(window);
            case "SIGNED" -> {
                chain.broadcast(new AnchorChain.SignedTransaction(window.evmTransaction(), window.evmRaw()));
                store.sent(window.sequence(), window.evmTransaction());
            }
            case "SENT" -> confirm(window);
            case "CONFIRMED" -> {
                final String txId = fabric.record(window, properties.chainId(), properties.contractAddress());
                store.recorded(window.sequence(), txId);
                LOG.info("anchor {} recorded on Fabric in {}", window.sequence(), txId);
            }
            case "FAILED" -> { }
            default -> throw new IllegalStateException("anchor window " + window.sequence() + " has status "
                    + window.status());
        }
    }

    private void send(final AnchorWindow window) throws Exception {
        // The contract keeps the first 16 bytes of its latest anchor hash (one storage word, see WipeTraceAnchor.sol).
        final byte[] latest = chain.latestAnchorPrefix();
        if (Arrays.equals(latest, prefix(window.anchorHash()))) {
            // Broadcast before a crash lost its bookkeeping: find the transaction that did it.
            final Optional<String> transaction = chain.anchorTransaction(window.sequence());
            if (transaction.isPresent()) {
                store.sent(window.sequence(), transaction.get());
                return;
            }
        }
        if (!Arrays.equals(latest, prefix(window.previousAnchor()))) {
            final String reason = "the contract's latest anchor starts " + HEX.formatHex(latest) + ", not as the "
                    + HEX.formatHex(window.previousAnchor()) + " this window follows";
            store.failed(window.sequence(), reason);
            throw new IllegalStateException("anchor " + window.sequence() + " cannot be sent: " + reason);
        }
        // Stored before it is broadcast, so a crash in between sends this same transaction, never a second one.
        final AnchorChain.SignedTransaction signed = chain.sign(window);
        store.signed(window.sequence(), signed.hash(), signed.raw());
        chain.broadcast(signed);
        store.sent(window.sequence(), signed.hash());
        LOG.info("anchor {} sent in {}", window.sequence(), signed.hash());
    }

    private void confirm(final AnchorWindow window) throws Exception {
        final Optional<AnchorChain.Receipt> receipt = chain.receipt(window.evmTransaction());
        if (receipt.isEmpty()) {
            // Not mined (or dropped, or reorganised away): offer the same signed transaction again.
            if (window.evmRaw() != null) {
                chain.broadcast(new AnchorChain.SignedTransaction(window.evmTransaction(), window.evmRaw()));
            }
            return;
        }
        if (!receipt.get().success()) {
            final String reason = "the anchoring transaction " + window.evmTransaction() + " reverted";
            store.failed(window.sequence(), reason);
            throw new IllegalStateException(reason);
        }
        final long mined = receipt.get().blockNumber();
        if (chain.blockNumber() - mined + 1 < properties.confirmations()) {
            return;
        }
        // A reorganisation shallower than the confirmations moved the receipt: wait for it to be mined again.
        if (!chain.blockHash(mined).map(receipt.get().blockHash()::equalsIgnoreCase).orElse(false)) {
            return;
        }
        store.confirmed(window.sequence(), mined);
        LOG.info("anchor {} final in EVM block {}", window.sequence(), mined);
    }

    private static byte[] prefix(final byte[] anchorHash) {
        return Arrays.copyOf(anchorHash, 16);
    }

    /**
     * The canonical bytes of the public form of an event element as the chaincode emitted it (text commitments
     * reduced to their hash), which its leaf is taken over, as every verifier computes them.
     */
    static byte[] canonical(final String json) {
        try {
            return PublicForm.canonical(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a projected event is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The window's anchor hash, as {@link AnchorHash} computes it for every party. */
    static byte[] anchorHash(final byte[] root, final long firstBlock, final long lastBlock, final int eventCount,
            final byte[] lastBlockHash, final byte[] previous) {
        return AnchorHash.of(root, firstBlock, lastBlock, eventCount, lastBlockHash, previous);
    }
}
