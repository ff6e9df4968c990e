package io.wipetrace.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HeadTreeTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void an_empty_tree_has_the_empty_root() {
        final HeadTree tree = new HeadTree();

        assertThat(tree.root()).isEqualTo(new byte[32]).isEqualTo(HeadMap.of(List.of()).root());
        assertThat(tree.size()).isZero();
    }

    @Test
    void a_tree_of_one_key_has_that_keys_leaf_node_as_root() {
        final HeadMap.Head head = head("device:DEV-1", 4, "a");
        final HeadTree tree = new HeadTree();

        assertThat(tree.put(head)).isFalse();

        assertThat(tree.root()).isEqualTo(HeadMap.leafNode(HeadMap.keyHash("device:DEV-1"), 4, head.leaf()))
                .isEqualTo(HeadMap.of(List.of(head)).root());
        assertThat(tree.size()).isEqualTo(1);
    }

    @Test
    void gives_the_roots_of_the_shared_vectors() throws IOException {
        try (InputStream in = HeadTreeTest.class.getResourceAsStream("/heads-vectors.json")) {
            for (final JsonNode map : new ObjectMapper().readTree(in).path("maps")) {
                final List<HeadMap.Head> heads = new ArrayList<>();
                map.path("entries").forEach(e -> heads.add(new HeadMap.Head(e.path("key").asText(),
                        e.path("sequence").asLong(), HEX.parseHex(e.path("leaf").asText()))));

                assertThat(HEX.formatHex(HeadTree.of(heads).root())).isEqualTo(map.path("root").asText());
            }
        }
    }

    @Test
    void replacing_a_head_changes_the_root_to_the_new_maps_and_back() {
        final Map<String, HeadMap.Head> heads = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            heads.put("device:DEV-" + i, head("device:DEV-" + i, 0, "first " + i));
        }
        final HeadTree tree = HeadTree.of(heads.values());
        final byte[] before = tree.root();
        final HeadMap.Head older = heads.get("device:DEV-17");

        final HeadMap.Head newer = head("device:DEV-17", 1, "second 17");
        assertThat(tree.put(newer)).isTrue();
        heads.put(newer.key(), newer);

        assertThat(tree.root()).isNotEqualTo(before).isEqualTo(HeadMap.of(heads.values()).root());
        assertThat(tree.size()).isEqualTo(40);
        tree.put(older);
        assertThat(tree.root()).isEqualTo(before);
    }

    @Test
    void refuses_two_heads_for_one_key() {
        assertThatIllegalArgumentException().isThrownBy(() -> HeadTree.of(List.of(head("device:DEV-1", 0, "a"),
                head("device:DEV-1", 1, "b")))).withMessageContaining("device:DEV-1");
    }

    @Property(tries = 40)
    void after_any_puts_the_root_is_the_head_maps_of_the_current_heads(
            @ForAll @IntRange(min = 1, max = 400) int puts, @ForAll @IntRange(min = 1, max = 300) int keys,
            @ForAll long seed) {
        final Random random = new Random(seed);
        final Map<String, HeadMap.Head> heads = new HashMap<>();
        final HeadTree tree = new HeadTree();
        for (int i = 0; i < puts; i++) {
            // Keys are drawn from a pool smaller than the puts at times, so some puts replace a head.
            final String key = (random.nextBoolean() ? "device:DEV-" : "station:ST-") + random.nextInt(keys);
            final HeadMap.Head head = head(key, random.nextInt(1000), "leaf " + random.nextLong());
            assertThat(tree.put(head)).isEqualTo(heads.containsKey(key));
            heads.put(key, head);
            if (i % 37 == 0) {
                assertThat(tree.root()).isEqualTo(HeadMap.of(heads.values()).root());
            }
        }

        final HeadMap map = HeadMap.of(heads.values());
        assertThat(tree.root()).isEqualTo(map.root());
        assertThat(tree.size()).isEqualTo(heads.size());
        for (int i = 0; i < keys; i++) {
            for (final String key : List.of("device:DEV-" + i, "station:ST-" + i)) {
                assertSameProof(tree.proof(key), map.proof(key));
            }
        }
    }

    /** Both absent, or the same head and the same siblings, which lead to the root. */
    static void assertSameProof(final java.util.Optional<HeadMap.Proof> fromTree,
            final java.util.Optional<HeadMap.Proof> fromMap) {
        assertThat(fromTree.isPresent()).isEqualTo(fromMap.isPresent());
        fromTree.ifPresent(proof -> {
            assertThat(proof.head().key()).isEqualTo(fromMap.get().head().key());
            assertThat(proof.head().sequence()).isEqualTo(fromMap.get().head().sequence());
            assertThat(proof.head().leaf()).isEqualTo(fromMap.get().head().leaf());
            assertThat(proof.path()).hasSameSizeAs(fromMap.get().path());
            for (int depth = 0; depth < proof.path().size(); depth++) {
                assertThat(proof.path().get(depth)).as("sibling at depth %d", depth)
                        .isEqualTo(fromMap.get().path().get(depth));
            }
        });
    }

    @Test
    void keys_whose_hashes_share_long_prefixes_hash_as_the_head_map_does() {
        // Of 200 000 keys, sorted by hash, the neighbours that share the most leading bits.
        final List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            keys.add("device:P-" + i);
        }
        final Map<String, byte[]> hashes = new HashMap<>();
        keys.forEach(key -> hashes.put(key, HeadMap.keyHash(key)));
        keys.sort((a, b) -> Arrays.compareUnsigned(hashes.get(a), hashes.get(b)));
        final List<String[]> pairs = new ArrayList<>();
        for (int i = 1; i < keys.size(); i++) {
            pairs.add(new String[] {keys.get(i - 1), keys.get(i)});
        }
        pairs.sort(Comparator.comparingInt((String[] p) -> -shared(hashes.get(p[0]), hashes.get(p[1]))));
        final List<String[]> closest = pairs.subList(0, 30);
        assertThat(shared(hashes.get(closest.getFirst()[0]), hashes.get(closest.getFirst()[1])))
                .isGreaterThanOrEqualTo(28);
        assertThat(shared(hashes.get(closest.getLast()[0]), hashes.get(closest.getLast()[1])))
                .isGreaterThanOrEqualTo(20);

        final Map<String, HeadMap.Head> heads = new HashMap<>();
        final HeadTree tree = new HeadTree();
        for (final String[] pair : closest) {
            for (final String key : pair) {
                // A pair alone, then among the others: the deep split is folded up to where it hangs.
                heads.put(key, head(key, 0, key));
                tree.put(heads.get(key));
                assertThat(tree.root()).isEqualTo(HeadMap.of(heads.values()).root());
            }
        }
        for (final String[] pair : closest) {
            final HeadMap.Head moved = head(pair[1], 1, pair[1] + " moved");
            heads.put(moved.key(), moved);
            tree.put(moved);
            assertThat(tree.root()).isEqualTo(HeadMap.of(heads.values()).root());
        }
        final HeadMap map = HeadMap.of(heads.values());
        for (final String[] pair : closest) {
            for (final String key : pair) {
                assertSameProof(tree.proof(key), map.proof(key));
                assertThat(HeadMap.verify(tree.proof(key).orElseThrow(), tree.root())).isTrue();
            }
        }
        // Keys it does not hold, also one whose hash shares a long prefix with keys it holds.
        for (final String absent : List.of("device:nowhere", keys.get(keys.indexOf(closest.getFirst()[0]) + 5))) {
            if (!heads.containsKey(absent)) {
                assertThat(tree.proof(absent)).isEmpty();
            }
        }
    }

    @Test
    void an_empty_tree_and_a_one_key_tree_prove_as_the_head_map_does() {
        assertThat(new HeadTree().proof("device:DEV-1")).isEmpty();
        final HeadMap.Head only = head("device:DEV-1", 3, "a");
        final HeadTree one = HeadTree.of(List.of(only));
        final HeadMap map = HeadMap.of(List.of(only));
        assertSameProof(one.proof("device:DEV-1"), map.proof("device:DEV-1"));
        assertThat(one.proof("device:DEV-1").orElseThrow().path()).isEmpty();
        assertThat(one.proof("device:DEV-2")).isEmpty();
    }

    @Test
    void gives_each_keys_current_head_and_nothing_for_a_key_it_does_not_hold() {
        final HeadTree tree = HeadTree.of(List.of(head("device:DEV-1", 0, "a"), head("device:DEV-2", 3, "b")));
        tree.put(head("device:DEV-1", 1, "c"));

        final HeadMap.Head first = tree.head("device:DEV-1").orElseThrow();
        assertThat(first.key()).isEqualTo("device:DEV-1");
        assertThat(first.sequence()).isEqualTo(1);
        assertThat(first.leaf()).isEqualTo(head("device:DEV-1", 1, "c").leaf());
        assertThat(tree.head("device:DEV-2").orElseThrow().sequence()).isEqualTo(3);
        assertThat(tree.head("device:DEV-3")).isEmpty();
        assertThat(new HeadTree().head("device:DEV-1")).isEmpty();
    }

    @Test
    void measures_the_heap_a_key_takes() {
        final int keys = 200_000;
        final Runtime runtime = Runtime.getRuntime();
        final long before = usedAfterCollecting(runtime);
        final HeadTree tree = new HeadTree();
        for (int i = 0; i < keys; i++) {
            tree.put(head("device:WT" + i, i % 7, "leaf " + i));
        }
        final byte[] root = tree.root();
        final long after = usedAfterCollecting(runtime);
        assertThat(tree.size()).isEqualTo(keys);
        assertThat(tree.head("device:WT" + (keys - 1)).orElseThrow().sequence()).isEqualTo((keys - 1) % 7);
        // A print, not an assertion: what the collector leaves behind varies a little from run to run.
        System.out.printf("a head tree of %,d keys: %.1f MB of heap after collection, %.0f bytes a key (root %s)%n",
                keys, (after - before) / 1e6, (double) (after - before) / keys,
                java.util.HexFormat.of().formatHex(root, 0, 4));
    }

    static long usedAfterCollecting(final Runtime runtime) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void measures_a_window_of_moved_heads_against_rebuilding_the_head_map() {
        for (final int keys : new int[] {10_000, 100_000, 10_000, 100_000}) {
            final Map<String, HeadMap.Head> heads = new HashMap<>();
            for (int i = 0; i < keys; i++) {
                heads.put("device:DEV-" + i, head("device:DEV-" + i, 0, "leaf " + i));
            }
            long started = System.nanoTime();
            final HeadTree tree = HeadTree.of(heads.values());
            final long treeBuilt = System.nanoTime() - started;
            started = System.nanoTime();
            HeadMap.of(heads.values()).root();
            final long mapBuilt = System.nanoTime() - started;
            final Random random = new Random(keys);
            final long[] rebuild = new long[5];
            final long[] incremental = new long[5];
            for (int window = 0; window < 5; window++) {
                final List<HeadMap.Head> moved = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    final String key = "device:DEV-" + random.nextInt(keys + 50);
                    moved.add(head(key, window + 1, key + " " + window));
                }
                // Before: the window's heads into the map, then the whole head map for its root.
                started = System.nanoTime();
                moved.forEach(head -> heads.put(head.key(), head));
                final byte[] rebuilt = HeadMap.of(heads.values()).root();
                rebuild[window] = System.nanoTime() - started;
                // After: the same heads into the tree, then its root.
                started = System.nanoTime();
                moved.forEach(tree::put);
                final byte[] updated = tree.root();
                incremental[window] = System.nanoTime() - started;
                assertThat(updated).isEqualTo(rebuilt);
            }
            Arrays.sort(rebuild);
            Arrays.sort(incremental);
            // A print, not an assertion: the machine's load decides the time (the first rounds include warming up).
            System.out.printf("100 moved heads over %,d keys: rebuilding the head map %.2f ms, updating the tree"
                    + " %.3f ms (medians of 5); building from nothing: head map %d ms, tree %d ms%n", keys,
                    rebuild[2] / 1e6, incremental[2] / 1e6, mapBuilt / 1_000_000, treeBuilt / 1_000_000);
        }
    }

    /** How many leading bits two hashes share. */
    private static int shared(final byte[] a, final byte[] b) {
        int bits = 0;
        while (bits < 256 && HeadMap.bit(a, bits) == HeadMap.bit(b, bits)) {
            bits++;
        }
        return bits;
    }

    private static HeadMap.Head head(final String key, final long sequence, final String leaf) {
        return new HeadMap.Head(key, sequence, Sha256.digest(leaf.getBytes(StandardCharsets.UTF_8)));
    }
}
