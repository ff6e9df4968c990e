package io.wipetrace.tools.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.bundle.ProofBundle;
import io.wipetrace.proof.bundle.ProofBundleJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Makes the conformance corpus from genuine bundles (see the package description).
 *
 * <p>{@code java io.wipetrace.tools.conformance.Corpus <directory of genuine bundles> <corpus directory>} writes one
 * file per case, {@code <bundle>--<tampering>.json}, and {@code expected.json}: {@code [{file, verdict, code,
 * offlineVerdict, offlineCode}]}.
 */
public final class Corpus {

    /** The verdict of a case every rule holds for. */
    public static final String VERIFIED = "VERIFIED";
    /** The verdict of a case every rule but the chain's holds for, checked offline. */
    public static final String VERIFIED_OFFLINE = "VERIFIED_OFFLINE";
    /** The verdict of a case a rule fails for. */
    public static final String REJECTED = "REJECTED";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final String ZEROS = "00".repeat(32);

    /**
     * One case of the corpus.
     *
     * @param name the genuine bundle's name and the tampering's, {@code <bundle>--<tampering>}
     * @param bundle the bundle to check
     * @param expectedVerdict {@link #VERIFIED} or {@link #REJECTED}, checked with a node of the genuine chain
     * @param expectedCode the first failing rule's code, or null
     * @param chainOnly whether only the chain's rules (18 to 22) catch it: offline it verifies
     */
    public record Case(String name, JsonNode bundle, String expectedVerdict, String expectedCode,
            boolean chainOnly) {

        /** @return the verdict when checked offline */
        public String expectedOfflineVerdict() {
            return expectedCode == null || chainOnly ? VERIFIED_OFFLINE : REJECTED;
        }

        /** @return the code when checked offline, or null */
        public String expectedOfflineCode() {
            return chainOnly ? null : expectedCode;
        }
    }

    /** A change to a genuine bundle and the first rule it breaks. */
    private record Tampering(String name, String code, boolean chainOnly, Consumer<ObjectNode> change) {}

    private Corpus() {}

    /**
     * @param genuineBundle a genuine version-3 bundle (verified on chain), left unchanged
     * @param name its name in the corpus
     * @return the genuine case first, then every tampering the bundle allows
     */
    public static List<Case> make(final JsonNode genuineBundle, final String name) {
        final List<Case> cases = new ArrayList<>();
        cases.add(new Case(name + "--genuine", genuineBundle.deepCopy(), VERIFIED, null, false));
        for (final Tampering tampering : tamperings(new Shape(genuineBundle))) {
            final ObjectNode bundle = genuineBundle.deepCopy();
            tampering.change().accept(bundle);
            cases.add(new Case(name + "--" + tampering.name(), bundle, tampering.code() == null ? VERIFIED : REJECTED,
                    tampering.code(), tampering.chainOnly()));
        }
        return List.copyOf(cases);
    }

    /**
     * Writes cases: one file each and {@code expected.json}.
     *
     * @param cases the cases
     * @param directory where, created if need be
     * @throws IOException if a file cannot be written
     */
    public static void write(final List<Case> cases, final Path directory) throws IOException {
        Files.createDirectories(directory);
        final ArrayNode expected = JSON.createArrayNode();
        for (final Case c : cases) {
            final String file = c.name() + ".json";
            Files.writeString(directory.resolve(file), c.bundle().toString(), StandardCharsets.UTF_8);
            expected.addObject().put("file", file).put("verdict", c.expectedVerdict()).put("code", c.expectedCode())
                    .put("offlineVerdict", c.expectedOfflineVerdict()).put("offlineCode", c.expectedOfflineCode());
        }
        Files.writeString(directory.resolve("expected.json"),
                JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(expected) + "\n",
                StandardCharsets.UTF_8);
    }

