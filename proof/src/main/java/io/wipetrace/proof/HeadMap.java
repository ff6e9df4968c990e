package io.wipetrace.proof;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The head map an anchor commits to: for every key ({@code device:<id>}, {@code station:<id>}) the sequence and leaf
 * hash of its newest event, as a compact sparse Merkle tree over {@code k = SHA-256(UTF-8 key)} (docs/proof-bundle.md,
 * hash rule 3). An empty subtree hashes to 32 zero bytes, a subtree of one key to
 * {@code SHA-256(0x03 || k || u64(sequence) || leaf)}, any other subtree at depth {@code d} to
 * {@code SHA-256(0x04 || left || right)}, split on bit {@code d} of {@code k}. Directions come from {@code k}, so a
 * root proves at most one head per key: a bundle cannot show an older head of a device that moved on.
 *
 * <p>Building costs about {@code n log n} hashes; proofs are read from the built tree. {@link HeadTree} is the same
 * tree kept up to date one head at a time, for a root that changes by a few heads at a time.
 */
public final class HeadMap {

    private static final byte LEAF = 0x03;
    private static final byte NODE = 0x04;
    /** The hash of a subtree that holds no key. */
    static final byte[] EMPTY = new byte[32];

    /**
     * One key's head.
     *
     * @param key the key, e.g. {@code device:DEV-1}
     * @param sequence the newest event's sequence (a device event's own; a station's count of earlier events)
     * @param leaf the newest event's leaf hash, 32 bytes
     */
    public record Head(String key, long sequence, byte[] leaf) {
        /** Checks the fields. */
        public Head {
            if (key == null || key.isEmpty() || sequence < 0 || leaf == null || leaf.length != 32) {
                throw new IllegalArgumentException("a head needs a key, a sequence >= 0 and a 32-byte leaf");
            }
        }
    }

    /**
     * A head and the sibling hashes from the root's other child (index 0) down to its leaf.
     *
     * @param head the proven head
     * @param path the siblings, top down
     */
    public record Proof(Head head, List<byte[]> path) {}

    private final byte[][] keyHashes;
    private final Head[] heads;
    private final Map<Node, byte[]> nodes = new HashMap<>();
    private final byte[] root;

    private HeadMap(final List<Head> entries) {
        final int n = entries.size();
        final byte[][] hashes = new byte[n][];
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = keyHash(entries.get(i).key());
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(hashes[a], hashes[b]));
        keyHashes = new byte[n][];
        heads = new Head[n];
        for (int i = 0; i < n; i++) {
            keyHashes[i] = hashes[order[i]];
            heads[i] = entries.get(order[i]);
            if (i > 0 && Arrays.equals(keyHashes[i - 1], keyHashes[i])) {
                throw new IllegalArgumentException("the key " + heads[i].key() + " has two heads");
            }
        }
        root = build(0, n, 0);
    }

    /**
     * @param heads one head per key
     * @return the map
     * @throws IllegalArgumentException if a key has two heads
     */
    public static HeadMap of(final Collection<Head> heads) {
        return new HeadMap(new ArrayList<>(heads));
    }

    /** @return the root, 32 bytes (zeros for an empty map) */
    public byte[] root() {
        return root.clone();
    }

    /** @return how many keys the map holds */
    public int size() {
        return heads.length;
    }

    /**
     * @param key a key
     * @return its head and proof, or empty if the map does not hold it
     */
    public Optional<Proof> proof(final String key) {
        final byte[] k = keyHash(key);
        int lo = 0;
        int hi = heads.length;
        final List<byte[]> path = new ArrayList<>();
        for (int depth = 0; hi - lo > 1; depth++) {
            final int split = split(lo, hi, depth);
            if (bit(k, depth) == 0) {
                path.add(node(split, hi, depth + 1));
                hi = split;
            } else {
                path.add(node(lo, split, depth + 1));
                lo = split;
            }
        }
        if (hi - lo != 1 || !Arrays.equals(keyHashes[lo], k)) {
            return Optional.empty();
        }
        return Optional.of(new Proof(heads[lo], Collections.unmodifiableList(path)));
    }

    /**
     * Whether a proof leads to a root.
     *
     * @param proof the head and its siblings
     * @param root the head map's root
     * @return whether the head is the root's for its key
     */
    public static boolean verify(final Proof proof, final byte[] root) {
        final byte[] k = keyHash(proof.head().key());
        final List<byte[]> path = proof.path();
        if (path.size() > 256) {
            return false;
        }
        byte[] hash = leafNode(k, proof.head().sequence(), proof.head().leaf());
        for (int depth = path.size() - 1; depth >= 0; depth--) {
            final byte[] sibling = path.get(depth);
            if (sibling == null || sibling.length != 32) {
                return false;
            }
            hash = bit(k, depth) == 0 ? innerNode(hash, sibling) : innerNode(sibling, hash);
        }
        return MessageDigest.isEqual(hash, root);
    }

    /**
     * @param key a key
     * @return {@code SHA-256(UTF-8 key)}
     */
    public static byte[] keyHash(final String key) {
        return Sha256.digest(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The anchor root an anchor's calldata carries (hash rule 4): {@code SHA-256(0x02 || eventsRoot || headsRoot)}.
     *
     * @param eventsRoot the window's events tree root
     * @param headsRoot the head map's root
     * @return 32 bytes
     */
    public static byte[] anchorRoot(final byte[] eventsRoot, final byte[] headsRoot) {
        if (eventsRoot.length != 32 || headsRoot.length != 32) {
            throw new IllegalArgumentException("roots are 32 bytes");
        }
        return Sha256.digest(ByteBuffer.allocate(65).put((byte) 0x02).put(eventsRoot).put(headsRoot).array());
    }

    static byte[] leafNode(final byte[] keyHash, final long sequence, final byte[] leaf) {
        return Sha256.digest(ByteBuffer.allocate(73).put(LEAF).put(keyHash).putLong(sequence).put(leaf).array());
    }

    static byte[] innerNode(final byte[] left, final byte[] right) {
        return Sha256.digest(ByteBuffer.allocate(65).put(NODE).put(left).put(right).array());
    }

    private byte[] build(final int lo, final int hi, final int depth) {
        final byte[] hash;
        if (hi == lo) {
            hash = EMPTY;
        } else if (hi - lo == 1) {
            hash = leafNode(keyHashes[lo], heads[lo].sequence(), heads[lo].leaf());
        } else {
            final int split = split(lo, hi, depth);
            hash = innerNode(build(lo, split, depth + 1), build(split, hi, depth + 1));
        }
        nodes.put(new Node(lo, hi, depth), hash);
        return hash;
    }

    private byte[] node(final int lo, final int hi, final int depth) {
        return hi == lo ? EMPTY : nodes.get(new Node(lo, hi, depth));
    }

    /** A subtree: the sorted keys [lo, hi) at a depth (the same keys can form subtrees at several depths). */
    private record Node(int lo, int hi, int depth) {}

    /** The first index in [lo, hi) whose key hash has bit {@code depth} set (the keys are sorted). */
    private int split(final int lo, final int hi, final int depth) {
        int a = lo;
        int b = hi;
        while (a < b) {
            final int mid = (a + b) >>> 1;
            if (bit(keyHashes[mid], depth) == 0) {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        return a;
    }

    /** Bit {@code depth} of a key hash, counted from the most significant bit of its first byte. */
    static int bit(final byte[] hash, final int depth) {
        return (hash[depth >>> 3] >>> (7 - (depth & 7))) & 1;
    }
}
