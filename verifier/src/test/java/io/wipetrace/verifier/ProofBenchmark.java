package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wipetrace.proof.AnchorHash;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Proof figures, printed, never asserted ({@code ./wipetrace bench proofs}): a Merkle tree over a million salted
 * event leaves (time, heap), inclusion proofs made and checked, and the verifier's time per bundle.
 *
 * <p>Arguments: {@code [leaves] [bundles]}, defaults 1,000,000 and 2,000.
 */
public final class ProofBenchmark {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ProofBenchmark() {}

    public static void main(final String[] args) throws Exception {
        final int leaves = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        final int bundles = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        System.out.printf("WipeTrace proof benchmark: %d cores, Java %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version());

        // Leaves as the anchoring service makes them: a salt and an event of realistic size each.
        final byte[] event = ("{\"actorMspId\":\"ProcessorOrgMSP\",\"details\":{\"method\":\"SHRED\"},\"deviceId\":"
                + "\"WT0123456789ABCDEFGHJKMNPQRS\",\"eventId\":\"" + "a".repeat(64) + ":0\",\"sequence\":5,"
                + "\"state\":\"STORAGE_DESTROYED\",\"txTimestamp\":\"2026-11-23T08:00:00Z\",\"type\":\"STORAGE_DESTROYED\"}")
                .getBytes(StandardCharsets.UTF_8);
        final byte[] salt = new byte[32];
        final List<byte[]> hashes = new ArrayList<>(leaves);
        System.gc();
        final long heapBefore = usedHeap();
        long start = System.nanoTime();
        for (int i = 0; i < leaves; i++) {
            RANDOM.nextBytes(salt);
            hashes.add(EventLeaf.hash(salt, event));
        }
        final double hashing = seconds(start);
        start = System.nanoTime();
        final MerkleTree tree = MerkleTree.of(hashes);
        final double building = seconds(start);
        final long heapAfter = usedHeap();
        System.out.printf("%,d leaves: hashed in %.2f s, tree built in %.2f s, heap for leaves and tree %,d MiB%n",
                leaves, hashing, building, (heapAfter - heapBefore) / (1024 * 1024));

        final int proofs = 10_000;
        start = System.nanoTime();
        int verified = 0;
        for (int i = 0; i < proofs; i++) {
            final int index = RANDOM.nextInt(leaves);
            final InclusionProof proof = tree.inclusionProof(index);
            verified += MerkleTree.verify(hashes.get(index), proof, tree.root()) ? 1 : 0;
        }
        System.out.printf("%,d inclusion proofs (%d steps each) made and checked: %.1f µs each, %d verified%n",
                proofs, tree.inclusionProof(0).path().size(), seconds(start) * 1e6 / proofs, verified);

        final ObjectNode bundle = bundle(tree.size());
        for (int i = 0; i < 200; i++) {
            BundleVerifier.check(bundle, null);
        }
        final long[] times = new long[bundles];
        for (int i = 0; i < bundles; i++) {
            final long t0 = System.nanoTime();
            final BundleVerifier.Result result = BundleVerifier.check(bundle, null);
            times[i] = System.nanoTime() - t0;
            if (!result.verified()) {
                throw new IllegalStateException(result.failure());
            }
        }
        Arrays.sort(times);
        System.out.printf("verifying a bundle of %d events with an Ed25519-signed erasure (offline): p50 %.2f ms,"
                + " p99 %.2f ms over %,d runs%n", bundle.path("events").size(), times[bundles / 2] / 1e6,
                times[(int) (bundles * 0.99)] / 1e6, bundles);
    }

    /** A device's bundle with eight events in a window of the given size (paths of full depth). */
    private static ObjectNode bundle(final int windowSize) throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        final KeyPair station = generator.generateKeyPair();
        final ObjectNode erasure = json.createObjectNode().put("deviceId", "DEV-BENCH-0000001").put("reportId", "R-1")
                .put("reportSha256", "ab".repeat(32)).put("result", "ERASED").put("stationId", "ST-1");
        final Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(station.getPrivate());
        signer.update(BundleVerifier.canonical(erasure));
        erasure.put("signature", Base64.getEncoder().encodeToString(signer.sign()));

        final int size = Math.min(windowSize, 4096);
        final List<byte[]> leaves = new ArrayList<>(size);
        final List<ObjectNode> events = new ArrayList<>();
        final List<byte[]> salts = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            final ObjectNode event = json.createObjectNode().put("eventId", "tx" + i + ":0")
                    .put("deviceId", i < 8 ? "DEV-BENCH-0000001" : "DEV-OTHER-" + i)
                    .put("type", i == 3 ? "ERASURE_RECORDED" : "STEP").put("txId", "tx" + i);
            event.set("details", i == 3 ? json.createObjectNode().set("erasure", erasure.deepCopy())
                    : json.createObjectNode());
            final byte[] salt = new byte[32];
            RANDOM.nextBytes(salt);
            events.add(event);
            salts.add(salt);
            leaves.add(EventLeaf.hash(salt, BundleVerifier.canonical(event)));
        }
        final MerkleTree tree = MerkleTree.of(leaves);
        final ObjectNode anchor = json.createObjectNode().put("sequence", 0).put("chainId", 31337)
                .put("merkleRoot", HEX.formatHex(tree.root())).put("firstBlock", 0).put("lastBlock", 99)
                .put("eventCount", size).put("lastBlockHash", "33".repeat(32)).put("previousAnchor", "00".repeat(32));
        anchor.put("anchorHash", HEX.formatHex(AnchorHash.of(tree.root(), 0, 99, size, HEX.parseHex("33".repeat(32)),
                new byte[32])));
        final ObjectNode bundle = json.createObjectNode().put("format", BundleVerifier.FORMAT)
                .put("version", BundleVerifier.VERSION).put("deviceId", "DEV-BENCH-0000001");
        final ArrayNode entries = bundle.putArray("events");
        for (int i = 0; i < 8; i++) {
            final ObjectNode entry = entries.addObject();
            entry.set("event", events.get(i));
            entry.put("salt", HEX.formatHex(salts.get(i))).put("anchor", 0).put("leafIndex", i);
            final ArrayNode path = entry.putArray("path");
            tree.inclusionProof(i).path().forEach(hash -> path.add(HEX.formatHex(hash)));
            entry.putObject("ledger").put("txId", "tx" + i).put("blockNumber", 10 + i);
        }
        bundle.putObject("anchors").set("0", anchor);
        final ObjectNode part = bundle.putObject("erasure");
        part.set("record", erasure);
        part.putObject("station").put("stationId", "ST-1").put("algorithm", "ED25519")
                .put("publicKey", Base64.getEncoder().encodeToString(station.getPublic().getEncoded()));
        return bundle;
    }

    private static long usedHeap() {
        final Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double seconds(final long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
