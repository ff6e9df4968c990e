package io.wipetrace.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wipetrace.proof.EventLeaf;
import io.wipetrace.proof.InclusionProof;
import io.wipetrace.proof.MerkleTree;
import io.wipetrace.proof.SignatureAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Proof figures, printed, never asserted ({@code ./wipetrace bench proofs}): a Merkle tree over a million salted
 * event leaves (time, heap), inclusion proofs made and checked, and the verifier's time per bundle.
 *
 * <p>Arguments: {@code [leaves] [bundles]}, defaults 1,000,000 and 2,000.
 */
public final class ProofBenchmark {

    private static final SecureRandom RANDOM = new SecureRandom();

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

        // A smelted phone's bundle as the gateway serves it: seven events and a station registration over four
        // windows of 4,096 leaves each (paths of full depth), checked as the command line checks it, without the
        // JVM's start and without the chain's round trips.
        final GenuineBundles.Built built = GenuineBundles.build(SignatureAlgorithm.ED25519,
                GenuineBundles.Ledger.GENUINE, 4096);
        final byte[] file = built.bundle().toString().getBytes(StandardCharsets.UTF_8);
        final ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < 200; i++) {
            BundleVerifier.check(json.readTree(file), built.trust(), null);
        }
        final long[] times = new long[bundles];
        for (int i = 0; i < bundles; i++) {
            final long t0 = System.nanoTime();
            final BundleVerifier.Result result = BundleVerifier.check(json.readTree(file), built.trust(), null);
            times[i] = System.nanoTime() - t0;
            if (!result.verified()) {
                throw new IllegalStateException(result.code() + ": " + result.reason());
            }
        }
        Arrays.sort(times);
        System.out.printf("verifying a smelted phone's bundle (%d events, %d registry events, %d anchors, %,d bytes;"
                + " parsed and checked, chain excluded): p50 %.2f ms, p99 %.2f ms over %,d runs (goal <= 50 ms)%n",
                built.bundle().path("events").size(), built.bundle().path("registry").size(),
                built.bundle().path("anchors").size(), file.length, times[bundles / 2] / 1e6,
                times[(int) (bundles * 0.99)] / 1e6, bundles);
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
