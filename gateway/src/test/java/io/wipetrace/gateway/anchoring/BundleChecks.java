package io.wipetrace.gateway.anchoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What the integration tests check of a version-2 proof bundle until the version-2 verifier lands: its shape, that
 * every anchor's root folds its events root with its heads root, that each entry's leaf leads to its anchor's events
 * root, that every head proof holds under the heads anchor, and that the device's matches its last event.
 */
public final class BundleChecks {

    private static final HexFormat HEX = HexFormat.of();

    private BundleChecks() {}

    /**
     * @param bundle a bundle as served
     * @param deviceId the device it must be of
     */
    public static void assertHolds(final JsonNode bundle, final String deviceId) {
        assertThat(bundle.path("format").asText()).isEqualTo("wipetrace-proof-bundle");
        assertThat(bundle.path("version").asInt()).isEqualTo(2);
        assertThat(bundle.path("deviceId").asText()).isEqualTo(deviceId);
        assertThat(bundle.has("erasure")).isFalse();
        final JsonNode anchors = bundle.path("anchors");
        for (final Map.Entry<String, JsonNode> anchor : anchors.properties()) {
            assertThat(HEX.formatHex(HeadMap.anchorRoot(bytes(anchor.getValue(), "eventsRoot"),
                    bytes(anchor.getValue(), "headsRoot")))).as("anchor " + anchor.getKey())
                    .isEqualTo(anchor.getValue().path("merkleRoot").asText());
        }
        assertThat(bundle.path("events").size()).isPositive();
        final List<JsonNode> entries = new ArrayList<>();
        bundle.path("events").forEach(entries::add);
        bundle.path("registry").forEach(entries::add);
        for (final JsonNode entry : entries) {
            assertThat(MerkleTree.verify(leaf(entry), new InclusionProof(entry.path("leafIndex").asInt(),
                    anchors.path(entry.path("anchor").asText()).path("eventCount").asInt(), hashes(entry.path("path"))),
                    bytes(anchors.path(entry.path("anchor").asText()), "eventsRoot")))
                    .as("the path of " + entry.path("event").path("txId").asText()).isTrue();
        }

        final JsonNode heads = bundle.path("heads");
        final JsonNode headsAnchor = anchors.path(heads.path("anchor").asText());
        assertThat(headsAnchor.isObject()).as("the heads anchor is carried").isTrue();
        for (final JsonNode entry : heads.path("entries")) {
            final HeadMap.Head head = new HeadMap.Head(entry.path("key").asText(), entry.path("sequence").asLong(),
                    HEX.parseHex(entry.path("leaf").asText()));
            assertThat(HeadMap.verify(new HeadMap.Proof(head, hashes(entry.path("path"))), bytes(headsAnchor,
                    "headsRoot"))).as("the head proof of " + head.key()).isTrue();
        }
        final JsonNode device = heads.path("entries").get(0);
        assertThat(device.path("key").asText()).isEqualTo("device:" + deviceId);
        final HeadMap.Head head = new HeadMap.Head(device.path("key").asText(), device.path("sequence").asLong(),
                HEX.parseHex(device.path("leaf").asText()));
        final JsonNode last = bundle.path("events").get(bundle.path("events").size() - 1);
        assertThat(head.sequence()).isEqualTo(last.path("event").path("sequence").asLong());
        assertThat(head.leaf()).isEqualTo(leaf(last));
    }

    private static byte[] leaf(final JsonNode entry) {
        return EventLeaf.hash(HEX.parseHex(entry.path("salt").asText()),
                AnchoringService.canonical(entry.path("event").toString()));
    }

    private static byte[] bytes(final JsonNode node, final String field) {
        return HEX.parseHex(node.path(field).asText());
    }

    private static List<byte[]> hashes(final JsonNode array) {
        final List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(HEX.parseHex(hash.asText())));
        return hashes;
    }
}
