package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.CanonicalJson;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.PublicForm;
import io.wipetrace.proof.SignatureAlgorithm;
import io.wipetrace.proof.Trust;
import io.wipetrace.proof.bundle.ProofBundle;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Genuine version-3 proof bundles, built the way the gateway builds them from a synthetic ledger: a smelted phone's
 * seven events (each naming the hash of the one before) among other devices' events, its wiping station's registry events, four anchored windows with real
 * salts, events trees, head maps and anchor hashes, a real station key; with the trust file and an EVM node
 * ({@link FakeNode}) that answer for exactly that ledger. Used by the verifier's tests, its benchmark and the
 * conformance corpus's tests.
 */
public final class GenuineBundles {

    /** The device every bundle is about. */
    public static final String DEVICE = "DEV-0001-GENUINE-BUNDLE";
    /** The wiping station. */
    public static final String STATION = "ST-PROCESSOR-01";
    /** The pinned chain. */
    public static final long CHAIN_ID = 31337;
    /** The pinned contract. */
    public static final String CONTRACT = "0x" + "a1".repeat(20);
    /** The transaction that deployed it. */
    public static final String DEPLOYMENT = "0x" + "d0".repeat(32);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How the synthetic ledger departs from what the chaincode allows, if at all. */
    public enum Ledger {
        /** As the chaincode writes it. */
        GENUINE,
        /** Genuine, and the station is revoked after the erasure. */
        REVOKED_AFTER_ERASURE,
        /** The station is revoked before the erasure (the chaincode would refuse the erasure). */
        REVOKED_BEFORE_ERASURE,
        /** The station is registered only after the erasure. */
        REGISTERED_AFTER_ERASURE,
        /** The erasure names a station the registry never held, signed with that station's own key. */
        UNREGISTERED_STATION,
        /** The erasure is signed with a key other than the station's registered one. */
        SIGNED_BY_ANOTHER_KEY,
        /** Genuine, but the first three events were written before events named their previous one. */
        CHAINED_FROM_THE_FOURTH_EVENT,
        /** Genuine, and the first anchor was made before head maps: its root is its events root. */
        FIRST_ANCHOR_WITHOUT_HEAD_MAP,
        /** The second event was anchored changed after the third had named its hash. */
        EVENT_REPLACED
    }

    /**
     * A bundle with what it takes to check it.
     *
     * @param bundle the bundle as the gateway serves it
     * @param trust the alliance's trust file
     * @param node an EVM node that carries exactly the ledger's anchors
     */
    public record Built(ObjectNode bundle, Trust trust, FakeNode node) {}

    private GenuineBundles() {}

    /**
     * @param algorithm the station's algorithm
     * @return a smelted phone's genuine bundle
     */
    public static Built smeltedPhone(final SignatureAlgorithm algorithm) {
        return build(algorithm, Ledger.GENUINE, 3);
    }

