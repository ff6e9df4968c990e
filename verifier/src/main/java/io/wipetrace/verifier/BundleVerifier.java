package io.wipetrace.verifier;

import static io.wipetrace.proof.bundle.ProofBundleJson.text;

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
import io.wipetrace.proof.bundle.ProofBundle;
import io.wipetrace.proof.bundle.ProofBundle.Anchor;
import io.wipetrace.proof.bundle.ProofBundle.Entry;
import io.wipetrace.proof.bundle.ProofBundle.Head;
import io.wipetrace.proof.bundle.ProofBundleJson;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Checks a proof bundle ({@link ProofBundle}, version {@value ProofBundle#VERSION} or
 * {@value ProofBundle#PREVIOUS_VERSION}) against the alliance's trust file and, given a {@link Chain}, the EVM chain:
 * the rules of docs/proof-bundle.md, "Rules the verifiers check", in their order, reporting the first that fails with
 * its code. Rule 1 is {@link ProofBundleJson#read}. Whatever the input, it returns a {@link Result}; nothing escapes.
 */
public final class BundleVerifier {

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
            final ProofBundle parsed = ProofBundleJson.read(bundle);
            checked.add("rule 1: a version-" + parsed.version() + " bundle of device " + parsed.deviceId() + ": "
                    + parsed.events().size() + " events, " + parsed.registry().size() + " registry events, "
                    + parsed.anchors().size() + " anchors");
            final Checks checks = new Checks(parsed, trust, checked);
            checks.offline();
            final Summary summary = checks.summary();
            if (chain == null) {
                return new Result(Verdict.VERIFIED_OFFLINE, null, null, checked, summary);
            }
            checks.onChain(chain);
            return new Result(Verdict.VERIFIED, null, null, checked, summary);
        } catch (ProofBundleJson.Malformed e) {
            return new Result(Verdict.REJECTED, "BUNDLE_MALFORMED", e.getMessage(), checked, null);
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
        private final ProofBundle bundle;
        private final Trust trust;
        private final List<String> checked;
        /** Each entry's place, as the reasons name it: {@code event 3}, {@code registry entry 0}. */
        private final Map<Entry, String> places = new IdentityHashMap<>();
        private final Map<String, Head> proofs = new HashMap<>();
        private final Map<Entry, byte[]> leaves = new IdentityHashMap<>();
        private final List<Entry> erasures = new ArrayList<>();
        private final Map<String, List<Entry>> stations = new LinkedHashMap<>();

        Checks(final ProofBundle bundle, final Trust trust, final List<String> checked) {
            this.bundle = bundle;
            this.trust = trust;
            this.checked = checked;
            for (int i = 0; i < bundle.events().size(); i++) {
                places.put(bundle.events().get(i), "event " + i);
            }
            for (int i = 0; i < bundle.registry().size(); i++) {
                places.put(bundle.registry().get(i), "registry entry " + i);
            }
            bundle.heads().entries().forEach(head -> proofs.put(head.key(), head));
        }

        private String where(final Entry entry) {
            return places.get(entry);
        }

        void offline() {
            final String sequences = bundle.anchors().keySet().stream().map(String::valueOf)
                    .collect(Collectors.joining(", "));
            for (final Anchor anchor : bundle.anchors().values()) {
                require(anchor.chainId() == trust.chainId(), "WRONG_CHAIN", "anchor " + anchor.sequence()
                        + " names chain " + anchor.chainId() + ", the trust file pins chain " + trust.chainId());
            }
            checked.add("rule 2: anchors " + sequences + " name the pinned chain " + trust.chainId());
            for (final Anchor anchor : bundle.anchors().values()) {
                require(anchor.contractAddress().equals(trust.anchorContract()), "WRONG_CONTRACT", "anchor "
                        + anchor.sequence() + " names contract " + anchor.contractAddress() + ", the trust file pins "
                        + trust.anchorContract());
            }
            checked.add("rule 3: they name the pinned contract " + trust.anchorContract());
            for (final Anchor anchor : bundle.anchors().values()) {
                // An anchor made before the head map (version 1) anchored its events root alone.
                require(anchor.headsRoot() == null ? same(anchor.eventsRoot(), anchor.merkleRoot())
                        : same(HeadMap.anchorRoot(anchor.eventsRoot(), anchor.headsRoot()), anchor.merkleRoot()),
                        "ANCHOR_ROOT", "anchor " + anchor.sequence() + ": its merkleRoot is not "
                                + (anchor.headsRoot() == null ? "its eventsRoot (an anchor without a head map)"
                                : "SHA-256(0x02 || eventsRoot || headsRoot)"));
            }
            checked.add("rule 4: each anchor's root commits to its events root and its heads root, if it has one");
            for (final Anchor anchor : bundle.anchors().values()) {
                require(same(AnchorHash.of(anchor.merkleRoot(), anchor.firstBlock(), anchor.lastBlock(),
                        anchor.eventCount(), anchor.lastBlockHash(), anchor.previousAnchor()), anchor.anchorHash()),
                        "ANCHOR_HASH", "anchor " + anchor.sequence()
                                + ": its anchorHash is not keccak256 of its window");
            }
            checked.add("rule 5: each anchor's hash is keccak256 of its window");
            final List<Entry> all = new ArrayList<>(bundle.events());
            all.addAll(bundle.registry());
            for (final Entry entry : all) {
                require(bundle.anchors().containsKey(entry.anchor()), "ANCHOR_MISSING", where(entry) + " names anchor "
                        + entry.anchor() + ", which the bundle does not carry");
            }
            checked.add("rule 6: every entry names an anchor the bundle carries");
            for (final Entry entry : all) {
                final Anchor anchor = bundle.anchors().get(entry.anchor());
                final byte[] leaf = EventLeaf.hash(entry.salt(), PublicForm.canonical(entry.event()));
                leaves.put(entry, leaf);
                require(PublicForm.commitmentsHold(entry.event()), "EVENT_PATH", where(entry) + " ("
                        + describe(entry.event()) + ") carries a text that is not the one its commitment names");
                require(entry.leafIndex() < anchor.eventCount() && anchor.eventCount() <= Integer.MAX_VALUE
                        && MerkleTree.verify(leaf, new InclusionProof((int) entry.leafIndex(),
                                (int) anchor.eventCount(), entry.path()), anchor.eventsRoot()), "EVENT_PATH",
                        where(entry) + " (" + describe(entry.event()) + "): its salted leaf and path do not lead to"
                                + " the events root of anchor " + entry.anchor());
            }
            checked.add("rule 7: " + bundle.events().size() + " events and " + bundle.registry().size()
                    + " registry events lead to their anchors' events roots");
            for (final Entry entry : all) {
                final Anchor anchor = bundle.anchors().get(entry.anchor());
                final long block = entry.ledger().blockNumber();
                require(block >= anchor.firstBlock() && block <= anchor.lastBlock(), "EVENT_LEDGER", where(entry)
                        + ": block " + block + " lies outside anchor " + anchor.sequence() + "'s window "
                        + anchor.firstBlock() + "-" + anchor.lastBlock());
                require(entry.ledger().txId().equals(text(entry.event(), "txId")), "EVENT_LEDGER", where(entry)
                        + ": ledger transaction " + entry.ledger().txId() + " is not the event's");
            }
            checked.add("rule 8: every entry's block lies in its anchor's window and its transaction is the event's");
            require(!bundle.events().isEmpty(), "EVENT_DEVICE", "the bundle has no event");
            for (final Entry entry : bundle.events()) {
                require(bundle.deviceId().equals(text(entry.event(), "deviceId")), "EVENT_DEVICE", where(entry)
                        + " is about device " + text(entry.event(), "deviceId") + ", not " + bundle.deviceId());
            }
            checked.add("rule 9: every event is about device " + bundle.deviceId());
            ordered(bundle.events(), "events");
            ordered(bundle.registry(), "registry entries");
            checked.add("rule 10: events and registry entries are in ledger order");
            for (int i = 0; i < bundle.events().size(); i++) {
                final JsonNode sequence = bundle.events().get(i).event().path("sequence");
                require(sequence.isIntegralNumber() && sequence.canConvertToLong() && sequence.asLong() == i,
                        "EVENT_SEQUENCE", "event " + i + " has sequence " + sequence + ", not " + i);
            }
            checked.add("rule 11: event sequences run 0 to " + (bundle.events().size() - 1) + " without a gap");
            final int chained = chain();
            checked.add("rule 12: " + (chained == 0 ? "no event names its previous one (events written before"
                    + " they did)" : chained + " events name the hash of the event before them"));
            final Anchor heads = bundle.anchors().get(bundle.heads().anchor());
            require(heads != null, "HEAD_PATH", "the heads anchor " + bundle.heads().anchor()
                    + " is not in the bundle");
            require(heads.headsRoot() != null, "HEAD_PATH", "the heads anchor " + heads.sequence()
                    + " has no head map (it was made before head maps were anchored)");
            final String deviceKey = "device:" + bundle.deviceId();
            require(proven(deviceKey, heads), "HEAD_PATH", "the device's head is not proven under the heads root"
                    + " of anchor " + heads.sequence());
            checked.add("rule 13: the device's head is proven under anchor " + heads.sequence() + "'s heads root");
            final Entry last = bundle.events().getLast();
            final Head head = proofs.get(deviceKey);
            require(head.sequence() == bundle.events().size() - 1 && same(head.leaf(), leaves.get(last)),
                    "HEAD_MISMATCH", "as of anchor " + heads.sequence() + " the device's newest event has sequence "
                            + head.sequence()
                            + (head.sequence() == bundle.events().size() - 1 ? " but another leaf" : "")
                            + ": the bundle's history ends at sequence " + (bundle.events().size() - 1));
            checked.add("rule 14: the history is whole as of anchor " + heads.sequence() + ": its newest event is the"
                    + " bundle's last (sequence " + head.sequence() + ")");
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
            for (int i = 0; i < bundle.events().size(); i++) {
                final boolean names = names(bundle.events().get(i).event());
                if (i == 0) {
                    require(!names, "EVENT_CHAIN", "event 0 names a previous event");
                    continue;
                }
                final JsonNode previous = bundle.events().get(i - 1).event();
                if (names) {
                    final JsonNode named = bundle.events().get(i).event().path(PublicForm.PREVIOUS_EVENT_HASH);
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
            for (final Entry entry : bundle.events()) {
                if (ERASURE.equals(text(entry.event(), "type"))) {
                    erasures.add(entry);
                }
            }
            if (erasures.isEmpty()) {
                checked.add("rules 15-18: no erasure recorded, no station to prove");
                return;
            }
            final Map<String, List<Entry>> byStation = new HashMap<>();
            for (final Entry entry : bundle.registry()) {
                final String station = text(entry.event().path("station"), "stationId");
                if (station != null) {
                    byStation.computeIfAbsent(station, s -> new ArrayList<>()).add(entry);
                }
            }
            for (final Entry erasure : erasures) {
                final String station = stationOf(erasure);
                final List<Entry> events = byStation.getOrDefault(station, List.of());
                require(events.stream().anyMatch(e -> REGISTERED.equals(text(e.event(), "change"))),
                        "STATION_UNPROVEN", where(erasure) + "'s erasure names station " + station
                                + ", whose registration the bundle does not carry");
                stations.put(station, events);
            }
            checked.add("rule 15: the erasures' stations " + String.join(", ", stations.keySet())
                    + " have anchored registrations");
            final Anchor heads = bundle.anchors().get(bundle.heads().anchor());
            for (final Map.Entry<String, List<Entry>> station : stations.entrySet()) {
                final List<Entry> events = station.getValue();
                final String key = "station:" + station.getKey();
                require(proven(key, heads), "STATION_HEAD", "station " + station.getKey()
                        + "'s head is not proven under the heads root of anchor " + heads.sequence());
                final Head head = proofs.get(key);
                require(head.sequence() == events.size() - 1 && same(head.leaf(), leaves.get(events.getLast())),
                        "STATION_HEAD", "as of anchor " + heads.sequence() + " station " + station.getKey() + " has "
                                + (head.sequence() + 1) + " registry events; its newest is not the bundle's last");
                require(REGISTERED.equals(text(events.getFirst().event(), "change")) && (events.size() == 1
                        || events.size() == 2 && REVOKED.equals(text(events.get(1).event(), "change"))),
                        "STATION_HEAD", "station " + station.getKey() + "'s registry events are not a registration"
                                + " then at most a revocation");
            }
            checked.add("rule 16: the stations' registry histories are whole as of anchor " + heads.sequence());
            for (final Entry erasure : erasures) {
                final List<Entry> events = stations.get(stationOf(erasure));
                require(before(events.getFirst(), erasure), "STATION_NOT_VALID", "station " + stationOf(erasure)
                        + " was registered after " + where(erasure) + "'s erasure");
                require(events.size() == 1 || before(erasure, events.get(1)), "STATION_NOT_VALID", "station "
                        + stationOf(erasure) + " was revoked before " + where(erasure) + "'s erasure");
            }
            checked.add("rule 17: each station was registered and not revoked when it signed");
            final List<String> signed = new ArrayList<>();
            for (final Entry erasure : erasures) {
                final JsonNode record = erasure.event().path("details").path("erasure");
                final JsonNode station = stations.get(stationOf(erasure)).getFirst().event().path("station");
                require(signatureHolds(record, station), "SIGNATURE_INVALID", "the signature of " + where(erasure)
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
            final List<Chain.Query> queries = bundle.anchors().values().stream()
                    .map(a -> new Chain.Query(a.sequence(), a.evmBlock())).toList();
            final Chain.Anchors found = chain.anchors(trust, tip, queries);
            final Map<Long, Chain.Log> logs = new HashMap<>();
            for (final Anchor anchor : bundle.anchors().values()) {
                final Chain.Log log = found.logs().getOrDefault(anchor.sequence(), List.of()).stream()
                        .filter(l -> emits(l, anchor)).findFirst().orElse(null);
                require(log != null, "ANCHOR_NOT_ON_CHAIN", "the pinned contract emitted no Anchored("
                        + anchor.sequence() + ", " + HEX.formatHex(anchor.anchorHash()) + ") in block "
                        + anchor.evmBlock() + ", transaction " + anchor.evmTransaction());
                logs.put(anchor.sequence(), log);
            }
            checked.add("rule 21: the pinned contract emitted each anchor in the block and transaction named");
            final String depth = trust.finalized() ? "the finalized block " + tip.confirmedBlock()
                    : trust.confirmations() + " confirmations (block " + tip.confirmedBlock() + ")";
            for (final Anchor anchor : bundle.anchors().values()) {
                require(logs.get(anchor.sequence()).blockNumber() <= tip.confirmedBlock(), "ANCHOR_NOT_FINAL",
                        "anchor " + anchor.sequence() + " in block " + anchor.evmBlock() + " is not yet " + depth);
            }
            checked.add("rule 22: every anchor is at least " + depth + " deep");
            final long latest = found.anchorCount() - 1;
            require(latest <= bundle.heads().anchor(), "STALE_BUNDLE", "the pinned contract holds anchor " + latest
                    + ", newer than the bundle's heads anchor " + bundle.heads().anchor()
                    + ": the device may have moved on; fetch a fresh bundle");
            require(latest >= bundle.heads().anchor(), "ANCHOR_NOT_FINAL", "the heads anchor " + bundle.heads().anchor()
                    + " is not yet among the contract's confirmed anchors (latest " + latest + ")");
            checked.add("rule 23: anchor " + latest + " is the contract's latest at " + depth);
        }

        private boolean emits(final Chain.Log log, final Anchor anchor) {
            final List<String> topics = log.topics();
            return !log.removed() && log.address().equals(trust.anchorContract())
                    && log.transactionHash().equals(anchor.evmTransaction()) && log.blockNumber() == anchor.evmBlock()
                    && topics.size() == 3 && topics.get(0).equals(JsonRpcChain.ANCHORED_TOPIC)
                    && topics.get(1).equals(String.format("0x%064x", anchor.sequence()))
                    && topics.get(2).equals("0x" + HEX.formatHex(anchor.anchorHash()));
        }

        Summary summary() {
            final List<Erasure> summaries = new ArrayList<>();
            for (final Entry erasure : erasures) {
                final JsonNode record = erasure.event().path("details").path("erasure");
                summaries.add(new Erasure(text(record, "reportId"), text(record, "method"),
                        text(record, "technique"), text(record, "standard"), text(record, "result"),
                        text(record.path("verification"), "mode"), stationOf(erasure),
                        text(stations.get(stationOf(erasure)).getFirst().event().path("station"), "algorithm"),
                        text(erasure.event(), "txTimestamp")));
            }
            Destruction destruction = null;
            Smelting smelting = null;
            for (final Entry entry : bundle.events()) {
                final JsonNode details = entry.event().path("details");
                switch (String.valueOf(text(entry.event(), "type"))) {
                    case "STORAGE_DESTROYED" -> destruction = new Destruction(text(details, "method"),
                            text(details, "evidenceSha256"), text(entry.event(), "txTimestamp"));
                    case "SMELTED" -> smelting = new Smelting(text(details, "lotId"),
                            text(entry.event(), "txTimestamp"));
                    default -> { }
                }
            }
            final JsonNode last = bundle.events().getLast().event();
            return new Summary(bundle.deviceId(), bundle.events().size(), text(last, "state"),
                    text(last, "custodianMspId"), List.copyOf(summaries), destruction, smelting);
        }

        private boolean proven(final String key, final Anchor heads) {
            final Head entry = proofs.get(key);
            return entry != null && HeadMap.verify(new HeadMap.Proof(new HeadMap.Head(key, entry.sequence(),
                    entry.leaf()), entry.path()), heads.headsRoot());
        }

        private void ordered(final List<Entry> entries, final String what) {
            for (int i = 1; i < entries.size(); i++) {
                require(before(entries.get(i - 1), entries.get(i)), "EVENT_ORDER", "the bundle's " + what
                        + " are not in ledger order: " + where(entries.get(i)) + " does not follow "
                        + where(entries.get(i - 1)));
            }
        }

        private static boolean before(final Entry a, final Entry b) {
            return a.anchor() < b.anchor() || a.anchor() == b.anchor() && a.leafIndex() < b.leafIndex();
        }

        private static String stationOf(final Entry erasure) {
            return text(erasure.event().path("details").path("erasure"), "stationId");
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
}
