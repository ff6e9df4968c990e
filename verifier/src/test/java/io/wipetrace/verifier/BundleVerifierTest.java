package io.wipetrace.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.proof.Trust;
import io.wipetrace.verifier.BundleVerifier.Result;
import io.wipetrace.verifier.BundleVerifier.Verdict;
import io.wipetrace.verifier.GenuineBundles.Built;
import io.wipetrace.verifier.GenuineBundles.Ledger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BundleVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JSON.getNodeFactory();

    private static Built genuine() {
        return GenuineBundles.smeltedPhone(SignatureAlgorithm.ED25519);
    }

    private static Result onChain(final Built built) {
        return BundleVerifier.check(built.bundle(), built.trust(), built.node().chain());
    }

    /** The genuine bundle changed by {@code change}, checked on chain. */
    private static Result tampered(final Consumer<ObjectNode> change) {
        final Built built = genuine();
        change.accept(built.bundle());
        return onChain(built);
    }

    private static ObjectNode at(final ObjectNode bundle, final String pointer) {
        return (ObjectNode) bundle.at(pointer);
    }

    private static void assertRejected(final Result result, final String code) {
        assertThat(result.code()).as(result.reason()).isEqualTo(code);
        assertThat(result.verdict()).isEqualTo(Verdict.REJECTED);
        assertThat(result.reason()).isNotBlank();
        assertThat(result.summary()).isNull();
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void verifies_a_genuine_bundle_on_chain_in_two_batch_requests(final SignatureAlgorithm algorithm)
            throws Exception {
        final Built built = GenuineBundles.smeltedPhone(algorithm);

        final Result result = onChain(built);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.VERIFIED);
        assertThat(result.code()).isNull();
        assertThat(result.checked()).hasSize(23).first().asString().startsWith("rule 1: a version-3 bundle");
        assertThat(result.checked().get(11)).isEqualTo("rule 12: 6 events name the hash of the event before them");
        assertThat(result.checked().get(17)).contains("RPT-0001 by " + GenuineBundles.STATION + " (" + algorithm);
        assertThat(built.node().requests()).hasSize(2);
        final JsonNode first = JSON.readTree(built.node().requests().get(0));
        final JsonNode second = JSON.readTree(built.node().requests().get(1));
        assertThat(first.findValuesAsText("method"))
                .containsExactly("eth_chainId", "eth_blockNumber", "eth_getTransactionReceipt");
        assertThat(second.findValuesAsText("method")).containsExactly("eth_call", "eth_getLogs", "eth_getLogs",
                "eth_getLogs", "eth_getLogs");
        assertThat(second.get(0).path("params").get(1).asText()).isEqualTo("0x25");
        assertThat(second.get(1).path("params").get(0).path("address").asText()).isEqualTo(GenuineBundles.CONTRACT);
    }

    @Test
    void reports_only_what_the_checked_events_say() {
        final Result result = onChain(genuine());

        final BundleVerifier.Summary summary = result.summary();
        assertThat(summary.deviceId()).isEqualTo(GenuineBundles.DEVICE);
        assertThat(summary.events()).isEqualTo(7);
        assertThat(summary.state()).isEqualTo("SMELTED");
        assertThat(summary.custodianMspId()).isEqualTo("SmelterOrgMSP");
        assertThat(summary.erasures()).containsExactly(new BundleVerifier.Erasure("RPT-0001", "PURGE",
                "crypto erase", "NIST SP 800-88r1", "ERASED", "FULL", GenuineBundles.STATION, "ED25519",
                "2026-11-23T08:00:00Z"));
        assertThat(summary.storageDestroyed()).isEqualTo(new BundleVerifier.Destruction("SHRED", "e5".repeat(32),
                "2026-11-25T08:00:00Z"));
        assertThat(summary.smelted()).isEqualTo(new BundleVerifier.Smelting("LOT-2026-11", "2026-11-26T08:00:00Z"));
    }

    @Test
    void verifies_offline_but_says_it_is_not_the_chains_word() {
        final Built built = genuine();

        final Result result = BundleVerifier.check(built.bundle(), built.trust(), null);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.VERIFIED_OFFLINE);
        assertThat(result.checked()).hasSize(18);
        assertThat(result.summary()).isNotNull();
        assertThat(built.node().requests()).isEmpty();
    }

    @Test
    void verifies_an_erasure_by_a_station_revoked_after_it() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.SM2, Ledger.REVOKED_AFTER_ERASURE, 2);

        assertThat(built.bundle().path("registry")).hasSize(2);
        assertThat(onChain(built).verdict()).isEqualTo(Verdict.VERIFIED);
    }

    @Test
    void verifies_against_the_finalized_block_when_the_trust_file_asks_for_finality() {
        final Built built = genuine();
        final Trust finality = Trust.parse(GenuineBundles.trustFile(0).getBytes(StandardCharsets.UTF_8));

        built.node().finalized(35);
        assertThat(BundleVerifier.check(built.bundle(), finality, built.node().chain()).verdict())
                .isEqualTo(Verdict.VERIFIED);
        assertThat(built.node().requests().get(0)).contains("\"finalized\"");

        built.node().finalized(34);
        assertRejected(BundleVerifier.check(built.bundle(), finality, built.node().chain()), "ANCHOR_NOT_FINAL");
    }

    @Test
    void ignores_an_erasure_section_a_bundle_of_version_1_would_have_carried() {
        assertThat(tampered(b -> b.putObject("erasure").putObject("station").put("publicKey", "AAAA")).verdict())
                .isEqualTo(Verdict.VERIFIED);
    }

    @Test
    void ignores_the_count_of_events_not_yet_anchored() {
        assertThat(tampered(b -> b.put("eventsNotYetAnchored", 99)).verdict()).isEqualTo(Verdict.VERIFIED);
    }

    // Rule 1.

    @Test
    void rejects_a_version_1_bundle_with_BUNDLE_MALFORMED() {
        final Result result = tampered(b -> b.put("version", 1));

        assertRejected(result, "BUNDLE_MALFORMED");
        assertThat(result.reason()).contains("version-1 bundles are not accepted");
    }

    @Test
    void reads_a_version_2_bundle_made_before_under_the_same_rules_and_refuses_a_version_4() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.ED25519, Ledger.CHAINED_FROM_THE_FOURTH_EVENT, 2);
        built.bundle().put("version", 2);

        final Result result = onChain(built);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.VERIFIED);
        assertThat(result.checked().getFirst()).startsWith("rule 1: a version-2 bundle");
        final Result four = tampered(b -> b.put("version", 4));
        assertRejected(four, "BUNDLE_MALFORMED");
        assertThat(four.reason()).contains("bundle version 4 is not 3");
    }

    @Test
    void rejects_members_of_the_wrong_type_with_BUNDLE_MALFORMED() {
        assertRejected(tampered(b -> b.put("format", "wipetrace-proof")), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> b.remove("registry")), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> at(b, "/events/0").put("salt", "zz".repeat(32))), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> at(b, "/events/0").put("leafIndex", 1.0)), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> at(b, "/anchors/1").put("evmBlock", "20")), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> at(b, "/anchors/1").put("sequence", 2)), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> at(b, "/anchors/1").put("contractAddress", "a1".repeat(20))),
                "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> ((ArrayNode) b.at("/heads/entries")).add(b.at("/heads/entries/0"))),
                "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> {
            final ArrayNode path = (ArrayNode) b.at("/heads/entries/0/path");
            for (int i = 0; i < 300; i++) {
                path.add("00".repeat(32));
            }
        }), "BUNDLE_MALFORMED");
        final Built built = genuine();
        assertRejected(BundleVerifier.check(NODES.textNode("bundle"), built.trust(), null), "BUNDLE_MALFORMED");
        assertRejected(BundleVerifier.check(NODES.missingNode(), built.trust(), null), "BUNDLE_MALFORMED");
        assertRejected(BundleVerifier.check(null, built.trust(), null), "BUNDLE_MALFORMED");
    }

    @Test
    void never_lets_an_exception_escape_whatever_member_is_replaced_by_whatever_value() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.ED25519, Ledger.GENUINE, 0);
        final List<JsonNode> values = List.of(NODES.nullNode(), NODES.textNode("x"), NODES.numberNode(1.5),
                NODES.numberNode(-1), NODES.numberNode(new java.math.BigInteger("1".repeat(40))),
                NODES.arrayNode(), NODES.objectNode(), NODES.booleanNode(true));
        final List<String> pointers = new ArrayList<>();
        pointers(built.bundle(), "", pointers);
        int checks = 0;
        for (final String pointer : pointers) {
            for (final JsonNode value : values) {
                final ObjectNode bundle = built.bundle().deepCopy();
                replace(bundle, pointer, value);
                final Result result = BundleVerifier.check(bundle, built.trust(), built.node().chain());
                assertThat(result.verdict()).as(pointer + " = " + value).isNotNull();
                checks++;
            }
        }
        assertThat(checks).isGreaterThan(1000);
    }

    private static void pointers(final JsonNode node, final String pointer, final List<String> out) {
        if (!pointer.isEmpty()) {
            out.add(pointer);
        }
        if (node.isObject()) {
            for (final Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                final String name = names.next();
                pointers(node.get(name), pointer + "/" + name, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static void replace(final ObjectNode bundle, final String pointer, final JsonNode value) {
        final int slash = pointer.lastIndexOf('/');
        final JsonNode parent = slash == 0 ? bundle : bundle.at(pointer.substring(0, slash));
        final String name = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(name, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(name), value);
        }
    }

    // Rules 2 to 5: the anchors.

    @Test
    void rejects_a_bundle_whose_anchor_names_another_chain_with_WRONG_CHAIN() {
        assertRejected(tampered(b -> at(b, "/anchors/2").put("chainId", 1)), "WRONG_CHAIN");
    }

    @Test
    void rejects_a_bundle_whose_anchor_names_another_contract_with_WRONG_CONTRACT() {
        assertRejected(tampered(b -> at(b, "/anchors/0").put("contractAddress", "0x" + "b2".repeat(20))),
                "WRONG_CONTRACT");
    }

    @Test
    void rejects_an_anchor_whose_root_is_not_its_two_roots_with_ANCHOR_ROOT() {
        assertRejected(tampered(b -> at(b, "/anchors/1").put("headsRoot", "00".repeat(32))), "ANCHOR_ROOT");
    }

    @Test
    void rejects_an_anchor_whose_hash_is_not_its_window_with_ANCHOR_HASH() {
        assertRejected(tampered(b -> at(b, "/anchors/1").put("lastBlock", at(b, "/anchors/1").path("lastBlock")
                .asLong() + 1)), "ANCHOR_HASH");
    }

    // Rules 6 to 11: the entries.

    @Test
    void rejects_an_entry_naming_an_anchor_the_bundle_lacks_with_ANCHOR_MISSING() {
        assertRejected(tampered(b -> ((ObjectNode) b.path("anchors")).remove("2")), "ANCHOR_MISSING");
    }

    @Test
    void rejects_a_changed_salt_with_EVENT_PATH() {
        assertRejected(tampered(b -> at(b, "/events/2").put("salt", "00".repeat(32))), "EVENT_PATH");
    }

    @Test
    void rejects_a_forged_station_key_in_the_registry_with_EVENT_PATH() {
        final String key = java.util.Base64.getEncoder().encodeToString(
                GenuineBundles.StationKey.generate(SignatureAlgorithm.ED25519).publicKey());
        assertRejected(tampered(b -> at(b, "/registry/0/event/station").put("publicKey", key)), "EVENT_PATH");
    }

    @Test
    void rejects_a_block_outside_the_anchors_window_with_EVENT_LEDGER() {
        assertRejected(tampered(b -> at(b, "/events/0/ledger").put("blockNumber", 10_000)), "EVENT_LEDGER");
        assertRejected(tampered(b -> at(b, "/registry/0/ledger").put("txId", "another")), "EVENT_LEDGER");
    }

    @Test
    void rejects_another_devices_bundle_with_EVENT_DEVICE() {
        assertRejected(tampered(b -> b.put("deviceId", "DEV-SOMEONE-ELSE-0001")), "EVENT_DEVICE");
        assertRejected(tampered(b -> at(b, "/anchors/1").remove("headsRoot")), "BUNDLE_MALFORMED");
        assertRejected(tampered(b -> b.putArray("events")), "EVENT_DEVICE");
    }

    @Test
    void rejects_reversed_events_with_EVENT_ORDER() {
        assertRejected(tampered(b -> {
            final List<JsonNode> events = new ArrayList<>();
            b.path("events").forEach(events::addFirst);
            b.putArray("events").addAll(events);
        }), "EVENT_ORDER");
    }

    @Test
    void rejects_a_dropped_middle_event_with_EVENT_SEQUENCE() {
        assertRejected(tampered(b -> ((ArrayNode) b.path("events")).remove(4)), "EVENT_SEQUENCE");
    }

    @Test
    void rejects_a_dropped_erasure_event_with_EVENT_SEQUENCE() {
        assertRejected(tampered(b -> ((ArrayNode) b.path("events")).remove(3)), "EVENT_SEQUENCE");
    }

    // Rule 12: each event names the one before it.

    @Test
    void rejects_an_event_anchored_other_than_the_next_event_named_it_with_EVENT_CHAIN_even_offline() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.ECDSA_P256, Ledger.EVENT_REPLACED, 2);

        final Result result = onChain(built);

        assertRejected(result, "EVENT_CHAIN");
        assertThat(result.reason()).contains("event 2 names").contains("not the hash of event 1");
        assertRejected(BundleVerifier.check(built.bundle(), built.trust(), null), "EVENT_CHAIN");
    }

    @Test
    void verifies_events_written_before_events_named_their_previous_one() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.SM2, Ledger.CHAINED_FROM_THE_FOURTH_EVENT, 2);

        final Result result = onChain(built);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.VERIFIED);
        assertThat(result.checked().get(11)).isEqualTo("rule 12: 4 events name the hash of the event before them");
    }

    // Rules 4 and 13: an anchor made before head maps.

    @Test
    void verifies_an_event_under_an_anchor_made_before_head_maps_when_a_later_anchor_holds_the_heads() {
        final Built built = GenuineBundles.build(SignatureAlgorithm.ED25519, Ledger.FIRST_ANCHOR_WITHOUT_HEAD_MAP, 2);
        assertThat(built.bundle().at("/anchors/0/headsRoot").isNull()).isTrue();

        final Result result = onChain(built);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.VERIFIED);
        assertThat(result.checked().get(3)).contains("if it has one");
    }

    @Test
    void rejects_an_anchor_without_head_map_whose_root_is_not_its_events_root_with_ANCHOR_ROOT() {
        assertRejected(tampered(b -> at(b, "/anchors/0").putNull("headsRoot")), "ANCHOR_ROOT");
    }

    @Test
    void rejects_heads_under_an_anchor_without_head_map_with_HEAD_PATH() {
        final Result result = tampered(b -> {
            final ObjectNode heads = at(b, "/anchors/3");
            heads.putNull("headsRoot").put("merkleRoot", heads.path("eventsRoot").asText());
            rehash(heads);
        });

        assertRejected(result, "HEAD_PATH");
        assertThat(result.reason()).contains("has no head map");
    }

    private static void rehash(final ObjectNode anchor) {
        final HexFormat hex = HexFormat.of();
        anchor.put("anchorHash", hex.formatHex(AnchorHash.of(
                hex.parseHex(anchor.path("merkleRoot").asText()), anchor.path("firstBlock").asLong(),
                anchor.path("lastBlock").asLong(), anchor.path("eventCount").asLong(),
                hex.parseHex(anchor.path("lastBlockHash").asText()),
                hex.parseHex(anchor.path("previousAnchor").asText()))));
    }

    // Rules 13 and 14: the device's head.

    @Test
    void rejects_a_changed_device_head_with_HEAD_PATH() {
        assertRejected(tampered(b -> at(b, "/heads/entries/0").put("sequence", 5)), "HEAD_PATH");
        assertRejected(tampered(b -> at(b, "/heads").put("anchor", 2)), "HEAD_PATH");
        assertRejected(tampered(b -> at(b, "/heads").put("anchor", 9)), "HEAD_PATH");
    }

    @Test
    void rejects_a_history_cut_short_with_HEAD_MISMATCH() {
        assertRejected(tampered(b -> ((ArrayNode) b.path("events")).remove(6)), "HEAD_MISMATCH");
    }

    // Rules 15 to 18: the erasures' stations and signatures.

    @Test
    void rejects_an_erasure_by_a_station_the_registry_never_held_with_STATION_UNPROVEN() {
        assertRejected(onChain(GenuineBundles.build(SignatureAlgorithm.ECDSA_P256, Ledger.UNREGISTERED_STATION, 2)),
                "STATION_UNPROVEN");
        assertRejected(tampered(b -> ((ArrayNode) b.path("registry")).remove(0)), "STATION_UNPROVEN");
    }

    @Test
    void rejects_a_hidden_revocation_or_a_changed_station_head_with_STATION_HEAD() {
        final Built revoked = GenuineBundles.build(SignatureAlgorithm.ED25519, Ledger.REVOKED_AFTER_ERASURE, 2);
        ((ArrayNode) revoked.bundle().path("registry")).remove(1);
        assertRejected(onChain(revoked), "STATION_HEAD");
        assertRejected(tampered(b -> at(b, "/heads/entries/1").put("leaf", "00".repeat(32))), "STATION_HEAD");
    }

    @Test
    void rejects_an_erasure_by_a_station_revoked_before_it_with_STATION_NOT_VALID() {
        assertRejected(onChain(GenuineBundles.build(SignatureAlgorithm.ED25519, Ledger.REVOKED_BEFORE_ERASURE, 2)),
                "STATION_NOT_VALID");
        assertRejected(onChain(GenuineBundles.build(SignatureAlgorithm.SM2, Ledger.REGISTERED_AFTER_ERASURE, 2)),
                "STATION_NOT_VALID");
    }

    @Test
    void rejects_an_erasure_signed_with_another_key_with_SIGNATURE_INVALID() {
        assertRejected(onChain(GenuineBundles.build(SignatureAlgorithm.ECDSA_P256, Ledger.SIGNED_BY_ANOTHER_KEY, 2)),
                "SIGNATURE_INVALID");
    }

    // Rules 19 to 23: the chain.

    @Test
    void rejects_a_node_of_another_chain_with_WRONG_CHAIN() {
        final Built built = genuine();
        built.node().serves(1);
        assertRejected(onChain(built), "WRONG_CHAIN");
    }

    @Test
    void rejects_a_trust_file_whose_deployment_made_no_such_contract_with_TRUST_MISMATCH() {
        final Built built = genuine();
        final Trust other = Trust.parse(GenuineBundles.trustFile(2).replace(GenuineBundles.DEPLOYMENT,
                "0x" + "d1".repeat(32)).getBytes(StandardCharsets.UTF_8));
        assertRejected(BundleVerifier.check(built.bundle(), other, built.node().chain()), "TRUST_MISMATCH");
    }

    @Test
    void rejects_an_anchor_in_another_block_or_transaction_with_ANCHOR_NOT_ON_CHAIN() {
        assertRejected(tampered(b -> at(b, "/anchors/1").put("evmBlock", 26)), "ANCHOR_NOT_ON_CHAIN");
        assertRejected(tampered(b -> at(b, "/anchors/1").put("evmTransaction", "0x" + "ee".repeat(32))),
                "ANCHOR_NOT_ON_CHAIN");
    }

    @Test
    void rejects_an_anchor_not_deep_enough_with_ANCHOR_NOT_FINAL() {
        final Built built = genuine();
        built.node().head(35);
        assertRejected(onChain(built), "ANCHOR_NOT_FINAL");
    }

    @Test
    void rejects_a_bundle_older_than_the_contracts_latest_anchor_with_STALE_BUNDLE() {
        final Built built = genuine();
        built.node().anchored(4, new byte[32], "0x" + "44".repeat(32), 40).head(50);
        final Result result = onChain(built);
        assertRejected(result, "STALE_BUNDLE");
        assertThat(result.reason()).contains("fetch a fresh bundle");
    }

    @Test
    void says_not_checked_when_the_node_limits_or_cannot_be_reached() {
        final Built built = genuine();
        built.node().mood(FakeNode.Mood.HTTP_429);
        assertNotChecked(onChain(built), "CHAIN_RATE_LIMITED");
        built.node().mood(FakeNode.Mood.LIMIT_ERROR);
        assertNotChecked(onChain(built), "CHAIN_RATE_LIMITED");
        built.node().mood(FakeNode.Mood.UNREACHABLE);
        assertNotChecked(onChain(built), "CHAIN_UNREACHABLE");
        final Chain broken = new JsonRpcChain(body -> new JsonRpcChain.Transport.Response(502, "Bad Gateway"));
        assertNotChecked(BundleVerifier.check(built.bundle(), built.trust(), broken), "CHAIN_UNREACHABLE");
    }

    private static void assertNotChecked(final Result result, final String code) {
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_CHECKED);
        assertThat(result.code()).isEqualTo(code);
        assertThat(result.checked()).hasSize(18);
        assertThat(result.summary()).isNull();
    }
}
