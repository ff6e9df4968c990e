package io.wipetrace.proof;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The head map's tree ({@link HeadMap}, docs/proof-bundle.md hash rule 3) with only its top levels held: the same
 * root and the same proofs as {@link HeadTree} and {@link HeadMap#of} give for the same heads, in memory that does not
 * grow with the ledger.
 *
 * <p>The keys are split into {@code 2^bits} buckets by the first {@code bits} bits of their hash. The tree holds, for
 * every node above the buckets and every bucket, how many keys are below it (none, one, more) and its hash at its
 * depth; the heads themselves stay where they are stored, and a bucket's heads are read from there ({@link Buckets})
 * when one of them is put or proven. With 16 bits its arrays take 4.6 MB whatever the number of keys (G1 rounds the
 * largest up to whole heap regions), where a {@link HeadTree} takes about 185 bytes a key; a bucket holds a few keys
 * at a million keys and about 150 at ten million, which is what a put or a proof reads.
 *
 * <p>A node's hash at its depth follows the trie's rule: an empty subtree is the empty hash, a subtree of one key is
 * that key's leaf node at every depth, and a subtree of more keys is its two halves' hashes joined, one of them the
 * empty hash when all its keys take the other side.
 *
 * <p>Not thread-safe: one owner puts. Between puts, {@link #root}, {@link #proof}, {@link #head} and {@link #size}
 * only read, so any number of threads may call them.
 */
public final class BucketedHeadTree {

    /** The bits of the key hash that choose a bucket by default: 65,536 buckets. */
    public static final int DEFAULT_BITS = 16;
    /** The most bits a tree takes: its arrays grow twofold with each bit, to about 70 MB at 20. */
    public static final int MAX_BITS = 20;

    private static final byte NONE = 0;
    private static final byte ONE = 1;
    private static final byte MORE = 2;

    /**
     * Where a tree's heads are stored, as of the state the tree is of.
     */
    @FunctionalInterface
    public interface Buckets {

        /**
         * @param bits the bits that choose a bucket
         * @param buckets some buckets, each below {@code 2^bits}, ascending
         * @return every head whose key's hash starts with one of those buckets' bits, in any order
         */
        List<HeadMap.Head> heads(int bits, int[] buckets);

        /**
         * @param heads heads held in memory, one per key (read each time, so a live view follows its changes)
         * @return them, bucket by bucket
         */
        static Buckets of(final Collection<HeadMap.Head> heads) {
            return (bits, buckets) -> heads.stream()
                    .filter(head -> Arrays.binarySearch(buckets, bucket(HeadMap.keyHash(head.key()), bits)) >= 0)
                    .toList();
        }
    }

    private final int bits;
    /** Node {@code i}'s hash at {@code hashes[32 i ..]}: the root is node 1, node i's halves are 2i and 2i + 1. */
    private final byte[] hashes;
    /** {@link #NONE}, {@link #ONE} or {@link #MORE} keys below each node. */
    private final byte[] below;
    /** The keys in each bucket. */
    private final int[] counts;
    private long size;

    /**
     * An empty tree.
     *
     * @param bits the bits of the key hash that choose a bucket, 1 to 20 (at 20, about 70 MB a tree)
     */
    public BucketedHeadTree(final int bits) {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("bits must be 1 to " + MAX_BITS + ", not " + bits);
        }
        this.bits = bits;
        this.hashes = new byte[32 << (bits + 1)];
        this.below = new byte[1 << (bits + 1)];
        this.counts = new int[1 << bits];
    }

    private BucketedHeadTree(final BucketedHeadTree other) {
        this.bits = other.bits;
        this.hashes = other.hashes.clone();
        this.below = other.below.clone();
        this.counts = other.counts.clone();
        this.size = other.size;
    }

    /** @return a tree of its own with the same keys and hashes, which later puts to either leave the other as it is */
    public BucketedHeadTree copy() {
        return new BucketedHeadTree(this);
    }

    /**
     * @param bits the bits that choose a bucket
     * @param heads one head per key
     * @return a tree of them
     * @throws IllegalArgumentException if a key has two heads
     */
    public static BucketedHeadTree of(final int bits, final Collection<HeadMap.Head> heads) {
        final List<Keyed> keyed = new ArrayList<>(heads.size());
        heads.forEach(head -> keyed.add(new Keyed(HeadMap.keyHash(head.key()), head)));
        keyed.sort(Comparator.comparingInt(k -> bucket(k.keyHash(), bits)));
        final Builder builder = new Builder(bits);
        keyed.forEach(k -> builder.add(k.keyHash(), k.head()));
        return builder.build();
    }

    private record Keyed(byte[] keyHash, HeadMap.Head head) {}

    /**
     * Builds a tree from heads given bucket after bucket (ascending), holding one bucket's heads at a time.
     */
    public static final class Builder {

        private final BucketedHeadTree tree;
        private int current = -1;
        private HeadTree heads = new HeadTree();

        /** @param bits the bits that choose a bucket */
        public Builder(final int bits) {
            this.tree = new BucketedHeadTree(bits);
        }

        /**
         * @param head the next head
         * @throws IllegalArgumentException if its bucket comes before the last head's, or its key has a head already
         */
        public void add(final HeadMap.Head head) {
            add(HeadMap.keyHash(head.key()), head);
        }

        void add(final byte[] keyHash, final HeadMap.Head head) {
            final int bucket = bucket(keyHash, tree.bits);
            if (bucket < current) {
                throw new IllegalArgumentException("the heads are not in bucket order: " + head.key() + " in bucket "
                        + bucket + " after bucket " + current);
            }
            if (bucket != current) {
                flush();
                current = bucket;
            }
            if (heads.put(head)) {
                throw new IllegalArgumentException("the key " + head.key() + " has two heads");
            }
        }

        private void flush() {
            if (current >= 0) {
                tree.setBucket(current, heads);
                heads = new HeadTree();
            }
        }

        /** @return the tree of every head added, hashed */
        public BucketedHeadTree build() {
            flush();
            current = Integer.MAX_VALUE;
            for (int node = (1 << tree.bits) - 1; node >= 1; node--) {
                tree.rehash(node);
            }
            return tree;
        }
    }

    /** @return the bits that choose a bucket */
    public int bits() {
        return bits;
    }

    /**
     * @param keyHash a key's hash
     * @param bits the bits that choose a bucket
     * @return its bucket: the number its first {@code bits} bits make
     */
    public static int bucket(final byte[] keyHash, final int bits) {
        return (int) (first32(keyHash) >>> (32 - bits));
    }

    /**
     * @param key a key
     * @return the first 32 bits of its hash, unsigned: a bucket at any number of bits is a range of them
     */
    public static long prefix(final String key) {
        return first32(HeadMap.keyHash(key));
    }

    private static long first32(final byte[] hash) {
        return ((hash[0] & 0xffL) << 24) | ((hash[1] & 0xffL) << 16) | ((hash[2] & 0xffL) << 8) | (hash[3] & 0xffL);
    }

    /** @return the root, 32 bytes (zeros while the tree is empty) */
    public byte[] root() {
        return Arrays.copyOfRange(hashes, 32, 64);
    }

    /** @return how many keys the tree holds */
    public long size() {
        return size;
    }

    /**
     * Sets some keys' heads, in their order (a key's later head replaces its earlier one).
     *
     * @param heads the new heads
     * @param before the stored heads, as of this tree's state before these puts
     * @return how many of them replaced a head a key had
     * @throws IllegalStateException if the stored heads of a bucket are not as many as this tree holds
     */
    public int putAll(final List<HeadMap.Head> heads, final Buckets before) {
        final Map<Integer, List<HeadMap.Head>> byBucket = new TreeMap<>();
        for (final HeadMap.Head head : heads) {
            byBucket.computeIfAbsent(bucket(HeadMap.keyHash(head.key()), bits), b -> new ArrayList<>()).add(head);
        }
        if (byBucket.isEmpty()) {
            return 0;
        }
        final Map<Integer, HeadTree> loaded = load(byBucket.keySet(), before);
        int replaced = 0;
        final TreeSet<Integer> dirty = new TreeSet<>(Comparator.reverseOrder());
        for (final Map.Entry<Integer, List<HeadMap.Head>> entry : byBucket.entrySet()) {
            final HeadTree bucketHeads = loaded.get(entry.getKey());
            for (final HeadMap.Head head : entry.getValue()) {
                if (bucketHeads.put(head)) {
                    replaced++;
                }
            }
            setBucket(entry.getKey(), bucketHeads);
            dirty.add(((1 << bits) + entry.getKey()) >>> 1);
        }
        // Deepest nodes first, so that each node's halves are hashed before it.
        while (!dirty.isEmpty()) {
            final int node = dirty.pollFirst();
            rehash(node);
            if (node > 1) {
                dirty.add(node >>> 1);
            }
        }
        return replaced;
    }

    /**
     * @param key a key
     * @param now the stored heads, as of this tree's state
     * @return its head, or empty if the tree does not hold the key
     */
    public Optional<HeadMap.Head> head(final String key, final Buckets now) {
        final int bucket = bucket(HeadMap.keyHash(key), bits);
        if (counts[bucket] == 0) {
            return Optional.empty();
        }
        return load(List.of(bucket), now).get(bucket).head(key);
    }

    /**
     * @param key a key
     * @param now the stored heads, as of this tree's state
     * @return its head and the proof that leads from it to {@link #root}, exactly as {@link HeadMap#proof} gives
     *     them, or empty if the tree does not hold the key
     */
    public Optional<HeadMap.Proof> proof(final String key, final Buckets now) {
        final byte[] keyHash = HeadMap.keyHash(key);
        final int bucket = bucket(keyHash, bits);
        if (counts[bucket] == 0) {
            return Optional.empty();
        }
        final Optional<HeadMap.Proof> inBucket = load(List.of(bucket), now).get(bucket).proof(key);
        if (inBucket.isEmpty()) {
            return Optional.empty();
        }
        final List<byte[]> path = new ArrayList<>();
        int node = 1;
        for (int depth = 0; depth < bits && below[node] == MORE; depth++) {
            final int half = 2 * node + HeadMap.bit(keyHash, depth);
            final int other = half ^ 1;
            // Beside a half that holds no key the trie folds with the empty hash, which is what the node stores.
            path.add(below[other] == NONE ? HeadMap.EMPTY.clone() : hash(other));
            node = half;
        }
        if (below[node] == MORE) {
            // The bucket's own path goes on from its depth; above it, every key of the bucket takes the same side.
            final List<byte[]> rest = inBucket.get().path();
            path.addAll(rest.subList(bits, rest.size()));
        }
        return Optional.of(new HeadMap.Proof(inBucket.get().head(), List.copyOf(path)));
    }

    /** The stored heads of some buckets, each in its tree, checked against the counts this tree holds. */
    private Map<Integer, HeadTree> load(final Collection<Integer> buckets, final Buckets source) {
        final Map<Integer, HeadTree> trees = new HashMap<>();
        for (final int bucket : buckets) {
            trees.put(bucket, new HeadTree());
        }
        // A bucket that holds no key has nothing stored to read.
        final int[] wanted = buckets.stream().mapToInt(Integer::intValue).filter(bucket -> counts[bucket] > 0).sorted()
                .toArray();
        for (final HeadMap.Head head : wanted.length == 0 ? List.<HeadMap.Head>of() : source.heads(bits, wanted)) {
            final HeadTree tree = trees.get(bucket(HeadMap.keyHash(head.key()), bits));
            if (tree == null || tree.put(head)) {
                throw new IllegalStateException("the stored heads gave " + head.key()
                        + (tree == null ? ", which is in none of the buckets asked for" : " twice"));
            }
        }
        for (final int bucket : wanted) {
            if (trees.get(bucket).size() != counts[bucket]) {
                throw new IllegalStateException("bucket " + bucket + " holds " + counts[bucket]
                        + " keys, and the stored heads have " + trees.get(bucket).size());
            }
        }
        return trees;
    }

    /** Sets a bucket's count, and its node's hash at the bucket's depth, from its heads. */
    private void setBucket(final int bucket, final HeadTree heads) {
        final int node = (1 << bits) + bucket;
        if (heads.size() == 0) {
            set(node, NONE, HeadMap.EMPTY);
        } else if (heads.size() == 1) {
            set(node, ONE, heads.root());
        } else {
            set(node, MORE, heads.hashAt(bits));
        }
        size += heads.size() - counts[bucket];
        counts[bucket] = heads.size();
    }

    /** Hashes an inner node from its two halves, one level deeper. */
    private void rehash(final int node) {
        final int left = 2 * node;
        final int right = left + 1;
        if (below[left] == NONE && below[right] == NONE) {
            set(node, NONE, HeadMap.EMPTY);
        } else if (below[left] == NONE) {
            set(node, below[right], below[right] == ONE ? hash(right) : HeadMap.innerNode(HeadMap.EMPTY, hash(right)));
        } else if (below[right] == NONE) {
            set(node, below[left], below[left] == ONE ? hash(left) : HeadMap.innerNode(hash(left), HeadMap.EMPTY));
        } else {
            set(node, MORE, HeadMap.innerNode(hash(left), hash(right)));
        }
    }

    private byte[] hash(final int node) {
        return Arrays.copyOfRange(hashes, 32 * node, 32 * node + 32);
    }

    private void set(final int node, final byte count, final byte[] hash) {
        below[node] = count;
        System.arraycopy(hash, 0, hashes, 32 * node, 32);
    }
}