    /**
     * @param algorithm the station's algorithm
     * @param ledger how the ledger departs from the chaincode's rules
     * @param othersPerWindow other devices' events in each window, between the device's
     * @return the bundle of the ledger's smelted phone
     */
    public static Built build(final SignatureAlgorithm algorithm, final Ledger ledger, final int othersPerWindow) {
        final StationKey key = StationKey.generate(algorithm);
        final StationKey forger = StationKey.generate(algorithm);
        final String signer = ledger == Ledger.UNREGISTERED_STATION ? "ST-NEVER-REGISTERED" : STATION;
        final ObjectNode registration = registry("STATION_REGISTERED", key, s -> s);
        final ObjectNode revocation = registry("STATION_REVOKED", key, s -> s.put("status", "REVOKED")
                .put("revokedAt", "2026-11-21T09:00:00Z").put("revocationReason", "retired"));
        final ObjectNode erasure = erasure(signer, ledger == Ledger.SIGNED_BY_ANOTHER_KEY
                || ledger == Ledger.UNREGISTERED_STATION ? forger : key);
        final List<List<ObjectNode>> windows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>());
        if (ledger != Ledger.REGISTERED_AFTER_ERASURE) {
            windows.get(0).add(registration);
        }
        windows.get(0).add(device(0, "COLLECTED", "COLLECTED", "CollectorOrgMSP",
                JSON.createObjectNode().put("make", "华为").put("model", "P40").put("storageGb", 256)));
        windows.get(1).add(device(1, "HANDOVER_OFFERED", "IN_TRANSIT", "CollectorOrgMSP",
                JSON.createObjectNode().put("handoverId", "HO-1").put("toMspId", "ProcessorOrgMSP")));
        if (ledger == Ledger.REVOKED_BEFORE_ERASURE) {
            windows.get(1).add(revocation);
        }
        windows.get(1).add(device(2, "HANDOVER_ACCEPTED", "RECEIVED", "ProcessorOrgMSP",
                JSON.createObjectNode().put("handoverId", "HO-1").put("sealIntact", true)));
        windows.get(1).add(device(3, "ERASURE_RECORDED", "WIPED", "ProcessorOrgMSP", (ObjectNode) JSON
                .createObjectNode().put("stationAlgorithm", algorithm.name()).set("erasure", erasure)));
        if (ledger == Ledger.REGISTERED_AFTER_ERASURE) {
            windows.get(1).add(registration);
        }
        windows.get(2).add(device(4, "DISMANTLED", "DISMANTLED", "ProcessorOrgMSP",
                JSON.createObjectNode().put("storageComponentCommitment", "5c".repeat(32))));
        windows.get(2).add(device(5, "STORAGE_DESTROYED", "STORAGE_DESTROYED", "ProcessorOrgMSP",
                JSON.createObjectNode().put("method", "SHRED").put("evidenceSha256", "e5".repeat(32))));
        if (ledger == Ledger.REVOKED_AFTER_ERASURE) {
            windows.get(2).add(revocation);
        }
        windows.get(2).add(device(6, "SMELTED", "SMELTED", "SmelterOrgMSP", JSON.createObjectNode()
                .put("lotId", "LOT-2026-11").put("inputCount", 1).put("inputWeightGrams", 180)
                .put("outputWeightGrams", 12)));
        final List<ObjectNode> history = windows.stream().flatMap(List::stream)
                .filter(event -> DEVICE.equals(event.path("deviceId").asText())).toList();
        for (int i = ledger == Ledger.CHAINED_FROM_THE_FOURTH_EVENT ? 3 : 1; i < history.size(); i++) {
            history.get(i).put(PublicForm.PREVIOUS_EVENT_HASH, PublicForm.eventHash(history.get(i - 1)));
        }
        if (ledger == Ledger.EVENT_REPLACED) {
            ((ObjectNode) history.get(1).path("details")).put("toMspId", "SmelterOrgMSP");
        }
        return anchor(windows, othersPerWindow, ledger == Ledger.FIRST_ANCHOR_WITHOUT_HEAD_MAP);
    }

    /** Anchors the windows (other devices' events spread among each) and cuts the device's bundle. */
    private static Built anchor(final List<List<ObjectNode>> windows, final int othersPerWindow,
            final boolean firstWithoutHeadMap) {
        final Map<String, HeadMap.Head> heads = new LinkedHashMap<>();
        final Map<String, Integer> stationEvents = new LinkedHashMap<>();
        final ObjectNode bundle = JSON.createObjectNode().put("format", ProofBundle.FORMAT)
                .put("version", ProofBundle.VERSION).put("deviceId", DEVICE).put("channel", "wipetrace");
        final ArrayNode events = bundle.putArray("events");
        final ArrayNode registry = bundle.putArray("registry");
        final ObjectNode anchors = bundle.putObject("anchors");
        final FakeNode node = new FakeNode(CHAIN_ID, DEPLOYMENT, CONTRACT);
        final List<ObjectNode> registryEntries = new ArrayList<>();
        byte[] previous = new byte[32];
        long block = 0;
        int other = 0;
        HeadMap map = HeadMap.of(List.of());
        for (int sequence = 0; sequence < windows.size(); sequence++) {
            final List<ObjectNode> leaves = new ArrayList<>();
            final List<Long> blocks = new ArrayList<>();
            final long firstBlock = block;
            for (final ObjectNode event : windows.get(sequence)) {
                for (int i = 0; i < othersPerWindow / (windows.get(sequence).size() + 1) + 1; i++) {
                    leaves.add(otherDevice(other++));
                    blocks.add(block++);
                }
                leaves.add(event);
                blocks.add(block++);
            }
            while (leaves.size() < othersPerWindow + windows.get(sequence).size() || leaves.isEmpty()) {
                leaves.add(otherDevice(other++));
                blocks.add(block++);
            }
            final List<byte[]> hashes = new ArrayList<>();
            final List<ObjectNode> entries = new ArrayList<>();
            for (int i = 0; i < leaves.size(); i++) {
                final ObjectNode event = leaves.get(i);
                final byte[] salt = new byte[32];
                RANDOM.nextBytes(salt);
                final byte[] leaf = EventLeaf.hash(salt, PublicForm.canonical(event));
                hashes.add(leaf);
                final ObjectNode entry = JSON.createObjectNode();
                entry.set("event", event);
                entry.put("salt", HEX.formatHex(salt)).put("anchor", sequence).put("leafIndex", i);
                entry.putObject("ledger").put("txId", event.path("txId").asText()).put("blockNumber", blocks.get(i));
                entries.add(entry);
                if (event.has("change")) {
                    final String station = event.path("station").path("stationId").asText();
                    final int count = stationEvents.merge(station, 1, Integer::sum);
                    heads.put("station:" + station, new HeadMap.Head("station:" + station, count - 1, leaf));
                } else {
                    final String key = "device:" + event.path("deviceId").asText();
                    heads.put(key, new HeadMap.Head(key, event.path("sequence").asLong(), leaf));
                }
            }
            final MerkleTree tree = MerkleTree.of(hashes);
            for (int i = 0; i < entries.size(); i++) {
                final ArrayNode path = entries.get(i).putArray("path");
                tree.inclusionProof(i).path().forEach(hash -> path.add(HEX.formatHex(hash)));
                final ObjectNode event = (ObjectNode) entries.get(i).path("event");
                if (DEVICE.equals(event.path("deviceId").asText())) {
                    events.add(entries.get(i));
                } else if (event.has("change")) {
                    registryEntries.add(entries.get(i));
                }
            }
            map = HeadMap.of(heads.values());
            final byte[] lastBlockHash = sha256("fabric block " + (block - 1));
            // An anchor made before head maps committed to its events root alone (docs/proof-bundle.md, Version 1).
            final boolean withoutHeadMap = firstWithoutHeadMap && sequence == 0;
            final byte[] root = withoutHeadMap ? tree.root() : HeadMap.anchorRoot(tree.root(), map.root());
            final byte[] anchorHash = AnchorHash.of(root, firstBlock, block - 1, leaves.size(), lastBlockHash,
                    previous);
            final long evmBlock = 20 + 5L * sequence;
            final String evmTransaction = "0x" + HEX.formatHex(sha256("evm transaction " + sequence));
            final ObjectNode anchor = anchors.putObject(Integer.toString(sequence)).put("sequence", sequence)
                    .put("chainId", CHAIN_ID).put("contractAddress", CONTRACT).put("evmTransaction", evmTransaction)
                    .put("evmBlock", evmBlock).put("eventsRoot", HEX.formatHex(tree.root()))
                    .put("headsRoot", withoutHeadMap ? null : HEX.formatHex(map.root()))
                    .put("merkleRoot", HEX.formatHex(root))
                    .put("firstBlock", firstBlock).put("lastBlock", block - 1).put("eventCount", leaves.size())
                    .put("lastBlockHash", HEX.formatHex(lastBlockHash))
                    .put("previousAnchor", HEX.formatHex(previous)).put("anchorHash", HEX.formatHex(anchorHash))
                    .put("fabricTxId", HEX.formatHex(sha256("fabric anchor " + sequence)));
            node.anchored(sequence, anchorHash, evmTransaction, evmBlock);
            previous = anchorHash;
        }
        final long headsAnchor = windows.size() - 1;
        node.head(20 + 5L * headsAnchor + 3);
        // The bundle: the registry events of the erasures' stations, the anchors entries name, the heads anchor.
        final TreeSet<String> signers = new TreeSet<>();
        events.forEach(entry -> {
            if ("ERASURE_RECORDED".equals(entry.path("event").path("type").asText())) {
                signers.add(entry.path("event").path("details").path("erasure").path("stationId").asText());
            }
        });
        registryEntries.stream().filter(e -> signers.contains(e.path("event").path("station").path("stationId")
                .asText())).forEach(registry::add);
        final TreeSet<Long> named = new TreeSet<>(List.of(headsAnchor));
        events.forEach(e -> named.add(e.path("anchor").asLong()));
        registry.forEach(e -> named.add(e.path("anchor").asLong()));
        anchors.retain(named.stream().map(String::valueOf).toList());
        final ObjectNode headsNode = bundle.putObject("heads").put("anchor", headsAnchor);
        final ArrayNode headEntries = headsNode.putArray("entries");
        final List<String> keys = new ArrayList<>(List.of("device:" + DEVICE));
        signers.forEach(station -> keys.add("station:" + station));
        for (final String key : keys) {
            final var proof = map.proof(key);
            if (proof.isEmpty()) {
                continue;
            }
            final ObjectNode head = headEntries.addObject().put("key", key)
                    .put("sequence", proof.get().head().sequence())
                    .put("leaf", HEX.formatHex(proof.get().head().leaf()));
            final ArrayNode path = head.putArray("path");
            proof.get().path().forEach(hash -> path.add(HEX.formatHex(hash)));
        }
        bundle.put("eventsNotYetAnchored", 0);
        return new Built(bundle, trust(), node);
    }

    /** @return the trust file that pins this ledger's chain and contract, two confirmations deep */
    public static Trust trust() {
        return Trust.parse(trustFile(2).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param confirmations a positive number, or 0 for {@code "finalized"}
     * @return the trust file's text
     */
    public static String trustFile(final int confirmations) {
        return "{\"format\":\"wipetrace-trust\",\"version\":1,\"alliance\":\"WipeTrace test alliance\","
                + "\"channel\":\"wipetrace\",\"chainId\":" + CHAIN_ID + ",\"anchorContract\":\"" + CONTRACT + "\","
                + "\"deploymentTransaction\":\"" + DEPLOYMENT + "\",\"confirmations\":"
                + (confirmations == 0 ? "\"finalized\"" : confirmations) + ",\"memberCertificateAuthorities\":"
                + "{\"ProcessorOrgMSP\":" + JSON.getNodeFactory().textNode(TestCa.PEM) + "}}";
    }

    private static ObjectNode device(final int sequence, final String type, final String state,
            final String custodian, final ObjectNode details) {
        final String txId = HEX.formatHex(sha256(DEVICE + " " + sequence));
        final ObjectNode event = JSON.createObjectNode().put("actorMspId", custodian)
                .put("custodianMspId", custodian).put("deviceId", DEVICE).put("eventId", txId + ":0")
                .put("sequence", sequence).put("siteId", "SITE-" + custodian).put("state", state).put("txId", txId)
                .put("txTimestamp", "2026-11-2" + sequence + "T08:00:00Z").put("type", type);
        event.set("details", details);
        return event;
    }

    private static ObjectNode otherDevice(final int index) {
        final String txId = HEX.formatHex(sha256("other " + index));
        final ObjectNode event = JSON.createObjectNode().put("actorMspId", "CollectorOrgMSP")
                .put("custodianMspId", "CollectorOrgMSP").put("deviceId", String.format("DEV-OTHER-%012d", index))
                .put("eventId", txId + ":0").put("sequence", 0).put("siteId", "SITE-CollectorOrgMSP")
                .put("state", "COLLECTED").put("txId", txId).put("txTimestamp", "2026-11-20T07:00:00Z")
                .put("type", "COLLECTED");
        event.putObject("details").put("make", "Xiaomi").put("storageGb", 128);
        return event;
    }

    private static ObjectNode registry(final String change, final StationKey key,
            final UnaryOperator<ObjectNode> station) {
        final String txId = HEX.formatHex(sha256(change + " " + STATION));
        final ObjectNode event = JSON.createObjectNode().put("change", change).put("txId", txId)
                .put("txTimestamp", "2026-11-19T08:00:00Z");
        event.set("station", station.apply(JSON.createObjectNode().put("algorithm", key.algorithm().name())
                .put("mspId", "ProcessorOrgMSP").put("publicKey", Base64.getEncoder().encodeToString(key.publicKey()))
                .put("registeredAt", "2026-11-19T08:00:00Z").put("siteId", "SITE-ProcessorOrgMSP")
                .put("stationId", STATION).put("status", "ACTIVE")));
        return event;
    }

    private static ObjectNode erasure(final String station, final StationKey key) {
        final ObjectNode record = JSON.createObjectNode().put("deviceId", DEVICE).put("reportId", "RPT-0001")
                .put("reportSha256", "ab".repeat(32)).put("method", "PURGE").put("technique", "crypto erase")
                .put("standard", "NIST SP 800-88r1").put("tool", "wipe-kit").put("toolVersion", "4.2")
                .put("result", "ERASED").put("startedAt", "2026-11-23T09:00:00Z")
                .put("endedAt", "2026-11-23T09:30:00Z").put("siteId", "SITE-ProcessorOrgMSP")
                .put("operator", "op-7").put("consentReference", "consent-1").put("stationId", station);
        record.putObject("verification").put("mode", "FULL").put("by", "op-8");
        record.put("signature", Base64.getEncoder().encodeToString(key.sign(CanonicalJson.bytes(record))));
        return record;
    }

    static byte[] sha256(final String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A station's key pair as the registry takes it (DER SubjectPublicKeyInfo) and a signer.
     *
     * @param algorithm the algorithm
     * @param publicKey the DER public key
     * @param signer signs bytes
     */
    public record StationKey(SignatureAlgorithm algorithm, byte[] publicKey, Signer signer) {

        /** Signs bytes with the station's private key. */
        public interface Signer {
            /**
             * @param payload the bytes
             * @return the signature
             * @throws Exception if signing fails
             */
            byte[] sign(byte[] payload) throws Exception;
        }

        /**
         * @param payload the bytes
         * @return the signature
         */
        public byte[] sign(final byte[] payload) {
            try {
                return signer.sign(payload);
            } catch (Exception e) {
                throw new IllegalStateException("signing failed", e);
            }
        }

        /**
         * @param algorithm the algorithm
         * @return a fresh key
         */
        public static StationKey generate(final SignatureAlgorithm algorithm) {
            try {
                if (algorithm == SignatureAlgorithm.SM2) {
                    final ECKeyPairGenerator generator = new ECKeyPairGenerator();
                    // A named-curve key, as the registry accepts it (explicit curve parameters are refused).
                    generator.init(new ECKeyGenerationParameters(new ECNamedDomainParameters(
                            GMObjectIdentifiers.sm2p256v1, GMNamedCurves.getByName("sm2p256v1")), RANDOM));
                    final AsymmetricCipherKeyPair pair = generator.generateKeyPair();
                    return new StationKey(algorithm,
                            SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(pair.getPublic()).getEncoded(),
                            payload -> sm2(pair, payload));
                }
                final boolean ec = algorithm == SignatureAlgorithm.ECDSA_P256;
                final KeyPairGenerator generator = KeyPairGenerator.getInstance(ec ? "EC" : "Ed25519");
                if (ec) {
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                }
                final KeyPair pair = generator.generateKeyPair();
                return new StationKey(algorithm, pair.getPublic().getEncoded(), payload -> {
                    final Signature signature = Signature.getInstance(ec ? "SHA256withECDSA" : "Ed25519");
                    signature.initSign(pair.getPrivate());
                    signature.update(payload);
                    return signature.sign();
                });
            } catch (Exception e) {
                throw new IllegalStateException("cannot make a " + algorithm + " key", e);
            }
        }

        private static byte[] sm2(final AsymmetricCipherKeyPair pair, final byte[] payload) throws CryptoException {
            final SM2Signer signer = new SM2Signer();
            signer.init(true, pair.getPrivate());
            signer.update(payload, 0, payload.length);
            return signer.generateSignature();
        }
    }
}