    /**
     * @param args the directory of genuine bundles ({@code *.json}), then the corpus directory
     * @throws IOException if a bundle cannot be read or the corpus written
     */
    public static void main(final String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Corpus <directory of genuine bundles> <corpus directory>");
            System.exit(2);
        }
        final List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(args[0]))) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                final String name = file.getFileName().toString().replaceFirst("\\.json$", "");
                cases.addAll(make(JSON.readTree(file.toFile()), name));
            }
        }
        write(cases, Path.of(args[1]));
        System.out.println(cases.size() + " cases written to " + args[1]);
    }

    /** What a genuine bundle holds, for choosing and placing tamperings. */
    private static final class Shape {
        final int events;
        final int eventPath;
        final int deviceHeadPath;
        final String firstAnchor;
        final long headsAnchor;
        final List<String> anchors = new ArrayList<>();
        final int erasure;
        final int registration;
        final int revocation;
        final int deviceHead;
        final int stationHead;
        final boolean chained;
        final String otherAnchor;
        final boolean firstAnchorHeadMapped;

        Shape(final JsonNode genuine) {
            final ProofBundle bundle = ProofBundleJson.read(genuine);
            final List<ProofBundle.Entry> entries = bundle.events();
            events = entries.size();
            // Events 1 and 2 name their previous events: the chain rule has something to catch.
            chained = events >= 3 && entries.get(1).event().has(PublicForm.PREVIOUS_EVENT_HASH)
                    && entries.get(2).event().has(PublicForm.PREVIOUS_EVENT_HASH);
            eventPath = entries.getFirst().path().size();
            firstAnchor = Long.toString(entries.getFirst().anchor());
            firstAnchorHeadMapped = bundle.anchors().get(entries.getFirst().anchor()).headsRoot() != null;
            headsAnchor = bundle.heads().anchor();
            bundle.anchors().keySet().forEach(sequence -> anchors.add(Long.toString(sequence)));
            otherAnchor = bundle.anchors().values().stream().filter(a -> a.sequence() != headsAnchor
                    && a.headsRoot() != null).map(a -> Long.toString(a.sequence())).findFirst().orElse(null);
            erasure = index(entries, e -> "ERASURE_RECORDED".equals(e.event().path("type").asText()));
            final String station = erasure < 0 ? null
                    : entries.get(erasure).event().at("/details/erasure/stationId").asText();
            registration = index(bundle.registry(), e -> station != null
                    && station.equals(e.event().at("/station/stationId").asText())
                    && "STATION_REGISTERED".equals(e.event().path("change").asText()));
            revocation = index(bundle.registry(), e -> station != null
                    && station.equals(e.event().at("/station/stationId").asText())
                    && "STATION_REVOKED".equals(e.event().path("change").asText()));
            final List<ProofBundle.Head> heads = bundle.heads().entries();
            deviceHead = index(heads, h -> h.key().equals("device:" + bundle.deviceId()));
            deviceHeadPath = deviceHead < 0 ? 0 : heads.get(deviceHead).path().size();
            stationHead = index(heads, h -> h.key().equals("station:" + station));
        }

        private static <T> int index(final List<T> list, final Predicate<T> test) {
            for (int i = 0; i < list.size(); i++) {
                if (test.test(list.get(i))) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** The tamperings, in rule order, each with the code of the first rule it breaks. */
    private static List<Tampering> tamperings(final Shape shape) {
        final List<Tampering> all = new ArrayList<>();
        final String anchor = "/anchors/" + shape.firstAnchor;
        final String event = "/events/0";
        final String deviceHead = "/heads/entries/" + shape.deviceHead;
        final String stationHead = "/heads/entries/" + shape.stationHead;
        // Rule 1.
        all.add(new Tampering("format-changed", "BUNDLE_MALFORMED", false, b -> b.put("format", "wipetrace-bundle")));
        all.add(new Tampering("version-1", "BUNDLE_MALFORMED", false, b -> b.put("version", 1)));
        all.add(new Tampering("version-4", "BUNDLE_MALFORMED", false, b -> b.put("version", 4)));
        all.add(new Tampering("anchor-heads-root-missing", "BUNDLE_MALFORMED", false, b -> object(b, anchor)
                .remove("headsRoot")));
        all.add(new Tampering("events-missing", "BUNDLE_MALFORMED", false, b -> b.remove("events")));
        all.add(new Tampering("salt-not-hex", "BUNDLE_MALFORMED", false, b -> object(b, event)
                .put("salt", "g".repeat(64))));
        all.add(new Tampering("anchor-sequence-not-its-key", "BUNDLE_MALFORMED", false, b -> object(b, anchor)
                .put("sequence", object(b, anchor).path("sequence").asLong() + 1000)));
        all.add(new Tampering("head-entry-twice", "BUNDLE_MALFORMED", false, b -> array(b, "/heads/entries")
                .add(b.at(deviceHead).deepCopy())));
        // Rules 2 to 5: the anchors.
        all.add(new Tampering("anchor-chain-id-changed", "WRONG_CHAIN", false, b -> object(b, anchor)
                .put("chainId", object(b, anchor).path("chainId").asLong() + 1)));
        all.add(new Tampering("anchor-contract-changed", "WRONG_CONTRACT", false, b -> object(b, anchor)
                .put("contractAddress", "0x" + "5a".repeat(20))));
        for (final String root : List.of("eventsRoot", "headsRoot", "merkleRoot")) {
            if (shape.firstAnchorHeadMapped || !"headsRoot".equals(root)) {
                all.add(new Tampering("anchor-" + kebab(root) + "-changed", "ANCHOR_ROOT", false,
                        b -> flip(object(b, anchor), root)));
            }
        }
        // An anchor made before head maps (version 1) commits to its events root alone.
        if (shape.firstAnchorHeadMapped) {
            all.add(new Tampering("anchor-heads-root-removed-root-kept", "ANCHOR_ROOT", false, b -> object(b, anchor)
                    .putNull("headsRoot")));
        } else {
            all.add(new Tampering("anchor-heads-root-added-root-kept", "ANCHOR_ROOT", false, b -> object(b, anchor)
                    .put("headsRoot", ZEROS)));
        }
        if (shape.otherAnchor != null) {
            // Rules 4 and 13 hold for an anchor without head map that is not the heads anchor: only the chain,
            // which never anchored that hash, tells it from a genuine version-1 anchor.
            all.add(new Tampering("other-anchor-as-made-before-head-maps", "ANCHOR_NOT_ON_CHAIN", true,
                    b -> withoutHeadMap(object(b, "/anchors/" + shape.otherAnchor))));
        }
        all.add(new Tampering("heads-anchor-as-made-before-head-maps", "HEAD_PATH", false,
                b -> withoutHeadMap(object(b, "/anchors/" + shape.headsAnchor))));
        for (final String number : List.of("firstBlock", "lastBlock", "eventCount")) {
            all.add(new Tampering("anchor-" + kebab(number) + "-changed", "ANCHOR_HASH", false, b -> object(b, anchor)
                    .put(number, object(b, anchor).path(number).asLong() + 1)));
        }
        for (final String hash : List.of("lastBlockHash", "previousAnchor", "anchorHash")) {
            all.add(new Tampering("anchor-" + kebab(hash) + "-changed", "ANCHOR_HASH", false,
                    b -> flip(object(b, anchor), hash)));
        }
        // Consistent with its own hash, so only the chain, which never anchored that hash, catches it.
        all.add(new Tampering("anchor-last-block-hash-changed-and-rehashed", "ANCHOR_NOT_ON_CHAIN", true, b -> {
            flip(object(b, anchor), "lastBlockHash");
            rehash(object(b, anchor));
        }));
        all.add(new Tampering("anchor-evm-transaction-changed", "ANCHOR_NOT_ON_CHAIN", true, b -> object(b, anchor)
                .put("evmTransaction", "0x" + "ee".repeat(32))));
        all.add(new Tampering("anchor-evm-block-changed", "ANCHOR_NOT_ON_CHAIN", true, b -> object(b, anchor)
                .put("evmBlock", object(b, anchor).path("evmBlock").asLong() + 1)));
        // Rules 6 to 11: the entries.
        all.add(new Tampering("anchor-removed", "ANCHOR_MISSING", false,
                b -> object(b, "/anchors").remove(shape.firstAnchor)));
        all.add(new Tampering("event-names-an-unknown-anchor", "ANCHOR_MISSING", false, b -> object(b, event)
                .put("anchor", shape.anchors.stream().mapToLong(Long::parseLong).max().orElse(0) + 1000)));
        all.add(new Tampering("event-salt-changed", "EVENT_PATH", false, b -> flip(object(b, event), "salt")));
        all.add(new Tampering("event-leaf-index-changed", "EVENT_PATH", false, b -> object(b, event)
                .put("leafIndex", b.at(event + "/leafIndex").asLong() + 1)));
        if (shape.eventPath > 0) {
            all.add(new Tampering("event-path-hash-changed", "EVENT_PATH", false,
                    b -> array(b, event + "/path").set(0, JSON.getNodeFactory().textNode(ZEROS))));
            all.add(new Tampering("event-path-truncated", "EVENT_PATH", false,
                    b -> array(b, event + "/path").remove(array(b, event + "/path").size() - 1)));
        }
        if (shape.eventPath < 32) {
            all.add(new Tampering("event-path-extended", "EVENT_PATH", false,
                    b -> array(b, event + "/path").add(ZEROS)));
        }
        all.add(new Tampering("event-device-id-swapped", "EVENT_PATH", false, b -> object(b, event + "/event")
                .put("deviceId", "DEV-SWAPPED-00000001")));
        all.add(new Tampering("event-tx-id-swapped", "EVENT_PATH", false, b -> object(b, event + "/event")
                .put("txId", "f".repeat(64))));
        all.add(new Tampering("event-type-changed", "EVENT_PATH", false, b -> object(b, event + "/event")
                .put("type", "REFURBISHED")));
        all.add(new Tampering("ledger-block-outside-window", "EVENT_LEDGER", false, b -> object(b, event + "/ledger")
                .put("blockNumber", b.at(anchor + "/lastBlock").asLong() + 1)));
        all.add(new Tampering("ledger-tx-id-changed", "EVENT_LEDGER", false, b -> object(b, event + "/ledger")
                .put("txId", "0".repeat(64))));
        all.add(new Tampering("device-id-changed", "EVENT_DEVICE", false, b -> b.put("deviceId",
                "DEV-ANOTHER-DEVICE-01")));
        all.add(new Tampering("events-emptied", "EVENT_DEVICE", false, b -> b.putArray("events")));
        if (shape.events >= 2) {
            all.add(new Tampering("events-reversed", "EVENT_ORDER", false, b -> {
                final List<JsonNode> reversed = new ArrayList<>();
                b.path("events").forEach(reversed::addFirst);
                b.putArray("events").addAll(reversed);
            }));
            all.add(new Tampering("first-event-dropped", "EVENT_SEQUENCE", false, b -> array(b, "/events").remove(0)));
            all.add(new Tampering("last-event-dropped", "HEAD_MISMATCH", false,
                    b -> array(b, "/events").remove(shape.events - 1)));
        }
        all.add(new Tampering("last-event-twice", "EVENT_ORDER", false, b -> array(b, "/events")
                .add(b.path("events").get(shape.events - 1).deepCopy())));
        if (shape.events >= 3) {
            all.add(new Tampering("middle-event-dropped", "EVENT_SEQUENCE", false,
                    b -> array(b, "/events").remove(shape.events / 2)));
        }
        // Rule 12: each event names the one before it. Every event is in an anchored leaf, so only an anchor that
        // commits to events the chaincode never wrote gets past rules 7 to 11: an events root recomputed over a
        // changed event (which the chain, too, would refuse; the chain rule catches it offline and first).
        if (shape.chained) {
            all.add(new Tampering("first-event-changed-and-re-rooted", "EVENT_CHAIN", false, b -> {
                object(b, event + "/event").put("siteId", "SITE-FORGED");
                reroot(b);
            }));
            all.add(new Tampering("first-event-names-a-previous-and-re-rooted", "EVENT_CHAIN", false, b -> {
                object(b, event + "/event").put(PublicForm.PREVIOUS_EVENT_HASH, ZEROS);
                reroot(b);
            }));
            all.add(new Tampering("first-two-events-swapped-sequences-rewritten-and-re-rooted", "EVENT_CHAIN", false,
                    b -> {
                        final ObjectNode first = object(b, "/events/0/event").deepCopy();
                        final ObjectNode second = object(b, "/events/1/event").deepCopy();
                        second.put("sequence", 0);
                        first.put("sequence", 1);
                        object(b, "/events/0").set("event", second);
                        object(b, "/events/1").set("event", first);
                        object(b, "/events/0/ledger").put("txId", second.path("txId").asText());
                        object(b, "/events/1/ledger").put("txId", first.path("txId").asText());
                        reroot(b);
                    }));
        }
        // Rules 13 and 14: the device's head.
        all.add(new Tampering("device-head-sequence-changed", "HEAD_PATH", false, b -> object(b, deviceHead)
                .put("sequence", b.at(deviceHead + "/sequence").asLong() + 1)));
        all.add(new Tampering("device-head-leaf-changed", "HEAD_PATH", false, b -> flip(object(b, deviceHead),
                "leaf")));
        if (shape.deviceHeadPath > 0) {
            all.add(new Tampering("device-head-path-truncated", "HEAD_PATH", false,
                    b -> array(b, deviceHead + "/path").remove(shape.deviceHeadPath - 1)));
        }
        all.add(new Tampering("device-head-path-extended", "HEAD_PATH", false, b -> array(b, deviceHead + "/path")
                .add(ZEROS)));
        all.add(new Tampering("device-head-removed", "HEAD_PATH", false, b -> array(b, "/heads/entries")
                .remove(shape.deviceHead)));
        all.add(new Tampering("heads-anchor-not-carried", "HEAD_PATH", false, b -> object(b, "/heads")
                .put("anchor", shape.headsAnchor + 1000)));
        shape.anchors.stream().filter(a -> Long.parseLong(a) != shape.headsAnchor).findFirst().ifPresent(other ->
                all.add(new Tampering("heads-anchor-changed", "HEAD_PATH", false, b -> object(b, "/heads")
                        .put("anchor", Long.parseLong(other)))));
        // Rules 14 to 17: the erasure, its station and its signature.
        if (shape.erasure >= 0) {
            final String erasure = "/events/" + shape.erasure + "/event/details/erasure";
            if (shape.events >= 2) {
                all.add(new Tampering("erasure-event-dropped", shape.erasure == shape.events - 1 ? "HEAD_MISMATCH"
                        : "EVENT_SEQUENCE", false, b -> array(b, "/events").remove(shape.erasure)));
            }
            all.add(new Tampering("erasure-result-changed", "EVENT_PATH", false, b -> object(b, erasure)
                    .put("result", "ERASED".equals(b.at(erasure + "/result").asText()) ? "NOT_ERASED" : "ERASED")));
            all.add(new Tampering("erasure-signature-replaced", "EVENT_PATH", false, b -> object(b, erasure)
                    .put("signature", "AAAA")));
            all.add(new Tampering("erasure-station-changed", "EVENT_PATH", false, b -> object(b, erasure)
                    .put("stationId", "ST-FORGED")));
            all.add(new Tampering("registry-emptied", "STATION_UNPROVEN", false, b -> b.putArray("registry")));
        }
        if (shape.registration >= 0) {
            final String registration = "/registry/" + shape.registration;
            all.add(new Tampering("station-registration-dropped", "STATION_UNPROVEN", false,
                    b -> array(b, "/registry").remove(shape.registration)));
            all.add(new Tampering("station-public-key-replaced", "EVENT_PATH", false,
                    b -> object(b, registration + "/event/station").put("publicKey", "MCowBQYDK2VwAyEA"
                            + "A".repeat(43) + "=")));
            all.add(new Tampering("station-algorithm-changed", "EVENT_PATH", false,
                    b -> object(b, registration + "/event/station").put("algorithm",
                            "SM2".equals(object(b, registration + "/event/station").path("algorithm").asText())
                                    ? "ECDSA_P256" : "SM2")));
            all.add(new Tampering("registry-entry-twice", "EVENT_ORDER", false, b -> array(b, "/registry")
                    .add(b.at(registration).deepCopy())));
        }
        if (shape.revocation >= 0) {
            all.add(new Tampering("station-revocation-dropped", "STATION_HEAD", false,
                    b -> array(b, "/registry").remove(shape.revocation)));
        }
        if (shape.stationHead >= 0) {
            all.add(new Tampering("station-head-sequence-changed", "STATION_HEAD", false, b -> object(b, stationHead)
                    .put("sequence", b.at(stationHead + "/sequence").asLong() + 1)));
            all.add(new Tampering("station-head-leaf-changed", "STATION_HEAD", false,
                    b -> flip(object(b, stationHead), "leaf")));
            all.add(new Tampering("station-head-removed", "STATION_HEAD", false, b -> array(b, "/heads/entries")
                    .remove(shape.stationHead)));
        }
        // Members no hash covers and no rule reads.
        all.add(new Tampering("events-not-yet-anchored-changed", null, false, b -> b.put("eventsNotYetAnchored",
                b.path("eventsNotYetAnchored").asLong() + 7)));
        all.add(new Tampering("version-1-erasure-section-added", null, false, b -> b.putObject("erasure")
                .putObject("station").put("stationId", "ST-FORGED").put("publicKey", "AAAA")));
        return all;
    }

    private static ObjectNode object(final JsonNode bundle, final String pointer) {
        return (ObjectNode) bundle.at(pointer);
    }

    private static ArrayNode array(final JsonNode bundle, final String pointer) {
        return (ArrayNode) bundle.at(pointer);
    }

    /** Changes a hash's last hex digit. */
    private static void flip(final ObjectNode node, final String member) {
        final String hash = node.path(member).asText();
        final char last = hash.charAt(hash.length() - 1);
        node.put(member, hash.substring(0, hash.length() - 1) + (last == '0' ? '1' : '0'));
    }

    /** Makes an anchor look made before head maps: no heads root, its root its events root, its hash to match. */
    private static void withoutHeadMap(final ObjectNode anchor) {
        anchor.putNull("headsRoot").put("merkleRoot", anchor.path("eventsRoot").asText());
        rehash(anchor);
    }

    /** A subtree of a window's events tree: leaves {@code from} (inclusive) to {@code to} (exclusive). */
    private record Span(long from, long to) {}

    /**
     * Recomputes every anchor's events root, root and hash, and every entry's path, from the entries' (changed)
     * events and the sibling hashes their paths carry: what an anchoring service that anchored those events would
     * have published.
     */
    private static void reroot(final ObjectNode bundle) {
        final Map<Long, List<ObjectNode>> byAnchor = new HashMap<>();
        for (final String list : List.of("events", "registry")) {
            bundle.path(list).forEach(e -> byAnchor.computeIfAbsent(e.path("anchor").asLong(), a -> new ArrayList<>())
                    .add((ObjectNode) e));
        }
        byAnchor.forEach((sequence, entries) -> {
            final ObjectNode anchor = object(bundle, "/anchors/" + sequence);
            final long size = anchor.path("eventCount").asLong();
            final Map<Span, byte[]> siblings = new HashMap<>();
            final Map<Long, byte[]> leaves = new HashMap<>();
            for (final ObjectNode entry : entries) {
                final long index = entry.path("leafIndex").asLong();
                final List<Span> spans = siblings(index, 0, size);
                for (int i = 0; i < spans.size(); i++) {
                    siblings.putIfAbsent(spans.get(i), HEX.parseHex(entry.path("path").path(i).asText()));
                }
                leaves.put(index, EventLeaf.hash(HEX.parseHex(entry.path("salt").asText()),
                        PublicForm.canonical(entry.path("event"))));
            }
            final Tree tree = new Tree(leaves, siblings, new HashMap<>());
            final byte[] eventsRoot = tree.hash(new Span(0, size));
            for (final ObjectNode entry : entries) {
                final ArrayNode path = entry.putArray("path");
                siblings(entry.path("leafIndex").asLong(), 0, size)
                        .forEach(span -> path.add(HEX.formatHex(tree.hash(span))));
            }
            anchor.put("eventsRoot", HEX.formatHex(eventsRoot));
            final JsonNode headsRoot = anchor.path("headsRoot");
            anchor.put("merkleRoot", HEX.formatHex(headsRoot.isNull() ? eventsRoot
                    : HeadMap.anchorRoot(eventsRoot, HEX.parseHex(headsRoot.asText()))));
            rehash(anchor);
        });
    }

    /** The subtrees whose hashes make leaf {@code index}'s RFC 9162 inclusion path in {@code [from, to)}, leaf up. */
    private static List<Span> siblings(final long index, final long from, final long to) {
        if (to - from <= 1) {
            return new ArrayList<>();
        }
        final long split = from + Long.highestOneBit(to - from - 1);
        final List<Span> below = index < split ? siblings(index, from, split) : siblings(index, split, to);
        below.add(index < split ? new Span(split, to) : new Span(from, split));
        return below;
    }

    /**
     * The part of a window's events tree a bundle knows: its entries' leaves and the sibling hashes of their paths.
     *
     * @param leaves each entry's leaf by index
     * @param siblings the paths' hashes by subtree
     * @param computed subtree hashes computed so far
     */
    private record Tree(Map<Long, byte[]> leaves, Map<Span, byte[]> siblings, Map<Span, byte[]> computed) {

        /** A subtree's hash: from its halves if it holds an entry's leaf, else as a path names it. */
        byte[] hash(final Span span) {
            if (leaves.keySet().stream().noneMatch(i -> i >= span.from() && i < span.to())) {
                final byte[] known = siblings.get(span);
                if (known == null) {
                    throw new IllegalStateException("no path of the bundle names subtree " + span);
                }
                return known;
            }
            if (span.to() - span.from() == 1) {
                return leaves.get(span.from());
            }
            final byte[] done = computed.get(span);
            if (done != null) {
                return done;
            }
            final long split = span.from() + Long.highestOneBit(span.to() - span.from() - 1);
            final byte[] hash = MerkleTree.nodeHash(hash(new Span(span.from(), split)), hash(new Span(split,
                    span.to())));
            computed.put(span, hash);
            return hash;
        }
    }

    /** Recomputes an anchor's hash from its (changed) window. */
    private static void rehash(final ObjectNode anchor) {
        anchor.put("anchorHash", HEX.formatHex(AnchorHash.of(HEX.parseHex(anchor.path("merkleRoot").asText()),
                anchor.path("firstBlock").asLong(), anchor.path("lastBlock").asLong(),
                anchor.path("eventCount").asLong(), HEX.parseHex(anchor.path("lastBlockHash").asText()),
                HEX.parseHex(anchor.path("previousAnchor").asText()))));
    }

    private static String kebab(final String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
