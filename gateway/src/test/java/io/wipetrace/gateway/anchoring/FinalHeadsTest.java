package io.wipetrace.gateway.anchoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proof bundles' head tree, moved from one final anchor to the next, against heads stored per window. */
class FinalHeadsTest {

    /** Windows' moved heads, as the anchor_head table holds them, and what was asked of them. */
    private static final class Windows implements FinalHeads.Source {
        final Map<Long, List<HeadMap.Head>> moved = new LinkedHashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public BucketedHeadTree heads(final long anchor, final int bits) {
            asked.add("heads " + anchor);
            return BucketedHeadTree.of(bits, upTo(anchor).values());
        }

        @Override
        public BucketedHeadTree.Buckets asOf(final long anchor) {
            return BucketedHeadTree.Buckets.of(upTo(anchor).values());
        }

        private Map<String, HeadMap.Head> upTo(final long anchor) {
            final Map<String, HeadMap.Head> heads = new HashMap<>();
            moved.forEach((window, list) -> {
                if (window <= anchor) {
                    list.forEach(head -> heads.put(head.key(), head));
                }
            });
            return heads;
        }

        @Override
        public List<HeadMap.Head> moved(final long after, final long upTo) {
            asked.add("moved " + after + ".." + upTo);
            final List<HeadMap.Head> heads = new ArrayList<>();
            moved.forEach((window, list) -> {
                if (window > after && window <= upTo) {
                    heads.addAll(list);
                }
            });
            return heads;
        }

        /** The anchor window {@code sequence} as stored: final, with the root of every head up to it. */
        AnchorWindow anchor(final long sequence) {
            return window(sequence, HeadMap.of(upTo(sequence).values()).root());
        }
    }

    private final Windows windows = new Windows();
    private final FinalHeads heads = new FinalHeads(windows, 2);

    private static HeadMap.Head head(final String key, final long sequence) {
        return new HeadMap.Head(key, sequence, Sha256.digest((key + sequence).getBytes(StandardCharsets.UTF_8)));
    }

    private static AnchorWindow window(final long sequence, final byte[] headsRoot) {
        return new AnchorWindow(sequence, 0, 1, 1, new byte[32], new byte[32], new byte[32], new byte[32],
                "RECORDED", null, null, 7L, "fabric", new byte[32], headsRoot);
    }

    /** Whether every key's proof from the tree leads to the window's anchored heads root. */
    private boolean provesEveryKey(final AnchorWindow anchor, final List<String> keys) {
        return heads.read(anchor, (at, proofs) -> at == anchor.sequence() && keys.stream().allMatch(key ->
                proofs.apply(key).map(proof -> HeadMap.verify(proof, anchor.headsRoot())).orElse(false)));
    }

    @Test
    void builds_the_first_tree_whole_then_moves_it_by_each_newer_anchors_moved_heads() {
        windows.moved.put(0L, List.of(head("device:A", 0), head("device:B", 0)));
        windows.moved.put(1L, List.of(head("device:A", 1), head("station:S", 0)));
        assertThat(provesEveryKey(windows.anchor(0), List.of("device:A", "device:B"))).isTrue();

        windows.moved.put(2L, List.of(head("device:C", 0), head("device:B", 1)));
        windows.moved.put(3L, List.of(head("device:C", 1)));
        assertThat(provesEveryKey(windows.anchor(3), List.of("device:A", "device:B", "device:C", "station:S")))
                .isTrue();

        assertThat(windows.asked).containsExactly("heads 0", "moved 0..3");
    }

    @Test
    void an_anchor_no_newer_than_the_trees_reads_the_tree_as_it_is() {
        windows.moved.put(0L, List.of(head("device:A", 0)));
        windows.moved.put(1L, List.of(head("device:A", 1)));
        final AnchorWindow first = windows.anchor(0);
        final AnchorWindow second = windows.anchor(1);
        assertThat(provesEveryKey(second, List.of("device:A"))).isTrue();

        final long provedUnder = heads.read(first, (at, proofs) -> at);
        assertThat(provedUnder).as("a bundle proves under the newest final anchor").isEqualTo(1L);
        assertThat(windows.asked).containsExactly("heads 1");
    }

    @Test
    void rebuilds_the_tree_whole_when_the_moved_heads_do_not_lead_to_the_anchored_root() {
        windows.moved.put(0L, List.of(head("device:A", 0)));
        assertThat(provesEveryKey(windows.anchor(0), List.of("device:A"))).isTrue();
        // Window 1's root counts a head the moved rows below do not give (a row the tree never saw).
        final AnchorWindow anchored = window(1, HeadMap.of(List.of(head("device:A", 0), head("device:B", 0)))
                .root());
        windows.moved.put(1L, List.of());
        windows.moved.put(0L, List.of(head("device:A", 0), head("device:B", 0)));

        assertThat(provesEveryKey(anchored, List.of("device:A", "device:B"))).isTrue();
        assertThat(windows.asked).containsExactly("heads 0", "moved 0..1", "heads 1");
    }

    @Test
    void refuses_heads_that_do_not_lead_to_the_anchored_root_and_tries_again_on_the_next_read() {
        windows.moved.put(0L, List.of(head("device:A", 0)));
        final AnchorWindow wrong = window(0, new byte[32]);

        assertThatIllegalStateException().isThrownBy(() -> heads.read(wrong, (at, proofs) -> at))
                .withMessageContaining("not to its heads root");
        assertThat(provesEveryKey(windows.anchor(0), List.of("device:A"))).isTrue();
        assertThat(windows.asked).containsExactly("heads 0", "heads 0");
    }

    @Test
    void rebuilds_the_tree_whole_when_the_stored_heads_of_a_bucket_are_not_what_it_holds() {
        final List<HeadMap.Head> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(head("device:D" + i, 0));
        }
        windows.moved.put(0L, many);
        assertThat(provesEveryKey(windows.anchor(0), List.of("device:D1"))).isTrue();
        // The rows of window 0 lose a key (the table changed under the tree); window 1 moves a key in its bucket.
        windows.moved.put(0L, many.subList(1, many.size()));
        final int bucket = BucketedHeadTree.bucket(HeadMap.keyHash("device:D0"), 2);
        final String neighbour = many.stream().map(HeadMap.Head::key).skip(1)
                .filter(key -> BucketedHeadTree.bucket(HeadMap.keyHash(key), 2) == bucket).findFirst().orElseThrow();
        windows.moved.put(1L, List.of(head(neighbour, 1)));

        assertThat(provesEveryKey(windows.anchor(1), List.of(neighbour, "device:D2"))).isTrue();
        assertThat(windows.asked).containsExactly("heads 0", "moved 0..1", "heads 1");
    }
}
