package io.wipetrace.tools.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
     * @param genuineBundle a genuine version-2 bundle (verified on chain), left unchanged
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

        Shape(final JsonNode bundle) {
            events = bundle.path("events").size();
            eventPath = bundle.at("/events/0/path").size();
            firstAnchor = bundle.path("events").path(0).path("anchor").asText();
            headsAnchor = bundle.path("heads").path("anchor").asLong();
            bundle.path("anchors").fieldNames().forEachRemaining(anchors::add);
            erasure = index(bundle.path("events"), e -> "ERASURE_RECORDED".equals(e.at("/event/type").asText()));
            final String station = erasure < 0 ? null
                    : bundle.path("events").get(erasure).at("/event/details/erasure/stationId").asText();
            registration = index(bundle.path("registry"), e -> station != null
                    && station.equals(e.at("/event/station/stationId").asText())
                    && "STATION_REGISTERED".equals(e.at("/event/change").asText()));
            revocation = index(bundle.path("registry"), e -> station != null
                    && station.equals(e.at("/event/station/stationId").asText())
                    && "STATION_REVOKED".equals(e.at("/event/change").asText()));
            final String deviceKey = "device:" + bundle.path("deviceId").asText();
            deviceHead = index(bundle.at("/heads/entries"), e -> deviceKey.equals(e.path("key").asText()));
            deviceHeadPath = bundle.at("/heads/entries/" + deviceHead + "/path").size();
            stationHead = index(bundle.at("/heads/entries"), e -> ("station:" + station).equals(e.path("key")
                    .asText()));
        }

        private static int index(final JsonNode array, final Predicate<JsonNode> test) {
            for (int i = 0; i < array.size(); i++) {
                if (test.test(array.get(i))) {
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
        all.add(new Tampering("version-3", "BUNDLE_MALFORMED", false, b -> b.put("version", 3)));
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
            all.add(new Tampering("anchor-" + kebab(root) + "-changed", "ANCHOR_ROOT", false,
                    b -> flip(object(b, anchor), root)));
        }
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
        // Rules 12 and 13: the device's head.
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
