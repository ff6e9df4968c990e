package io.wipetrace.proof;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A Merkle tree over leaf hashes, as RFC 6962 section 2.1 defines it: for n leaves, the tree hash splits at the
 * largest power of two smaller than n, so a tree of any size has one root and every leaf one audit path.
 *
 * <p>Immutable; building it hashes every inner node once.
 */
public final class MerkleTree {

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    /** {@code levels.get(0)} are the leaf hashes; each next level pairs the previous one, an odd last node carried up. */
    private final List<List<byte[]>> levels;

    private MerkleTree(final List<List<byte[]>> levels) {
        this.levels = levels;
    }

    /**
     * Builds the tree over leaf hashes (see {@link #leafHash(byte[])}).
     *
     * @param leafHashes at least one 32-byte leaf hash, in leaf order
     * @return the tree
     * @throws IllegalArgumentException if there is no leaf or a hash is not 32 bytes
     */
    public static MerkleTree of(final List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            throw new IllegalArgumentException("A Merkle tree needs at least one leaf");
        }
        final List<byte[]> leaves = new ArrayList<>(leafHashes.size());
        for (final byte[] hash : leafHashes) {
            leaves.add(checked(hash).clone());
        }
        // Pairing left to right and carrying an odd last node up gives exactly RFC 6962's split at the largest
        // power of two: the left subtree of every node is complete.
        final List<List<byte[]>> levels = new ArrayList<>();
        levels.add(List.copyOf(leaves));
        List<byte[]> level = leaves;
        while (level.size() > 1) {
            final List<byte[]> up = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                up.add(nodeHash(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                up.add(level.getLast());
            }
            levels.add(List.copyOf(up));
            level = up;
        }
        return new MerkleTree(List.copyOf(levels));
    }

    /** @return how many leaves the tree has */
    public int size() {
        return levels.getFirst().size();
    }

    /** @return the 32-byte root hash */
    public byte[] root() {
        return levels.getLast().getFirst().clone();
    }

    /**
     * The audit path of one leaf: the sibling hashes from the leaf up to the root (RFC 6962 section 2.1.1).
     *
     * @param leafIndex the leaf, from 0
     * @return the proof
     * @throws IndexOutOfBoundsException if there is no such leaf
     */
    public InclusionProof inclusionProof(final int leafIndex) {
        final int size = size();
        if (leafIndex < 0 || leafIndex >= size) {
            throw new IndexOutOfBoundsException("leaf " + leafIndex + " of a tree of " + size);
        }
        final List<byte[]> path = new ArrayList<>();
        int index = leafIndex;
        for (int depth = 0; depth < levels.size() - 1; depth++) {
            final List<byte[]> level = levels.get(depth);
            final int sibling = index ^ 1;
            // A node without a sibling at this level was carried up unchanged: nothing to add.
            if (sibling < level.size()) {
                path.add(level.get(sibling).clone());
            }
            index >>= 1;
        }
        return new InclusionProof(leafIndex, size, path);
    }

    /**
     * Checks an audit path against a root (RFC 9162 section 2.1.3.2).
     *
     * @param leafHash the leaf's hash
     * @param proof the leaf's index, the tree size and the audit path
     * @param root the root it must lead to
     * @return whether the path leads from the leaf to the root
     */
    public static boolean verify(final byte[] leafHash, final InclusionProof proof, final byte[] root) {
        if (leafHash.length != 32 || root.length != 32 || proof.leafIndex() < 0
                || proof.leafIndex() >= proof.treeSize()) {
            return false;
        }
        long fn = proof.leafIndex();
        long sn = proof.treeSize() - 1L;
        byte[] r = leafHash;
        for (final byte[] p : proof.path()) {
            if (p.length != 32 || sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * A leaf's hash: {@code SHA-256(0x00 || data)}.
     *
     * @param data the leaf's data
     * @return 32 bytes
     */
    public static byte[] leafHash(final byte[] data) {
        final MessageDigest sha256 = sha256();
        sha256.update(LEAF_PREFIX);
        sha256.update(data);
        return sha256.digest();
    }

    /**
     * An inner node's hash: {@code SHA-256(0x01 || left || right)}.
     *
     * @param left the left child's hash
     * @param right the right child's hash
     * @return 32 bytes
     */
    public static byte[] nodeHash(final byte[] left, final byte[] right) {
        final MessageDigest sha256 = sha256();
        sha256.update(NODE_PREFIX);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    private static byte[] checked(final byte[] hash) {
        if (hash == null || hash.length != 32) {
            throw new IllegalArgumentException("A leaf hash must be 32 bytes, not "
                    + (hash == null ? "null" : hash.length + ": " + Arrays.toString(hash)));
        }
        return hash;
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }
}
