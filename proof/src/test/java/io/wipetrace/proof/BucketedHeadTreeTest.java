package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BucketedHeadTreeTest {

    /** Heads as a store keeps them: asked for by bucket, and counting how many it gave. */
    private static final class Stored implements BucketedHeadTree.Buckets {

        final Map<String, HeadMap.Head> heads = new HashMap<>();
        final AtomicInteger given = new AtomicInteger();

        /** @return a store of {@code count} keys {@code <prefix><i>}, each with a head of sequence 0 */
        static Stored of(final String prefix, final int count) {
            final Stored stored = new Stored();
            for (int i = 0; i < count; i++) {
                stored.heads.put(prefix + i, head(prefix + i, 0, "leaf " + i));
            }
            return stored;
        }

        @Override
        public List<HeadMap.Head> heads(final int bits, final int[] buckets) {
            final List<HeadMap.Head> found = BucketedHeadTree.Buckets.of(heads.values()).heads(bits, buckets);
            given.addAndGet(found.size());
            return found;
        }
    }

    @Test
    void an_empty_tree_has_the_empty_root_and_proves_nothing() {
        final BucketedHeadTree tree = new BucketedHeadTree(4);

        assertThat(tree.root()).isEqualTo(new byte[32]).isEqualTo(HeadMap.of(List.of()).root());
        assertThat(tree.size()).isZero();
        assertThat(tree.proof("device:DEV-1", new Stored())).isEmpty();
        assertThat(tree.head("device:DEV-1", new Stored())).isEmpty();
    }

    @Test
    void a_tree_of_one_key_has_that_keys_leaf_node_as_root_and_an_empty_path() {
        final Stored stored = new Stored();
        final HeadMap.Head only = head("device:DEV-1", 4, "a");
        final BucketedHeadTree tree = new BucketedHeadTree(8);

        tree.putAll(List.of(only), stored);
        stored.heads.put(only.key(), only);

        assertThat(tree.root()).isEqualTo(HeadMap.leafNode(HeadMap.keyHash("device:DEV-1"), 4, only.leaf()));
        assertThat(tree.proof("device:DEV-1", stored).orElseThrow().path()).isEmpty();
        assertThat(tree.size()).isEqualTo(1);
    }

    @Property(tries = 60)
    void after_any_puts_its_root_heads_and_proofs_are_the_head_maps(
            @ForAll @IntRange(min = 1, max = 10) int bits, @ForAll @IntRange(min = 1, max = 400) int puts,
            @ForAll @IntRange(min = 1, max = 300) int keys, @ForAll long seed) {
        final Random random = new Random(seed);
        final Stored stored = new Stored();
        final BucketedHeadTree tree = new BucketedHeadTree(bits);
        int done = 0;
        while (done < puts) {
            // A window's worth of heads at a time; keys from a small pool at times, so some puts replace a head.
            final List<HeadMap.Head> window = new ArrayList<>();
            for (int i = random.nextInt(30) + 1; i > 0 && done < puts; i--, done++) {
                final String key = (random.nextBoolean() ? "device:DEV-" : "station:ST-") + random.nextInt(keys);
                window.add(head(key, random.nextInt(1000), "leaf " + random.nextLong()));
            }
            final long replaced = window.stream().filter(h -> stored.heads.containsKey(h.key())).count();
            final Map<String, HeadMap.Head> before = new HashMap<>(stored.heads);
            final BucketedHeadTree.Buckets asBefore = BucketedHeadTree.Buckets.of(before.values());
            final int counted = tree.putAll(window, asBefore);
            window.forEach(h -> stored.heads.put(h.key(), h));
            // A key put twice in one window replaces its own first head the second time.
            assertThat(counted).isGreaterThanOrEqualTo((int) replaced);
            assertThat(tree.root()).isEqualTo(HeadMap.of(stored.heads.values()).root());
        }

        final HeadMap map = HeadMap.of(stored.heads.values());
        assertThat(tree.size()).isEqualTo(stored.heads.size());
        assertThat(BucketedHeadTree.of(bits, stored.heads.values()).root()).isEqualTo(map.root());
        for (int i = 0; i < keys; i++) {
            for (final String key : List.of("device:DEV-" + i, "station:ST-" + i)) {
                HeadTreeTest.assertSameProof(tree.proof(key, stored), map.proof(key));
                assertThat(tree.head(key, stored).map(HeadMap.Head::sequence))
                        .isEqualTo(map.proof(key).map(p -> p.head().sequence()));
            }
        }
    }

    @Test
    void builds_from_heads_given_bucket_by_bucket_as_from_them_all_at_once() {
        final List<HeadMap.Head> heads = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            heads.add(head("device:B-" + i, i % 5, "leaf " + i));
        }
        heads.sort((a, b) -> Long.compare(BucketedHeadTree.prefix(a.key()), BucketedHeadTree.prefix(b.key())));
        final BucketedHeadTree.Builder builder = new BucketedHeadTree.Builder(BucketedHeadTree.DEFAULT_BITS);
        heads.forEach(builder::add);

        final BucketedHeadTree tree = builder.build();

        assertThat(tree.root()).isEqualTo(HeadTree.of(heads).root());
        assertThat(tree.size()).isEqualTo(5_000);
        final Stored stored = new Stored();
        heads.forEach(h -> stored.heads.put(h.key(), h));
        final HeadMap.Proof proof = tree.proof("device:B-77", stored).orElseThrow();
        assertThat(HeadMap.verify(proof, tree.root())).isTrue();
    }

    @Test
    void a_copy_moves_apart_from_the_tree_it_was_copied_from() {
        final Stored stored = Stored.of("device:C-", 300);
        final BucketedHeadTree tree = BucketedHeadTree.of(4, stored.heads.values());
        final byte[] before = tree.root();

        final BucketedHeadTree copy = tree.copy();
        assertThat(copy.root()).isEqualTo(before);
        assertThat(copy.size()).isEqualTo(300);

        final HeadMap.Head moved = head("device:C-7", 1, "a later leaf");
        copy.putAll(List.of(moved), stored);
        final HeadMap.Head added = head("device:C-new", 0, "a new leaf");
        tree.putAll(List.of(added), stored);

        final Map<String, HeadMap.Head> copied = new HashMap<>(stored.heads);
        copied.put(moved.key(), moved);
        assertThat(copy.root()).isEqualTo(HeadMap.of(copied.values()).root());
        final Map<String, HeadMap.Head> original = new HashMap<>(stored.heads);
        original.put(added.key(), added);
        assertThat(tree.root()).isEqualTo(HeadMap.of(original.values()).root());
        assertThat(tree.size()).isEqualTo(301);
        assertThat(copy.size()).isEqualTo(300);
    }

    @Test
    void refuses_heads_out_of_bucket_order_and_two_heads_for_one_key() {
        final BucketedHeadTree.Builder builder = new BucketedHeadTree.Builder(8);
        final List<HeadMap.Head> heads = new ArrayList<>(List.of(head("device:A", 0, "a"), head("device:B", 0, "b")));
        heads.sort((a, b) -> Long.compare(BucketedHeadTree.prefix(b.key()), BucketedHeadTree.prefix(a.key())));
        builder.add(heads.get(0));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.add(heads.get(1)))
                .withMessageContaining("bucket order");

        assertThatIllegalArgumentException().isThrownBy(() -> BucketedHeadTree.of(8,
                List.of(head("device:DEV-1", 0, "a"), head("device:DEV-1", 1, "b")))).withMessageContaining("DEV-1");
    }

    @Test
    void reads_only_the_buckets_it_puts_into_or_proves_from() {
        final Stored stored = Stored.of("device:R-", 20_000);
        final BucketedHeadTree tree = BucketedHeadTree.of(12, stored.heads.values());
        stored.given.set(0);

        final HeadMap.Head moved = head("device:R-5", 1, "moved");
        tree.putAll(List.of(moved), stored);
        stored.heads.put(moved.key(), moved);
        final Optional<HeadMap.Proof> proof = tree.proof("device:R-5", stored);

        // 20,000 keys in 4,096 buckets: about 5 a bucket, read once to put and once to prove.
        assertThat(stored.given.get()).isBetween(2, 40);
        assertThat(proof.orElseThrow().head().sequence()).isEqualTo(1);
        assertThat(HeadMap.verify(proof.get(), tree.root())).isTrue();
        assertThat(tree.root()).isEqualTo(HeadMap.of(stored.heads.values()).root());
    }

    @Test
    void refuses_bits_outside_one_to_twenty() {
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketedHeadTree(0)).withMessageContaining("1 to 20");
        assertThatIllegalArgumentException().isThrownBy(() -> new BucketedHeadTree(21)).withMessageContaining("not 21");
        assertThat(new BucketedHeadTree(BucketedHeadTree.MAX_BITS).bits()).isEqualTo(20);
    }

    @Test
    void reads_nothing_for_buckets_that_hold_no_key() {
        final Stored stored = new Stored();
        final BucketedHeadTree tree = new BucketedHeadTree(BucketedHeadTree.DEFAULT_BITS);
        final List<HeadMap.Head> first = List.of(head("device:E-1", 0, "a"), head("device:E-2", 0, "b"));

        tree.putAll(first, (bits, buckets) -> {
            throw new AssertionError("read buckets " + Arrays.toString(buckets) + " of an empty tree");
        });
        first.forEach(h -> stored.heads.put(h.key(), h));
        tree.putAll(List.of(head("device:E-1", 1, "c")), stored);

        assertThat(stored.given.get()).isEqualTo(1);
        assertThat(tree.size()).isEqualTo(2);
    }

    @Test
    void refuses_stored_heads_that_do_not_match_what_it_holds() {
        final Stored stored = Stored.of("device:S-", 50);
        final BucketedHeadTree tree = BucketedHeadTree.of(2, stored.heads.values());
        stored.heads.remove("device:S-3");
        final int bucket = BucketedHeadTree.bucket(HeadMap.keyHash("device:S-3"), 2);
        final String neighbour = stored.heads.keySet().stream()
                .filter(key -> BucketedHeadTree.bucket(HeadMap.keyHash(key), 2) == bucket).findFirst().orElseThrow();

        assertThatIllegalStateException().isThrownBy(() -> tree.proof(neighbour, stored))
                .withMessageContaining("stored heads have");
        assertThatIllegalStateException().isThrownBy(() -> tree.putAll(List.of(head("device:S-3", 1, "b")), stored))
                .withMessageContaining("stored heads have");
    }

    @Test
    void takes_the_same_memory_whatever_the_number_of_keys() {
        final Runtime runtime = Runtime.getRuntime();
        final long before = HeadTreeTest.usedAfterCollecting(runtime);
        final BucketedHeadTree small = BucketedHeadTree.of(BucketedHeadTree.DEFAULT_BITS,
                Stored.of("device:M1k-", 1_000).heads.values());
        final long withSmall = HeadTreeTest.usedAfterCollecting(runtime);
        final BucketedHeadTree large = BucketedHeadTree.of(BucketedHeadTree.DEFAULT_BITS,
                Stored.of("device:M200k-", 200_000).heads.values());
        final long withBoth = HeadTreeTest.usedAfterCollecting(runtime);

        assertThat(small.size()).isEqualTo(1_000);
        assertThat(large.size()).isEqualTo(200_000);
        // What the arrays take at 16 bits: 32 bytes and a count byte a node, 4 bytes a bucket.
        final long arrays = (32L << 17) + (1L << 17) + (4L << 16);
        assertThat(withSmall - before).isGreaterThan(arrays / 2).isLessThan(4 * arrays);
        assertThat(withBoth - withSmall).isGreaterThan(arrays / 2).isLessThan(4 * arrays);
        System.out.printf("a bucketed head tree of 16 bits (arrays of 4.6 MB): %.1f MB of heap with 1,000 keys, %.1f MB"
                + " with 200,000%n",
                (withSmall - before) / 1e6, (withBoth - withSmall) / 1e6);
    }

    private static HeadMap.Head head(final String key, final long sequence, final String leaf) {
        return new HeadMap.Head(key, sequence, Sha256.digest(leaf.getBytes(StandardCharsets.UTF_8)));
    }
}
