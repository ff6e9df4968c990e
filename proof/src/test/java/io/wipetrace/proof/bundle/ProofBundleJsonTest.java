package io.wipetrace.proof.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProofBundleJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** The genuine bundle of the shared vectors, as the gateway served it: its exact bytes. */
    static byte[] genuineBytes() throws IOException {
        return vectors().path("bundle").asText().getBytes(StandardCharsets.UTF_8);
    }

    static JsonNode vectors() throws IOException {
        try (InputStream in = ProofBundleJsonTest.class.getResourceAsStream("/bundle-vectors.json")) {
            return JSON.readTree(in);
        }
    }

    @Test
    void reads_a_bundle_the_gateway_served_and_writes_it_back_byte_for_byte() throws IOException {
        final byte[] served = genuineBytes();

        final ProofBundle bundle = ProofBundleJson.read(JSON.readTree(served));

        assertThat(new String(ProofBundleJson.write(bundle), StandardCharsets.UTF_8))
                .isEqualTo(new String(served, StandardCharsets.UTF_8));
        assertThat(ProofBundleJson.write(bundle)).isEqualTo(served);
    }

    @Test
    void reads_every_member_into_its_record() throws IOException {
        final JsonNode tree = JSON.readTree(genuineBytes());

        final ProofBundle bundle = ProofBundleJson.read(tree);

        assertThat(bundle.version()).isEqualTo(ProofBundle.VERSION);
        assertThat(bundle.deviceId()).isEqualTo(tree.path("deviceId").asText());
        assertThat(bundle.channel()).isEqualTo(tree.path("channel").asText());
        assertThat(bundle.events()).hasSize(tree.path("events").size());
        assertThat(bundle.registry()).hasSize(tree.path("registry").size()).isNotEmpty();
        final ProofBundle.Entry last = bundle.events().getLast();
        final JsonNode lastNode = tree.path("events").get(bundle.events().size() - 1);
        assertThat(last.event()).isEqualTo(lastNode.path("event"));
        assertThat(HEX.formatHex(last.salt())).isEqualTo(lastNode.path("salt").asText());
        assertThat(last.anchor()).isEqualTo(lastNode.path("anchor").asLong());
        assertThat(last.leafIndex()).isEqualTo(lastNode.path("leafIndex").asLong());
        assertThat(last.path()).hasSize(lastNode.path("path").size());
        assertThat(last.ledger()).isEqualTo(new ProofBundle.Ledger(lastNode.at("/ledger/txId").asText(),
                lastNode.at("/ledger/blockNumber").asLong()));
        assertThat(bundle.anchors().keySet()).map(String::valueOf)
                .containsExactlyElementsOf(() -> tree.path("anchors").fieldNames());
        final ProofBundle.Anchor anchor = bundle.anchors().get(last.anchor());
        final JsonNode anchorNode = tree.path("anchors").path(Long.toString(last.anchor()));
        assertThat(anchor.contractAddress()).isEqualTo(anchorNode.path("contractAddress").asText());
        assertThat(HEX.formatHex(anchor.anchorHash())).isEqualTo(anchorNode.path("anchorHash").asText());
        assertThat(anchor.eventCount()).isEqualTo(anchorNode.path("eventCount").asLong());
        assertThat(bundle.heads().anchor()).isEqualTo(tree.at("/heads/anchor").asLong());
        assertThat(bundle.heads().entries()).extracting(ProofBundle.Head::key)
                .startsWith("device:" + bundle.deviceId());
        assertThat(bundle.eventsNotYetAnchored()).isZero();
    }

    @Test
    void writes_null_for_an_anchor_made_before_head_maps_and_one_not_recorded_on_fabric_yet() {
        final byte[] hash = new byte[32];
        final ProofBundle.Anchor anchor = new ProofBundle.Anchor(7, 31337, "0x" + "ab".repeat(20),
                "0x" + "cd".repeat(32), 12, hash, null, hash, 0, 9, 1, hash, hash, hash, null);
        final ProofBundle bundle = new ProofBundle(ProofBundle.VERSION, "DEV-1", "wipetrace", List.of(), List.of(),
                new TreeMap<>(Map.of(7L, anchor)), new ProofBundle.Heads(7, List.of()), 0);

        final String written = new String(ProofBundleJson.write(bundle), StandardCharsets.UTF_8);

        assertThat(written).contains("\"headsRoot\":null,").endsWith("\"fabricTxId\":null}},\"heads\":{\"anchor\":7,"
                + "\"entries\":[]},\"eventsNotYetAnchored\":0}");
        final ProofBundle read = ProofBundleJson.read(parse(written));
        assertThat(read.anchors().get(7L).headsRoot()).isNull();
        assertThat(read.anchors().get(7L).fabricTxId()).isNull();
    }

    @Test
    void refuses_a_missing_or_ill_typed_member_and_names_it() throws IOException {
        final ObjectNode withoutSalt = (ObjectNode) JSON.readTree(genuineBytes());
        ((ObjectNode) withoutSalt.path("events").get(1)).remove("salt");
        final ObjectNode textualBlock = (ObjectNode) JSON.readTree(genuineBytes());
        ((ObjectNode) textualBlock.at("/events/0/ledger")).put("blockNumber", "12");
        final ObjectNode repeatedHead = (ObjectNode) JSON.readTree(genuineBytes());
        ((com.fasterxml.jackson.databind.node.ArrayNode) repeatedHead.at("/heads/entries"))
                .add(repeatedHead.at("/heads/entries/0").deepCopy());
        final ObjectNode renamedAnchor = (ObjectNode) JSON.readTree(genuineBytes());
        final ObjectNode anchors = (ObjectNode) renamedAnchor.path("anchors");
        final String first = anchors.fieldNames().next();
        anchors.set("99999", anchors.remove(first));

        assertThatThrownBy(() -> ProofBundleJson.read(withoutSalt)).isInstanceOf(ProofBundleJson.Malformed.class)
                .hasMessage("events[1].salt is not 64 hex digits");
        assertThatThrownBy(() -> ProofBundleJson.read(textualBlock))
                .hasMessage("events[0].ledger.blockNumber is not an integer from 0 to " + Long.MAX_VALUE);
        assertThatThrownBy(() -> ProofBundleJson.read(repeatedHead))
                .hasMessageStartingWith("heads.entries holds key device:");
        assertThatThrownBy(() -> ProofBundleJson.read(renamedAnchor))
                .hasMessage("anchors.99999 has sequence " + first);
        assertThatThrownBy(() -> ProofBundleJson.read(parse("{\"format\":\"wipetrace-proof-bundle\",\"version\":1}")))
                .hasMessageStartingWith("version-1 bundles are not accepted");
        assertThatThrownBy(() -> ProofBundleJson.read(parse("[]"))).hasMessage("the bundle is not a JSON object");
    }

    private static JsonNode parse(final String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
