package io.wipetrace.proof.bundle;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A {@link ProofBundle} as JSON: {@link #write} gives the bytes the gateway serves (compact, UTF-8, members in the
 * order of docs/proof-bundle.md), over which a certificate's bundle hash is taken; {@link #read} is rule 1 of the
 * verifiers, which takes a bundle only if every member is there with its type, and says which one is not.
 */
public final class ProofBundleJson {

    /** Sibling hashes an events-tree path may have (a window holds at most 2^32 leaves). */
    public static final int MAX_EVENT_PATH = 32;
    /** Sibling hashes a head-map path may have (one per bit of the key hash). */
    public static final int MAX_HEAD_PATH = 256;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final long UINT32 = 0xFFFF_FFFFL;

    private ProofBundleJson() {}

    /** A bundle that rule 1 refuses: a member is missing or not of its type. */
    public static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(final String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * @param bundle a bundle
     * @return its bytes as the proof-bundle endpoints serve them
     */
    public static byte[] write(final ProofBundle bundle) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("format", ProofBundle.FORMAT);
            json.writeNumberField("version", bundle.version());
            json.writeStringField("deviceId", bundle.deviceId());
            json.writeStringField("channel", bundle.channel());
            entries(json, "events", bundle.events());
            entries(json, "registry", bundle.registry());
            json.writeObjectFieldStart("anchors");
            for (final ProofBundle.Anchor anchor : bundle.anchors().values()) {
                json.writeObjectFieldStart(Long.toString(anchor.sequence()));
                anchor(json, anchor);
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeObjectFieldStart("heads");
            json.writeNumberField("anchor", bundle.heads().anchor());
            json.writeArrayFieldStart("entries");
            for (final ProofBundle.Head head : bundle.heads().entries()) {
                json.writeStartObject();
                json.writeStringField("key", head.key());
                json.writeNumberField("sequence", head.sequence());
                json.writeStringField("leaf", HEX.formatHex(head.leaf()));
                hashes(json, "path", head.path());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeNumberField("eventsNotYetAnchored", bundle.eventsNotYetAnchored());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a bundle written to memory", e);
        }
        return out.toByteArray();
    }

    private static void entries(final JsonGenerator json, final String name, final List<ProofBundle.Entry> entries)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (final ProofBundle.Entry entry : entries) {
            json.writeStartObject();
            json.writeFieldName("event");
            json.writeTree(entry.event());
            json.writeStringField("salt", HEX.formatHex(entry.salt()));
            json.writeNumberField("anchor", entry.anchor());
            json.writeNumberField("leafIndex", entry.leafIndex());
            hashes(json, "path", entry.path());
            json.writeObjectFieldStart("ledger");
            json.writeStringField("txId", entry.ledger().txId());
            json.writeNumberField("blockNumber", entry.ledger().blockNumber());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void anchor(final JsonGenerator json, final ProofBundle.Anchor anchor) throws IOException {
        json.writeNumberField("sequence", anchor.sequence());
        json.writeNumberField("chainId", anchor.chainId());
        json.writeStringField("contractAddress", anchor.contractAddress());
        json.writeStringField("evmTransaction", anchor.evmTransaction());
        json.writeNumberField("evmBlock", anchor.evmBlock());
        json.writeStringField("eventsRoot", HEX.formatHex(anchor.eventsRoot()));
        json.writeStringField("headsRoot", anchor.headsRoot() == null ? null : HEX.formatHex(anchor.headsRoot()));
        json.writeStringField("merkleRoot", HEX.formatHex(anchor.merkleRoot()));
        json.writeNumberField("firstBlock", anchor.firstBlock());
        json.writeNumberField("lastBlock", anchor.lastBlock());
        json.writeNumberField("eventCount", anchor.eventCount());
        json.writeStringField("lastBlockHash", HEX.formatHex(anchor.lastBlockHash()));
        json.writeStringField("previousAnchor", HEX.formatHex(anchor.previousAnchor()));
        json.writeStringField("anchorHash", HEX.formatHex(anchor.anchorHash()));
        json.writeStringField("fabricTxId", anchor.fabricTxId());
    }

    private static void hashes(final JsonGenerator json, final String name, final List<byte[]> hashes)
            throws IOException {
        json.writeArrayFieldStart(name);
        for (final byte[] hash : hashes) {
            json.writeString(HEX.formatHex(hash));
        }
        json.writeEndArray();
    }

    /**
     * Rule 1: reads a bundle whose every member has its type.
     *
     * @param root the parsed bundle (anything)
     * @return the bundle
     * @throws Malformed naming the first member that is missing or not of its type
     */
    public static ProofBundle read(final JsonNode root) {
        malformed(root != null && root.isObject(), "the bundle is not a JSON object");
        malformed(ProofBundle.FORMAT.equals(text(root, "format")), "not a WipeTrace proof bundle (format "
                + root.path("format") + ")");
        final JsonNode version = root.path("version");
        malformed(!(version.isIntegralNumber() && version.asLong() == 1), "version-1 bundles are not accepted:"
                + " they carried their own contract and station keys; ask for a version-" + ProofBundle.VERSION
                + " bundle");
        malformed(version.isIntegralNumber() && (version.asLong() == ProofBundle.VERSION
                || version.asLong() == ProofBundle.PREVIOUS_VERSION), "bundle version " + version + " is not "
                + ProofBundle.VERSION + " (nor " + ProofBundle.PREVIOUS_VERSION + ")");
        final String deviceId = text(root, "deviceId");
        malformed(deviceId != null && !deviceId.isEmpty(), "deviceId is not a text");
        malformed(root.path("channel").isTextual(), "channel is not a text");
        final List<ProofBundle.Entry> events = entries(root.path("events"), "events");
        final List<ProofBundle.Entry> registry = entries(root.path("registry"), "registry");
        final JsonNode anchorsNode = root.path("anchors");
        malformed(anchorsNode.isObject() && anchorsNode.size() <= ProofBundle.MAX_ENTRIES, "anchors is not an object"
                + " of at most " + ProofBundle.MAX_ENTRIES + " anchors");
        final SortedMap<Long, ProofBundle.Anchor> anchors = new TreeMap<>();
        for (final Map.Entry<String, JsonNode> member : anchorsNode.properties()) {
            final ProofBundle.Anchor anchor = anchor(member.getValue(), "anchors." + member.getKey());
            malformed(member.getKey().equals(Long.toString(anchor.sequence())), "anchors." + member.getKey()
                    + " has sequence " + anchor.sequence());
            anchors.put(anchor.sequence(), anchor);
        }
        final JsonNode headsNode = root.path("heads");
        malformed(headsNode.isObject(), "heads is not an object");
        final long headsAnchor = integer(headsNode, "anchor", "heads", 0, Long.MAX_VALUE);
        final JsonNode entriesNode = headsNode.path("entries");
        malformed(entriesNode.isArray() && entriesNode.size() <= ProofBundle.MAX_ENTRIES, "heads.entries is not a"
                + " list of at most " + ProofBundle.MAX_ENTRIES);
        final List<ProofBundle.Head> heads = new ArrayList<>(entriesNode.size());
        final Set<String> keys = new HashSet<>();
        for (int i = 0; i < entriesNode.size(); i++) {
            final JsonNode node = entriesNode.get(i);
            final String where = "heads.entries[" + i + "]";
            malformed(node.isObject(), where + " is not an object");
            final String key = text(node, "key");
            malformed(key != null && !key.isEmpty(), where + ".key is not a text");
            heads.add(new ProofBundle.Head(key, integer(node, "sequence", where, 0, Long.MAX_VALUE),
                    hash(node, "leaf", where), hashes(node.path("path"), MAX_HEAD_PATH, where + ".path")));
            malformed(keys.add(key), "heads.entries holds key " + key + " twice");
        }
        final long pending = integer(root, "eventsNotYetAnchored", "the bundle", 0, Long.MAX_VALUE);
        return new ProofBundle(version.asInt(), deviceId, root.path("channel").asText(), events, registry, anchors,
                new ProofBundle.Heads(headsAnchor, heads), pending);
    }

    private static List<ProofBundle.Entry> entries(final JsonNode array, final String name) {
        malformed(array.isArray() && array.size() <= ProofBundle.MAX_ENTRIES, name + " is not a list of at most "
                + ProofBundle.MAX_ENTRIES);
        final List<ProofBundle.Entry> entries = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            final JsonNode node = array.get(i);
            final String where = name + "[" + i + "]";
            malformed(node.isObject() && node.path("event").isObject(), where + " is not an object with an"
                    + " event object");
            final JsonNode ledger = node.path("ledger");
            malformed(ledger.isObject() && text(ledger, "txId") != null, where + ".ledger has no txId");
            final byte[] salt = hash(node, "salt", where);
            entries.add(new ProofBundle.Entry(node.path("event"), salt,
                    integer(node, "anchor", where, 0, Long.MAX_VALUE), integer(node, "leafIndex", where, 0, UINT32),
                    hashes(node.path("path"), MAX_EVENT_PATH, where + ".path"), new ProofBundle.Ledger(
                            text(ledger, "txId"), integer(ledger, "blockNumber", where + ".ledger", 0,
                                    Long.MAX_VALUE))));
        }
        return entries;
    }

    private static ProofBundle.Anchor anchor(final JsonNode node, final String where) {
        malformed(node.isObject(), where + " is not an object");
        final JsonNode fabricTxId = node.path("fabricTxId");
        malformed(fabricTxId.isMissingNode() || fabricTxId.isNull() || fabricTxId.isTextual(), where
                + ".fabricTxId is not a text");
        return new ProofBundle.Anchor(integer(node, "sequence", where, 0, Long.MAX_VALUE),
                integer(node, "chainId", where, 1, Long.MAX_VALUE), prefixed(node, "contractAddress", 20, where),
                prefixed(node, "evmTransaction", 32, where), integer(node, "evmBlock", where, 0, Long.MAX_VALUE),
                hash(node, "eventsRoot", where), node.path("headsRoot").isNull() ? null
                        : hash(node, "headsRoot", where), hash(node, "merkleRoot", where),
                integer(node, "firstBlock", where, 0, Long.MAX_VALUE),
                integer(node, "lastBlock", where, 0, Long.MAX_VALUE), integer(node, "eventCount", where, 0, UINT32),
                hash(node, "lastBlockHash", where), hash(node, "previousAnchor", where),
                hash(node, "anchorHash", where), fabricTxId.isTextual() ? fabricTxId.asText() : null);
    }

    /**
     * @param node a JSON object (or anything)
     * @param member a member's name
     * @return the member's text, or null if it is absent or not a string
     */
    public static String text(final JsonNode node, final String member) {
        final JsonNode value = node.path(member);
        return value.isTextual() ? value.asText() : null;
    }

    private static long integer(final JsonNode node, final String member, final String where, final long min,
            final long max) {
        final JsonNode value = node.path(member);
        malformed(value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= min
                && value.asLong() <= max, where + "." + member + " is not an integer from " + min + " to " + max);
        return value.asLong();
    }

    /** {@code 0x} and hex digits, lower-cased. */
    private static String prefixed(final JsonNode node, final String member, final int length, final String where) {
        final String value = text(node, member);
        malformed(value != null && value.startsWith("0x"), where + "." + member + " is not 0x and hex digits");
        hex(value.substring(2), length, where + "." + member);
        return value.toLowerCase(Locale.ROOT);
    }

    private static List<byte[]> hashes(final JsonNode array, final int max, final String where) {
        malformed(array.isArray() && array.size() <= max, where + " is not a list of at most " + max + " hashes");
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
        if (!condition) {
            throw new Malformed(reason);
        }
    }
}
