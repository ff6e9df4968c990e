package io.wipetrace.proof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The head map's tree ({@link HeadMap}, docs/proof-bundle.md hash rule 3) kept up to date one head at a time: {@link
 * #put} adds a key's head or replaces it and marks that key's path for rehashing, and {@link #root} rehashes the
 * marked nodes alone, so a root that moves by a few heads costs a few times the tree's depth in hashes, not a
 * rebuild of every key (and a tree filled at once, by {@link #of}, hashes each node once, as {@link HeadMap#of}
 * does). Its root and its proofs are always those {@link HeadMap#of} gives for the same heads. It never forgets a
 * key, as the head map never does.
 *
 * <p>A binary trie over {@code k = SHA-256(UTF-8 key)}: a leaf per key, and an inner node only where the keys
 * below it first differ, at bit {@code split}. A subtree's hash at a depth above its split is its hash at the split,
 * folded with the empty hash on the side its keys do not take at each depth in between; a single key's hash is the
 * same at every depth.
 *
 * <p>It holds every key it is given: the gateway keeps a {@link BucketedHeadTree}, which holds only the top of the
 * tree and builds one of these for a bucket's keys when it needs them. Its size per key: a leaf keeps only
 * the key's hash, its sequence and its leaf (one array of 64 bytes; the key itself is given back by whoever asks for
 * it, and the leaf's node hash is computed when its parent is), and an inner node its split and its hash. About 185
 * bytes a key on a 64-bit JVM with compressed references, where a leaf that kept its head and node hash took about
 * 350 ({@code HeadTreeTest} prints the figure).
 *
 * <p>Not thread-safe: one owner puts. Once {@link #root} has been taken after the last put, every inner hash is kept
 * and {@link #root}, {@link #proof}, {@link #head} and {@link #size} only read, so any number of threads may call them
 * until the next put.
 */
public final class HeadTree {

    private Node root;
    private int size;

    /**
     * @param heads one head per key
     * @return a tree holding them
     * @throws IllegalArgumentException if a key has two heads
     */
    public static HeadTree of(final Collection<HeadMap.Head> heads) {
        final HeadTree tree = new HeadTree();
        for (final HeadMap.Head head : heads) {
            if (tree.put(head)) {
                throw new IllegalArgumentException("the key " + head.key() + " has two heads");
            }
        }
        return tree;
    }

    /**
     * Sets a key's head.
     *
     * @param head the key's new head
     * @return whether it replaced a head the key had
     */
    public boolean put(final HeadMap.Head head) {
        final Leaf leaf = new Leaf(HeadMap.keyHash(head.key()), head.sequence(), head.leaf());
        final int before = size;
        root = put(root, leaf, 0);
        return size == before;
    }

    /** @return the root, 32 bytes (zeros while the tree is empty) */
    public byte[] root() {
        return (root == null ? HeadMap.EMPTY : root.hashAt(0)).clone();
    }

    /**
     * @param depth a depth at which every key of the tree still shares its hash's bits above it
     * @return the tree's hash where it hangs at that depth (zeros while the tree is empty)
     */
    byte[] hashAt(final int depth) {
        return (root == null ? HeadMap.EMPTY : root.hashAt(depth)).clone();
    }

    /**
     * @param key a key
     * @return its head and the proof that leads from it to {@link #root}, exactly as {@link HeadMap#proof} gives
     *     them, or empty if the tree does not hold the key
     */
    public Optional<HeadMap.Proof> proof(final String key) {
        return find(key, new ArrayList<>());
    }

    /**
     * @param key a key
     * @return its head, or empty if the tree does not hold the key
     */
    public Optional<HeadMap.Head> head(final String key) {
        return find(key, null).map(HeadMap.Proof::head);
    }

    /** The key's head, and its proof's path into {@code path} unless that is null. */
    private Optional<HeadMap.Proof> find(final String key, final List<byte[]> path) {
        final byte[] k = HeadMap.keyHash(key);
        Node node = root;
        int depth = 0;
        while (node instanceof Inner inner) {
            // Above its split every key below it takes one side; the other side is empty.
            for (int d = depth; d < inner.split; d++) {
                if (HeadMap.bit(k, d) != HeadMap.bit(inner.someKey(), d)) {
                    return Optional.empty();
                }
                if (path != null) {
                    path.add(HeadMap.EMPTY.clone());
                }
            }
            final boolean left = HeadMap.bit(k, inner.split) == 0;
            if (path != null) {
                path.add((left ? inner.right : inner.left).hashAt(inner.split + 1).clone());
            }
            node = left ? inner.left : inner.right;
            depth = inner.split + 1;
        }
        if (!(node instanceof Leaf leaf) || !leaf.holds(k)) {
            return Optional.empty();
        }
        final HeadMap.Head head = new HeadMap.Head(key, leaf.sequence, leaf.leaf());
        return Optional.of(new HeadMap.Proof(head, path == null ? List.of() : List.copyOf(path)));
    }

    /** @return how many keys the tree holds */
    public int size() {
        return size;
    }

    /** Puts a leaf into the subtree {@code node} whose keys share their bits before {@code depth}. */
    private Node put(final Node node, final Leaf leaf, final int depth) {
        if (node == null) {
            size++;
            return leaf;
        }
        final int differs = firstDifference(node.someKey(), leaf.someKey(), depth, node.split());
        if (differs < 0 && node instanceof Leaf) {
            return leaf;
        }
        if (differs >= 0) {
            size++;
            return HeadMap.bit(leaf.someKey(), differs) == 0 ? new Inner(differs, leaf, node)
                    : new Inner(differs, node, leaf);
        }
        final Inner inner = (Inner) node;
        if (HeadMap.bit(leaf.someKey(), inner.split) == 0) {
            inner.left = put(inner.left, leaf, inner.split + 1);
        } else {
            inner.right = put(inner.right, leaf, inner.split + 1);
        }
        inner.hash = null;
        return inner;
    }

    /** The first bit in [from, to) where two key hashes differ, or -1. */
    private static int firstDifference(final byte[] a, final byte[] b, final int from, final int to) {
        for (int depth = from; depth < to; depth++) {
            if (HeadMap.bit(a, depth) != HeadMap.bit(b, depth)) {
                return depth;
            }
        }
        return -1;
    }

    /** A subtree. */
    private sealed interface Node permits Leaf, Inner {

        /**
         * @return the hash of the subtree where it hangs at a depth (at or above its split), rehashing what a put
         *     marked; not to be changed
         */
        byte[] hashAt(int depth);

        /**
         * @return an array whose first 32 bytes are the key hash of one of its keys (all of them share the bits before
         *     {@link #split()}); only those bits are read, and the array is not to be changed
         */
        byte[] someKey();

        /** @return the first bit its keys may differ in (256 for a single key) */
        int split();
    }

    /**
     * One key's head: its key's hash and its leaf in one array, and its sequence. Its node hash is the same at every
     * depth, and computed when asked for: only the parent of a leaf a put reached asks again.
     */
    private static final class Leaf implements Node {

        /** The key's hash (32 bytes), then the leaf (32 bytes). */
        private final byte[] keyAndLeaf;
        private final long sequence;

        Leaf(final byte[] keyHash, final long sequence, final byte[] leaf) {
            this.keyAndLeaf = Arrays.copyOf(keyHash, 64);
            System.arraycopy(leaf, 0, keyAndLeaf, 32, 32);
            this.sequence = sequence;
        }

        boolean holds(final byte[] keyHash) {
            return Arrays.equals(keyAndLeaf, 0, 32, keyHash, 0, 32);
        }

        byte[] leaf() {
            return Arrays.copyOfRange(keyAndLeaf, 32, 64);
        }

        @Override
        public byte[] hashAt(final int depth) {
            return HeadMap.leafNode(Arrays.copyOf(keyAndLeaf, 32), sequence, leaf());
        }

        @Override
        public byte[] someKey() {
            return keyAndLeaf;
        }

        @Override
        public int split() {
            return 256;
        }
    }

    /** Two or more keys that share their bits before {@code split} and differ in it. */
    private static final class Inner implements Node {

        private final int split;
        private final byte[] someKey;
        private Node left;
        private Node right;
        /** Its hash at its split; null since a put below it, until the next root is taken. */
        private byte[] hash;

        Inner(final int split, final Node left, final Node right) {
            this.split = split;
            this.someKey = left.someKey();
            this.left = left;
            this.right = right;
        }

        @Override
        public byte[] hashAt(final int depth) {
            if (hash == null) {
                hash = HeadMap.innerNode(left.hashAt(split + 1), right.hashAt(split + 1));
            }
            byte[] folded = hash;
            for (int d = split - 1; d >= depth; d--) {
                folded = HeadMap.bit(someKey, d) == 0 ? HeadMap.innerNode(folded, HeadMap.EMPTY)
                        : HeadMap.innerNode(HeadMap.EMPTY, folded);
            }
            return folded;
        }

        @Override
        public byte[] someKey() {
            return someKey;
        }

        @Override
        public int split() {
            return split;
        }
    }
}
