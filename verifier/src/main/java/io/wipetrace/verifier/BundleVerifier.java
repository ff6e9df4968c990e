package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.CanonicalJson;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.proof.Trust;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Checks a proof bundle of version {@value #VERSION} against the alliance's trust file and, given a {@link Chain},
 * the EVM chain: the rules of docs/proof-bundle.md, "Rules the verifiers check", in their order, reporting the first
 * that fails with its code. Whatever the input, it returns a {@link Result}; nothing escapes.
 */
public final class BundleVerifier {

    /** The bundle's {@code format}. */
    public static final String FORMAT = "wipetrace-proof-bundle";
    /** The bundle version the gateway makes; this verifier reads it and {@link #PREVIOUS_VERSION}. */
    public static final int VERSION = 3;
    /** The bundle version made before events named their previous event; read under the same rules. */
    public static final int PREVIOUS_VERSION = 2;
    /** At most this many entries in {@code events}, {@code registry}, {@code heads.entries} and anchors each. */
    public static final int MAX_ENTRIES = 100_000;

    /** Sibling hashes an events-tree path may have (a window holds at most 2^32 leaves). */
    private static final int MAX_EVENT_PATH = 32;
    /** Sibling hashes a head-map path may have (one per bit of the key hash). */
    private static final int MAX_HEAD_PATH = 256;
    private static final HexFormat HEX = HexFormat.of();
    private static final String ERASURE = "ERASURE_RECORDED";
    private static final String REGISTERED = "STATION_REGISTERED";
    private static final String REVOKED = "STATION_REVOKED";

    /** The outcome of a check. */
    public enum Verdict {
        /** Every rule held, the chain's included: a proof. */
        VERIFIED,
        /** Every rule but the chain's held; not a proof, since only the chain makes the roots public. */
        VERIFIED_OFFLINE,
        /** A rule failed: {@link Result#code()} says which. */
        REJECTED,
        /** The chain could not be asked: says nothing about the bundle. */
        NOT_CHECKED
    }

    /**
     * What the check found.
     *
     * @param verdict the outcome
     * @param code the first failing rule's code, or why the chain could not be asked; null when verified
     * @param reason the same for people; null when verified
     * @param checked what held, one line per rule, in order
     * @param summary what the checked events say, when verified (online or offline); else null
     */
    public record Result(Verdict verdict, String code, String reason, List<String> checked, Summary summary) {
        /** Freezes the list. */
        public Result {
            checked = List.copyOf(checked);
        }

        /** @return whether every rule that was applied held */
        public boolean verified() {
            return verdict == Verdict.VERIFIED || verdict == Verdict.VERIFIED_OFFLINE;
        }
    }

    /**
     * What the checked events say about the device, and nothing else.
     *
     * @param deviceId the device
     * @param events how many events its history has
     * @param state the state after the last event
     * @param custodianMspId who holds it after the last event
     * @param erasures each {@code ERASURE_RECORDED}, oldest first
     * @param storageDestroyed the last {@code STORAGE_DESTROYED}, or null
     * @param smelted the {@code SMELTED} event, or null
     */
    public record Summary(String deviceId, int events, String state, String custodianMspId, List<Erasure> erasures,
            Destruction storageDestroyed, Smelting smelted) {}

    /**
     * An erasure as its signed record states it.
     *
     * @param reportId the station's report
     * @param method CLEAR, PURGE or DESTRUCT
     * @param technique how
     * @param standard after which standard
     * @param result ERASED, ERASED_WITH_EXCEPTIONS or NOT_ERASED
     * @param verificationMode FULL or SAMPLED
     * @param stationId the station that signed it
     * @param algorithm the station's registered algorithm
     * @param recordedAt the ledger transaction's time
     */
    public record Erasure(String reportId, String method, String technique, String standard, String result,
            String verificationMode, String stationId, String algorithm, String recordedAt) {}

    /**
     * @param method SHRED, DEGAUSS or CRUSH
     * @param evidenceSha256 the evidence's hash
     * @param recordedAt the ledger transaction's time
     */
    public record Destruction(String method, String evidenceSha256, String recordedAt) {}

    /**
     * @param lotId the smelting lot
     * @param recordedAt the ledger transaction's time
     */
    public record Smelting(String lotId, String recordedAt) {}

    private BundleVerifier() {}

    /**
     * Checks a bundle.
     *
     * @param bundle the parsed bundle (anything: a malformed one is {@code BUNDLE_MALFORMED})
     * @param trust the pinned trust file
     * @param chain the chain, or null to check offline only ({@link Verdict#VERIFIED_OFFLINE} at best)
     * @return the verdict
     */
    public static Result check(final JsonNode bundle, final Trust trust, final Chain chain) {
        Objects.requireNonNull(trust, "a bundle is checked against a trust file");
        final List<String> checked = new ArrayList<>();
        try {
            final Bundle parsed = Bundle.read(bundle);
            checked.add("rule 1: a version-" + parsed.version + " bundle of device " + parsed.deviceId + ": "
                    + parsed.events.size() + " events, " + parsed.registry.size() + " registry events, "
                    + parsed.anchors.size() + " anchors");
            final Checks checks = new Checks(parsed, trust, checked);
            checks.offline();
            final Summary summary = checks.summary();
            if (chain == null) {
                return new Result(Verdict.VERIFIED_OFFLINE, null, null, checked, summary);
            }
            checks.onChain(chain);
            return new Result(Verdict.VERIFIED, null, null, checked, summary);
        } catch (Rejected e) {
            return new Result(Verdict.REJECTED, e.code, e.getMessage(), checked, null);
        } catch (Chain.Unavailable e) {
            return new Result(Verdict.NOT_CHECKED, e.code(), e.getMessage(), checked, null);
        } catch (RuntimeException | StackOverflowError e) {
            // Every member is read through the rule-1 checks; this is the net under them, never the path.
            return new Result(Verdict.REJECTED, "BUNDLE_MALFORMED", "the bundle cannot be read: " + e, checked,
                    null);
        }
    }

    /** The rules after rule 1, over a bundle that has every member with its type. */
    private static final class Checks {
        private final Bundle bundle;
        private final Trust trust;
        private final List<String> checked;
        private final Map<Entry, byte[]> leaves = new IdentityHashMap<>();
        private final List<Entry> erasures = new ArrayList<>();
        private final Map<String, List<Entry>> stations = new LinkedHashMap<>();

        Checks(final Bundle bundle, final Trust trust, final List<String> checked) {
            this.bundle = bundle;
            this.trust = trust;
            this.checked = checked;
        }

        void offline() {
            final String sequences = bundle.anchors.keySet().stream().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            for (final Anchor anchor : bundle.anchors.values()) {
                require(anchor.chainId == trust.chainId(), "WRONG_CHAIN", "anchor " + anchor.sequence
                        + " names chain " + anchor.chainId + ", the trust file pins chain " + trust.chainId());
            }
            checked.add("rule 2: anchors " + sequences + " name the pinned chain " + trust.chainId());
            for (final Anchor anchor : bundle.anchors.values()) {
                require(anchor.contract.equals(trust.anchorContract()), "WRONG_CONTRACT", "anchor " + anchor.sequence
                        + " names contract " + anchor.contract + ", the trust file pins " + trust.anchorContract());
            }
            checked.add("rule 3: they name the pinned contract " + trust.anchorContract());
            for (final Anchor anchor : bundle.anchors.values()) {
                // An anchor made before the head map (version 1) anchored its events root alone.
                require(anchor.headsRoot == null ? same(anchor.eventsRoot, anchor.merkleRoot)
                        : same(HeadMap.anchorRoot(anchor.eventsRoot, anchor.headsRoot), anchor.merkleRoot),
                        "ANCHOR_ROOT", "anchor " + anchor.sequence + ": its merkleRoot is not " + (anchor.headsRoot == null
                                ? "its eventsRoot (an anchor without a head map)"
                                : "SHA-256(0x02 || eventsRoot || headsRoot)"));
            }
            checked.add("rule 4: each anchor's root commits to its events root and its heads root, if it has one");
            for (final Anchor anchor : bundle.anchors.values()) {
                require(same(AnchorHash.of(anchor.merkleRoot, anchor.firstBlock, anchor.lastBlock, anchor.eventCount,
                        anchor.lastBlockHash, anchor.previousAnchor), anchor.anchorHash), "ANCHOR_HASH", "anchor "
                        + anchor.sequence + ": its anchorHash is not keccak256 of its window");
            }
            checked.add("rule 5: each anchor's hash is keccak256 of its window");
            final List<Entry> all = new ArrayList<>(bundle.events);
            all.addAll(bundle.registry);
            for (final Entry entry : all) {
                require(bundle.anchors.containsKey(entry.anchor), "ANCHOR_MISSING", entry.where + " names anchor "
                        + entry.anchor + ", which the bundle does not carry");
            }
            checked.add("rule 6: every entry names an anchor the bundle carries");
            for (final Entry entry : all) {
                final Anchor anchor = bundle.anchors.get(entry.anchor);
                final byte[] leaf = EventLeaf.hash(entry.salt, PublicForm.canonical(entry.event));
                leaves.put(entry, leaf);
                require(PublicForm.commitmentsHold(entry.event), "EVENT_PATH", entry.where + " ("
                        + describe(entry.event) + ") carries a text that is not the one its commitment names");
                require(entry.leafIndex < anchor.eventCount && anchor.eventCount <= Integer.MAX_VALUE
                        && MerkleTree.verify(leaf, new InclusionProof((int) entry.leafIndex, (int) anchor.eventCount,
                                entry.path), anchor.eventsRoot), "EVENT_PATH", entry.where + " ("
                        + describe(entry.event) + "): its salted leaf and path do not lead to the events root of"
                        + " anchor " + entry.anchor);
            }
            checked.add("rule 7: " + bundle.events.size() + " events and " + bundle.registry.size()
                    + " registry events lead to their anchors' events roots");
            for (final Entry entry : all) {
                final Anchor anchor = bundle.anchors.get(entry.anchor);
                require(entry.ledgerBlock >= anchor.firstBlock && entry.ledgerBlock <= anchor.lastBlock,
                        "EVENT_LEDGER", entry.where + ": block " + entry.ledgerBlock + " lies outside anchor "
                                + anchor.sequence + "'s window " + anchor.firstBlock + "-" + anchor.lastBlock);
                require(entry.ledgerTxId.equals(text(entry.event, "txId")), "EVENT_LEDGER", entry.where
                        + ": ledger transaction " + entry.ledgerTxId + " is not the event's");
            }
            checked.add("rule 8: every entry's block lies in its anchor's window and its transaction is the event's");
            require(!bundle.events.isEmpty(), "EVENT_DEVICE", "the bundle has no event");
            for (final Entry entry : bundle.events) {
                require(bundle.deviceId.equals(text(entry.event, "deviceId")), "EVENT_DEVICE", entry.where
                        + " is about device " + text(entry.event, "deviceId") + ", not " + bundle.deviceId);
            }
            checked.add("rule 9: every event is about device " + bundle.deviceId);
            ordered(bundle.events, "events");
            ordered(bundle.registry, "registry entries");
            checked.add("rule 10: events and registry entries are in ledger order");
            for (int i = 0; i < bundle.events.size(); i++) {
                final JsonNode sequence = bundle.events.get(i).event.path("sequence");
                require(sequence.isIntegralNumber() && sequence.canConvertToLong() && sequence.asLong() == i,
                        "EVENT_SEQUENCE", "event " + i + " has sequence " + sequence + ", not " + i);
            }
            checked.add("rule 11: event sequences run 0 to " + (bundle.events.size() - 1) + " without a gap");
            final int chained = chain();
            checked.add("rule 12: " + (chained == 0 ? "no event names its previous one (events written before"
                    + " they did)" : chained + " events name the hash of the event before them"));
            final Anchor heads = bundle.anchors.get(bundle.headsAnchor);
            require(heads != null, "HEAD_PATH", "the heads anchor " + bundle.headsAnchor + " is not in the bundle");
            require(heads.headsRoot != null, "HEAD_PATH", "the heads anchor " + heads.sequence
                    + " has no head map (it was made before head maps were anchored)");
            final String deviceKey = "device:" + bundle.deviceId;
            require(proven(deviceKey, heads), "HEAD_PATH", "the device's head is not proven under the heads root"
                    + " of anchor " + heads.sequence);
            checked.add("rule 13: the device's head is proven under anchor " + heads.sequence + "'s heads root");
            final Entry last = bundle.events.getLast();
            final HeadEntry head = bundle.heads.get(deviceKey);
            require(head.sequence == bundle.events.size() - 1 && same(head.leaf, leaves.get(last)), "HEAD_MISMATCH",
                    "as of anchor " + heads.sequence + " the device's newest event has sequence " + head.sequence
                            + (head.sequence == bundle.events.size() - 1 ? " but another leaf" : "")
                            + ": the bundle's history ends at sequence " + (bundle.events.size() - 1));
            checked.add("rule 14: the history is whole as of anchor " + heads.sequence + ": its newest event is the"
                    + " bundle's last (sequence " + head.sequence + ")");
            stations();
        }

        /**
         * Rule 12: each event that names a previous event hash names the one of the event before it; the first event
         * names none, and once an event names one every later event does (only events written before the chaincode
         * named them lack it).
         *
         * @return how many events name one
         */
        private int chain() {
            int chained = 0;
            for (int i = 0; i < bundle.events.size(); i++) {
                final boolean names = names(bundle.events.get(i).event);
                if (i == 0) {
                    require(!names, "EVENT_CHAIN", "event 0 names a previous event");
                    continue;
                }
                final JsonNode previous = bundle.events.get(i - 1).event;
                if (names) {
                    final JsonNode named = bundle.events.get(i).event.path(PublicForm.PREVIOUS_EVENT_HASH);
                    require(named.isTextual() && named.asText().equals(PublicForm.eventHash(previous)), "EVENT_CHAIN",
                            "event " + i + " names " + named + " as its previous event, not the hash of event "
                                    + (i - 1));
                    chained++;
                } else {
                    require(i == 1 || !names(previous), "EVENT_CHAIN", "event " + i
                            + " names no previous event, though event " + (i - 1) + " does");
                }
            }
            return chained;
        }

        private static boolean names(final JsonNode event) {
            final JsonNode named = event.path(PublicForm.PREVIOUS_EVENT_HASH);
            return !named.isMissingNode() && !named.isNull();
        }

        /** Rules 15 to 18: every erasure's station and signature. */
        private void stations() {
            for (final Entry entry : bundle.events) {
                if (ERASURE.equals(text(entry.event, "type"))) {
                    erasures.add(entry);
                }
            }
            if (erasures.isEmpty()) {
                checked.add("rules 15-18: no erasure recorded, no station to prove");
                return;
            }
            final Map<String, List<Entry>> byStation = new HashMap<>();
            for (final Entry entry : bundle.registry) {
                final String station = text(entry.event.path("station"), "stationId");
                if (station != null) {
                    byStation.computeIfAbsent(station, s -> new ArrayList<>()).add(entry);
                }
            }
            for (final Entry erasure : erasures) {
                final String station = stationOf(erasure);
                final List<Entry> events = byStation.getOrDefault(station, List.of());
                require(events.stream().anyMatch(e -> REGISTERED.equals(text(e.event, "change"))),
                        "STATION_UNPROVEN", erasure.where + "'s erasure names station " + station
                                + ", whose registration the bundle does not carry");
                stations.put(station, events);
            }
            checked.add("rule 15: the erasures' stations " + String.join(", ", stations.keySet())
                    + " have anchored registrations");
            final Anchor heads = bundle.anchors.get(bundle.headsAnchor);
            for (final Map.Entry<String, List<Entry>> station : stations.entrySet()) {
                final List<Entry> events = station.getValue();
                final String key = "station:" + station.getKey();
                require(proven(key, heads), "STATION_HEAD", "station " + station.getKey()
                        + "'s head is not proven under the heads root of anchor " + heads.sequence);
                final HeadEntry head = bundle.heads.get(key);
                require(head.sequence == events.size() - 1 && same(head.leaf, leaves.get(events.getLast())),
                        "STATION_HEAD", "as of anchor " + heads.sequence + " station " + station.getKey() + " has "
                                + (head.sequence + 1) + " registry events; its newest is not the bundle's last");
                require(REGISTERED.equals(text(events.getFirst().event, "change")) && (events.size() == 1
                        || events.size() == 2 && REVOKED.equals(text(events.get(1).event, "change"))),
                        "STATION_HEAD", "station " + station.getKey() + "'s registry events are not a registration"
                                + " then at most a revocation");
            }
            checked.add("rule 16: the stations' registry histories are whole as of anchor " + heads.sequence);
            for (final Entry erasure : erasures) {
                final List<Entry> events = stations.get(stationOf(erasure));
                require(before(events.getFirst(), erasure), "STATION_NOT_VALID", "station " + stationOf(erasure)
                        + " was registered after " + erasure.where + "'s erasure");
                require(events.size() == 1 || before(erasure, events.get(1)), "STATION_NOT_VALID", "station "
                        + stationOf(erasure) + " was revoked before " + erasure.where + "'s erasure");
            }
            checked.add("rule 17: each station was registered and not revoked when it signed");
            final List<String> signed = new ArrayList<>();
            for (final Entry erasure : erasures) {
                final JsonNode record = erasure.event.path("details").path("erasure");
                final JsonNode station = stations.get(stationOf(erasure)).getFirst().event.path("station");
                require(signatureHolds(record, station), "SIGNATURE_INVALID", "the signature of " + erasure.where
                        + "'s erasure record does not verify under station " + stationOf(erasure)
                        + "'s registered key");
                signed.add(text(record, "reportId") + " by " + stationOf(erasure) + " ("
                        + text(station, "algorithm") + ")");
            }
            checked.add("rule 18: erasure records signed under the registered keys: " + String.join(", ", signed));
        }

        /** Rules 19 to 23. */
        void onChain(final Chain chain) throws Chain.Unavailable {
            final Chain.Tip tip = chain.tip(trust);
            require(tip.chainId() == trust.chainId(), "WRONG_CHAIN", "the node serves chain " + tip.chainId()
                    + ", the trust file pins chain " + trust.chainId());
            checked.add("rule 19: the node serves chain " + tip.chainId() + " (head block " + tip.head() + ")");
            require(trust.anchorContract().equals(tip.deployedContract()) && tip.deploymentSucceeded(),
                    "TRUST_MISMATCH", "the trust file's deployment transaction " + trust.deploymentTransaction()
                            + " did not create contract " + trust.anchorContract() + " on this chain");
            checked.add("rule 20: transaction " + trust.deploymentTransaction() + " created contract "
                    + trust.anchorContract());
            final List<Chain.Query> queries = bundle.anchors.values().stream()
                    .map(a -> new Chain.Query(a.sequence, a.evmBlock)).toList();
            final Chain.Anchors found = chain.anchors(trust, tip, queries);
            final Map<Long, Chain.Log> logs = new HashMap<>();
            for (final Anchor anchor : bundle.anchors.values()) {
                final Chain.Log log = found.logs().getOrDefault(anchor.sequence, List.of()).stream()
                        .filter(l -> emits(l, anchor)).findFirst().orElse(null);
                require(log != null, "ANCHOR_NOT_ON_CHAIN", "the pinned contract emitted no Anchored("
                        + anchor.sequence + ", " + HEX.formatHex(anchor.anchorHash) + ") in block " + anchor.evmBlock
                        + ", transaction " + anchor.evmTransaction);
                logs.put(anchor.sequence, log);
            }
            checked.add("rule 21: the pinned contract emitted each anchor in the block and transaction named");
            final String depth = trust.finalized() ? "the finalized block " + tip.confirmedBlock()
                    : trust.confirmations() + " confirmations (block " + tip.confirmedBlock() + ")";
            for (final Anchor anchor : bundle.anchors.values()) {
                require(logs.get(anchor.sequence).blockNumber() <= tip.confirmedBlock(), "ANCHOR_NOT_FINAL",
                        "anchor " + anchor.sequence + " in block " + anchor.evmBlock + " is not yet " + depth);
            }
            checked.add("rule 22: every anchor is at least " + depth + " deep");
            final long latest = found.anchorCount() - 1;
            require(latest <= bundle.headsAnchor, "STALE_BUNDLE", "the pinned contract holds anchor " + latest
                    + ", newer than the bundle's heads anchor " + bundle.headsAnchor
                    + ": the device may have moved on; fetch a fresh bundle");
            require(latest >= bundle.headsAnchor, "ANCHOR_NOT_FINAL", "the heads anchor " + bundle.headsAnchor
                    + " is not yet among the contract's confirmed anchors (latest " + latest + ")");
            checked.add("rule 23: anchor " + latest + " is the contract's latest at " + depth);
        }

        private boolean emits(final Chain.Log log, final Anchor anchor) {
            final List<String> topics = log.topics();
            return !log.removed() && log.address().equals(trust.anchorContract())
                    && log.transactionHash().equals(anchor.evmTransaction) && log.blockNumber() == anchor.evmBlock
                    && topics.size() == 3 && topics.get(0).equals(JsonRpcChain.ANCHORED_TOPIC)
                    && topics.get(1).equals(String.format("0x%064x", anchor.sequence))
                    && topics.get(2).equals("0x" + HEX.formatHex(anchor.anchorHash));
        }

        Summary summary() {
            final List<Erasure> summaries = new ArrayList<>();
            for (final Entry erasure : erasures) {
                final JsonNode record = erasure.event.path("details").path("erasure");
                summaries.add(new Erasure(text(record, "reportId"), text(record, "method"),
                        text(record, "technique"), text(record, "standard"), text(record, "result"),
                        text(record.path("verification"), "mode"), stationOf(erasure),
                        text(stations.get(stationOf(erasure)).getFirst().event.path("station"), "algorithm"),
                        text(erasure.event, "txTimestamp")));
            }
            Destruction destruction = null;
            Smelting smelting = null;
            for (final Entry entry : bundle.events) {
                final JsonNode details = entry.event.path("details");
                switch (String.valueOf(text(entry.event, "type"))) {
                    case "STORAGE_DESTROYED" -> destruction = new Destruction(text(details, "method"),
                            text(details, "evidenceSha256"), text(entry.event, "txTimestamp"));
                    case "SMELTED" -> smelting = new Smelting(text(details, "lotId"),
                            text(entry.event, "txTimestamp"));
                    default -> { }
                }
            }
            final JsonNode last = bundle.events.getLast().event;
            return new Summary(bundle.deviceId, bundle.events.size(), text(last, "state"),
                    text(last, "custodianMspId"), List.copyOf(summaries), destruction, smelting);
        }

        private boolean proven(final String key, final Anchor heads) {
            final HeadEntry entry = bundle.heads.get(key);
            return entry != null && HeadMap.verify(new HeadMap.Proof(new HeadMap.Head(key, entry.sequence,
                    entry.leaf), entry.path), heads.headsRoot);
        }

        private static void ordered(final List<Entry> entries, final String what) {
            for (int i = 1; i < entries.size(); i++) {
                require(before(entries.get(i - 1), entries.get(i)), "EVENT_ORDER", "the bundle's " + what
                        + " are not in ledger order: " + entries.get(i).where + " does not follow "
                        + entries.get(i - 1).where);
            }
        }

        private static boolean before(final Entry a, final Entry b) {
            return a.anchor < b.anchor || a.anchor == b.anchor && a.leafIndex < b.leafIndex;
        }

        private static String stationOf(final Entry erasure) {
            return text(erasure.event.path("details").path("erasure"), "stationId");
        }
    }

    /** Rule 18: the station's signature over the canonical record without its signature. */
    static boolean signatureHolds(final JsonNode record, final JsonNode station) {
        final SignatureAlgorithm algorithm = algorithm(text(station, "algorithm"));
        final String key = text(station, "publicKey");
        final String signature = text(record, "signature");
        if (algorithm == null || key == null || signature == null || !record.isObject()) {
            return false;
        }
        try {
            final ObjectNode unsigned = ((ObjectNode) record).deepCopy();
            unsigned.remove("signature");
            return algorithm.verify(Base64.getDecoder().decode(key), CanonicalJson.bytes(unsigned),
                    Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static SignatureAlgorithm algorithm(final String name) {
        for (final SignatureAlgorithm known : SignatureAlgorithm.values()) {
            if (known.name().equals(name)) {
                return known;
            }
        }
        return null;
    }

    private static String describe(final JsonNode event) {
        final String type = text(event, "type");
        return type != null ? type + " " + text(event, "eventId") : text(event, "change") + " "
                + text(event.path("station"), "stationId");
    }

    /** @return the member's text, or null if it is absent or not a string */
    static String text(final JsonNode node, final String member) {
        final JsonNode value = node.path(member);
        return value.isTextual() ? value.asText() : null;
    }

    private static boolean same(final byte[] a, final byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    private static void require(final boolean condition, final String code, final String reason) {
        if (!condition) {
            throw new Rejected(code, reason);
        }
    }

    /** A rule failed. */
    private static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String code;

        Rejected(final String code, final String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    /** One events or registry entry, read by rule 1. */
    private record Entry(String where, JsonNode event, byte[] salt, long anchor, long leafIndex, List<byte[]> path,
            String ledgerTxId, long ledgerBlock) {}

    /** One anchor, read by rule 1. */
    private record Anchor(long sequence, long chainId, String contract, String evmTransaction, long evmBlock,
            byte[] eventsRoot, byte[] headsRoot, byte[] merkleRoot, long firstBlock, long lastBlock, long eventCount,
            byte[] lastBlockHash, byte[] previousAnchor, byte[] anchorHash) {}

    /** One head-map entry, read by rule 1. */
    private record HeadEntry(long sequence, byte[] leaf, List<byte[]> path) {}

    /** Rule 1: a bundle whose every member has its type. */
    private record Bundle(int version, String deviceId, List<Entry> events, List<Entry> registry, SortedMap<Long, Anchor> anchors,
            long headsAnchor, Map<String, HeadEntry> heads) {

        private static final long UINT32 = 0xFFFF_FFFFL;

        static Bundle read(final JsonNode root) {
            malformed(root != null && root.isObject(), "the bundle is not a JSON object");
            malformed(FORMAT.equals(text(root, "format")), "not a WipeTrace proof bundle (format "
                    + root.path("format") + ")");
            final JsonNode version = root.path("version");
            malformed(!(version.isIntegralNumber() && version.asLong() == 1), "version-1 bundles are not accepted:"
                    + " they carried their own contract and station keys; ask for a version-" + VERSION + " bundle");
            malformed(version.isIntegralNumber() && (version.asLong() == VERSION
                    || version.asLong() == PREVIOUS_VERSION), "bundle version " + version + " is not " + VERSION
                    + " (nor " + PREVIOUS_VERSION + ")");
            final String deviceId = text(root, "deviceId");
            malformed(deviceId != null && !deviceId.isEmpty(), "deviceId is not a text");
            malformed(root.path("channel").isTextual(), "channel is not a text");
            final List<Entry> events = entries(root.path("events"), "events", "event");
            final List<Entry> registry = entries(root.path("registry"), "registry", "registry entry");
            final JsonNode anchorsNode = root.path("anchors");
            malformed(anchorsNode.isObject() && anchorsNode.size() <= MAX_ENTRIES, "anchors is not an object of at"
                    + " most " + MAX_ENTRIES + " anchors");
            final SortedMap<Long, Anchor> anchors = new TreeMap<>();
            anchorsNode.fields().forEachRemaining(e -> {
                final Anchor anchor = anchor(e.getValue(), "anchors." + e.getKey());
                malformed(e.getKey().equals(Long.toString(anchor.sequence)), "anchors." + e.getKey()
                        + " has sequence " + anchor.sequence);
                anchors.put(anchor.sequence, anchor);
            });
            final JsonNode headsNode = root.path("heads");
            malformed(headsNode.isObject(), "heads is not an object");
            final long headsAnchor = integer(headsNode, "anchor", "heads", 0, Long.MAX_VALUE);
            final JsonNode entriesNode = headsNode.path("entries");
            malformed(entriesNode.isArray() && entriesNode.size() <= MAX_ENTRIES, "heads.entries is not a list of"
                    + " at most " + MAX_ENTRIES);
            final Map<String, HeadEntry> heads = new HashMap<>();
            for (int i = 0; i < entriesNode.size(); i++) {
                final JsonNode node = entriesNode.get(i);
                final String where = "heads.entries[" + i + "]";
                malformed(node.isObject(), where + " is not an object");
                final String key = text(node, "key");
                malformed(key != null && !key.isEmpty(), where + ".key is not a text");
                final HeadEntry head = new HeadEntry(integer(node, "sequence", where, 0, Long.MAX_VALUE),
                        hash(node, "leaf", where), hashes(node.path("path"), MAX_HEAD_PATH, where + ".path"));
                malformed(heads.put(key, head) == null, "heads.entries holds key " + key + " twice");
            }
            integer(root, "eventsNotYetAnchored", "the bundle", 0, Long.MAX_VALUE);
            return new Bundle(version.asInt(), deviceId, events, registry, anchors, headsAnchor, heads);
        }

        private static List<Entry> entries(final JsonNode array, final String name, final String noun) {
            malformed(array.isArray() && array.size() <= MAX_ENTRIES, name + " is not a list of at most "
                    + MAX_ENTRIES);
            final List<Entry> entries = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                final JsonNode node = array.get(i);
                final String where = name + "[" + i + "]";
                malformed(node.isObject() && node.path("event").isObject(), where + " is not an object with an"
                        + " event object");
                final JsonNode ledger = node.path("ledger");
                malformed(ledger.isObject() && text(ledger, "txId") != null, where + ".ledger has no txId");
                final byte[] salt = hash(node, "salt", where);
                entries.add(new Entry(noun + " " + i, node.path("event"), salt,
                        integer(node, "anchor", where, 0, Long.MAX_VALUE),
                        integer(node, "leafIndex", where, 0, UINT32),
                        hashes(node.path("path"), MAX_EVENT_PATH, where + ".path"), text(ledger, "txId"),
                        integer(ledger, "blockNumber", where + ".ledger", 0, Long.MAX_VALUE)));
            }
            return List.copyOf(entries);
        }

        private static Anchor anchor(final JsonNode node, final String where) {
            malformed(node.isObject(), where + " is not an object");
            final JsonNode fabricTxId = node.path("fabricTxId");
            malformed(fabricTxId.isMissingNode() || fabricTxId.isNull() || fabricTxId.isTextual(), where
                    + ".fabricTxId is not a text");
            return new Anchor(integer(node, "sequence", where, 0, Long.MAX_VALUE),
                    integer(node, "chainId", where, 1, Long.MAX_VALUE), prefixed(node, "contractAddress", 20, where),
                    prefixed(node, "evmTransaction", 32, where), integer(node, "evmBlock", where, 0, Long.MAX_VALUE),
                    hash(node, "eventsRoot", where), node.path("headsRoot").isNull() ? null
                            : hash(node, "headsRoot", where), hash(node, "merkleRoot", where),
                    integer(node, "firstBlock", where, 0, Long.MAX_VALUE),
                    integer(node, "lastBlock", where, 0, Long.MAX_VALUE), integer(node, "eventCount", where, 0, UINT32),
                    hash(node, "lastBlockHash", where), hash(node, "previousAnchor", where),
                    hash(node, "anchorHash", where));
        }

        private static long integer(final JsonNode node, final String member, final String where, final long min,
                final long max) {
            final JsonNode value = node.path(member);
            malformed(value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= min
                    && value.asLong() <= max, where + "." + member + " is not an integer from " + min + " to " + max);
            return value.asLong();
        }

        /** {@code 0x} and hex digits, lower-cased. */
        private static String prefixed(final JsonNode node, final String member, final int length,
                final String where) {
            final String value = text(node, member);
            malformed(value != null && value.startsWith("0x"), where + "." + member + " is not 0x and hex digits");
            hex(value.substring(2), length, where + "." + member);
            return value.toLowerCase(Locale.ROOT);
        }

        private static List<byte[]> hashes(final JsonNode array, final int max, final String where) {
            malformed(array.isArray() && array.size() <= max, where + " is not a list of at most " + max
                    + " hashes");
            final List<byte[]> hashes = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                hashes.add(hex(array.get(i).isTextual() ? array.get(i).asText() : "", 32, where + "[" + i + "]"));
            }
            return hashes;
        }

        private static byte[] hash(final JsonNode node, final String member, final String where) {
            final String value = text(node, member);
            return hex(value == null ? "" : value, 32, where + "." + member);
        }

        private static byte[] hex(final String text, final int length, final String where) {
            boolean hex = text.length() == 2 * length;
            for (int i = 0; hex && i < text.length(); i++) {
                hex = HexFormat.isHexDigit(text.charAt(i));
            }
            malformed(hex, where + " is not " + 2 * length + " hex digits");
            return HEX.parseHex(text);
        }

        private static void malformed(final boolean condition, final String reason) {
            require(condition, "BUNDLE_MALFORMED", reason);
        }
    }
}
