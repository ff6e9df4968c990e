package io.wipetrace.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BundleVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String DEVICE = "DEV-0001-TEST-BUNDLE";

    /** A station key of one algorithm: its SPKI and a signer. */
    private record Station(String algorithm, byte[] publicKey, Signer signer) {}

    private interface Signer {
        byte[] sign(byte[] payload) throws Exception;
    }

    private static Station station(final String algorithm) throws Exception {
        switch (algorithm) {
            case "ECDSA_P256", "ED25519" -> {
                final boolean ec = algorithm.startsWith("ECDSA");
                final KeyPairGenerator generator = KeyPairGenerator.getInstance(ec ? "EC" : "Ed25519");
                if (ec) {
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                }
                final KeyPair pair = generator.generateKeyPair();
                return new Station(algorithm, pair.getPublic().getEncoded(), payload -> {
                    final Signature signature = Signature.getInstance(ec ? "SHA256withECDSA" : "Ed25519");
                    signature.initSign(pair.getPrivate());
                    signature.update(payload);
                    return signature.sign();
                });
            }
            case "SM2" -> {
                final X9ECParameters curve = GMNamedCurves.getByName("sm2p256v1");
                final ECKeyPairGenerator generator = new ECKeyPairGenerator();
                // A named-curve key, as the registry accepts it (explicit curve parameters are refused).
                generator.init(new ECKeyGenerationParameters(
                        new ECNamedDomainParameters(GMObjectIdentifiers.sm2p256v1, curve), RANDOM));
                final AsymmetricCipherKeyPair pair = generator.generateKeyPair();
                return new Station(algorithm,
                        SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded(),
                        payload -> {
                            final SM2Signer signer = new SM2Signer();
                            signer.init(true, pair.getPrivate());
                            signer.update(payload, 0, payload.length);
                            return signer.generateSignature();
                        });
            }
            default -> throw new IllegalArgumentException(algorithm);
        }
    }

    /** A bundle as the gateway builds it: three events of the device among others in one anchored window. */
    private static ObjectNode bundle(final Station station) throws Exception {
        final ObjectNode erasure = JSON.createObjectNode()
                .put("deviceId", DEVICE).put("reportId", "RPT-1").put("reportSha256", "ab".repeat(32))
                .put("method", "PURGE").put("result", "ERASED").put("stationId", "STATION-1")
                .put("endedAt", "2026-11-20T10:00:00Z");
        erasure.set("verification", JSON.createObjectNode().put("mode", "FULL").put("by", "op-1"));
        erasure.put("signature", Base64.getEncoder().encodeToString(station.signer().sign(
                BundleVerifier.canonical(withoutSignature(erasure)))));

        final List<ObjectNode> events = List.of(
                event("tx1:0", DEVICE, "COLLECTED", "tx1", JSON.createObjectNode().put("make", "华为")),
                event("tx2:0", "DEV-SOMEONE-ELSE-0001", "COLLECTED", "tx2", JSON.createObjectNode()),
                event("tx3:0", DEVICE, "ERASURE_RECORDED", "tx3", (ObjectNode) JSON.createObjectNode()
                        .set("erasure", erasure)),
                event("tx4:0", DEVICE, "STORAGE_DESTROYED", "tx4", JSON.createObjectNode().put("method", "SHRED")));
        final List<byte[]> salts = new ArrayList<>();
        final List<byte[]> leaves = new ArrayList<>();
        for (final ObjectNode event : events) {
            final byte[] salt = new byte[32];
            RANDOM.nextBytes(salt);
            salts.add(salt);
            leaves.add(EventLeaf.hash(salt, BundleVerifier.canonical(event)));
        }
        final MerkleTree tree = MerkleTree.of(leaves);
        final ObjectNode anchor = JSON.createObjectNode()
                .put("sequence", 0).put("chainId", 31337).put("contractAddress", "0x" + "11".repeat(20))
                .put("evmTransaction", "0x" + "22".repeat(32)).put("evmBlock", 40)
                .put("merkleRoot", HEX.formatHex(tree.root())).put("firstBlock", 0).put("lastBlock", 9)
                .put("eventCount", events.size()).put("lastBlockHash", "33".repeat(32))
                .put("previousAnchor", "00".repeat(32));
        anchor.put("anchorHash", BundleVerifier.anchorHash(anchor));

        final ObjectNode bundle = JSON.createObjectNode().put("format", "wipetrace-proof-bundle").put("version", 1)
                .put("deviceId", DEVICE).put("channel", "wipetrace");
        final ArrayNode entries = bundle.putArray("events");
        for (int i = 0; i < events.size(); i++) {
            if (!DEVICE.equals(events.get(i).path("deviceId").asText())) {
                continue;
            }
            final InclusionProof proof = tree.inclusionProof(i);
            final ObjectNode entry = entries.addObject();
            entry.set("event", events.get(i));
            entry.put("salt", HEX.formatHex(salts.get(i))).put("anchor", 0).put("leafIndex", i);
            final ArrayNode path = entry.putArray("path");
            proof.path().forEach(hash -> path.add(HEX.formatHex(hash)));
            entry.putObject("ledger").put("txId", events.get(i).path("txId").asText()).put("blockNumber", 3 + i);
        }
        bundle.putObject("anchors").set("0", anchor);
        final ObjectNode part = bundle.putObject("erasure");
        part.set("record", erasure.deepCopy());
        part.putObject("station").put("stationId", "STATION-1").put("algorithm", station.algorithm())
                .put("publicKey", Base64.getEncoder().encodeToString(station.publicKey()));
        return bundle;
    }

    private static ObjectNode event(final String eventId, final String deviceId, final String type, final String txId,
            final ObjectNode details) {
        final ObjectNode event = JSON.createObjectNode().put("eventId", eventId).put("deviceId", deviceId)
                .put("type", type).put("txId", txId).put("txTimestamp", "2026-11-20T10:00:00Z");
        event.set("details", details);
        return event;
    }

    private static ObjectNode withoutSignature(final ObjectNode record) {
        final ObjectNode copy = record.deepCopy();
        copy.remove("signature");
        return copy;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ECDSA_P256", "ED25519", "SM2"})
    void verifies_a_genuine_bundle_offline(final String algorithm) throws Exception {
        final BundleVerifier.Result result = BundleVerifier.check(bundle(station(algorithm)), null);

        assertThat(result.failure()).isNull();
        assertThat(result.checked()).hasSize(5).last().asString().contains("signed by station STATION-1");
    }

    @Test
    void computes_the_anchor_hash_exactly_as_the_evm_contract_does() {
        final ObjectNode anchor = JSON.createObjectNode().put("merkleRoot", "ab".repeat(32)).put("firstBlock", 5)
                .put("lastBlock", 14).put("eventCount", 42).put("lastBlockHash", "cd".repeat(32))
                .put("previousAnchor", "6f97c33efb9fd6a1ccb75129e50b733decebd1efbb82900a1a8290a1e439404b");

        // Returned by eth_call of WipeTraceAnchor.anchor(...) on the EVM node for these inputs.
        assertThat(BundleVerifier.anchorHash(anchor))
                .isEqualTo("80f51cf923858ea820e94c822dc94b3e4e6ccd7d66c92fec9080eb1facffed11");
    }

    @Test
    void rejects_a_changed_event() throws Exception {
        final ObjectNode bundle = bundle(station("ED25519"));
        ((ObjectNode) bundle.path("events").get(0).path("event").path("details")).put("make", "Apple");

        assertThat(BundleVerifier.check(bundle, null).failure())
                .contains("event tx1:0 (COLLECTED): its Merkle path does not lead to the root of anchor 0");
    }

    @Test
    void rejects_a_changed_salt_or_path() throws Exception {
        final ObjectNode salted = bundle(station("ED25519"));
        ((ObjectNode) salted.path("events").get(1)).put("salt", "00".repeat(32));
        assertThat(BundleVerifier.check(salted, null).failure()).contains("Merkle path does not lead");

        final ObjectNode pathed = bundle(station("ED25519"));
        ((ArrayNode) pathed.path("events").get(2).path("path")).set(0, JSON.getNodeFactory().textNode("44".repeat(32)));
        assertThat(BundleVerifier.check(pathed, null).failure()).contains("event tx4:0");
    }

    @Test
    void rejects_an_anchor_whose_hash_is_not_its_window() throws Exception {
        final ObjectNode bundle = bundle(station("ECDSA_P256"));
        ((ObjectNode) bundle.path("anchors").path("0")).put("lastBlock", 10);

        assertThat(BundleVerifier.check(bundle, null).failure())
                .startsWith("anchor 0: its hash is not keccak256 of its window");
    }

    @Test
    void rejects_an_erasure_signed_by_another_key() throws Exception {
        final ObjectNode bundle = bundle(station("ECDSA_P256"));
        ((ObjectNode) bundle.path("erasure").path("station")).put("publicKey",
                Base64.getEncoder().encodeToString(station("ECDSA_P256").publicKey()));

        assertThat(BundleVerifier.check(bundle, null).failure())
                .contains("the erasure record's signature does not verify under station STATION-1's key");
    }

    @Test
    void rejects_an_erasure_record_that_no_anchored_event_carries() throws Exception {
        final ObjectNode bundle = bundle(station("SM2"));
        ((ObjectNode) bundle.path("erasure").path("record")).put("result", "NOT_ERASED");

        assertThat(BundleVerifier.check(bundle, null).failure())
                .contains("not the one an anchored ERASURE_RECORDED event carries");
    }

    @Test
    void rejects_another_devices_event_and_a_missing_anchor() throws Exception {
        final ObjectNode foreign = bundle(station("ED25519"));
        foreign.put("deviceId", "DEV-SOMEONE-ELSE-0001");
        assertThat(BundleVerifier.check(foreign, null).failure()).contains("is about device " + DEVICE);

        final ObjectNode unanchored = bundle(station("ED25519"));
        ((ObjectNode) unanchored.path("anchors")).remove("0");
        assertThat(BundleVerifier.check(unanchored, null).failure()).contains("which the bundle does not carry");
    }

    @Test
    void exits_zero_one_or_two_as_the_command_line_promises(@TempDir final Path dir) throws Exception {
        final Path genuine = dir.resolve("genuine.json");
        Files.writeString(genuine, bundle(station("ED25519")).toString());
        final ObjectNode changed = bundle(station("ED25519"));
        ((ObjectNode) changed.path("events").get(0).path("event")).put("type", "SMELTED");
        final Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, changed.toString());

        assertThat(VerifyBundle.run(new String[] {genuine.toString()})).isZero();
        assertThat(VerifyBundle.run(new String[] {tampered.toString()})).isEqualTo(1);
        assertThat(VerifyBundle.run(new String[] {dir.resolve("missing.json").toString()})).isEqualTo(2);
        assertThat(VerifyBundle.run(new String[] {genuine.toString(), "--rpc"})).isEqualTo(2);
    }
}
