package io.wipetrace.gateway.anchoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.wipetrace.gateway.projection.EventReads;
import io.wipetrace.proof.BucketedHeadTree;
import io.wipetrace.proof.HeadMap;
import io.wipetrace.proof.Sha256;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The proof bundles' head tree built after a start, before the first consumer asks. */
class ProofBundlesWarmUpTest {

    private static final int BITS = 2;

    private final WindowStore store = mock(WindowStore.class);
    private final ProofBundles bundles = new ProofBundles(store, mock(EventReads.class),
            new AnchoringProperties(true, "http://evm", 31337, "0xc0ffee", null, "regulator", 100,
                    Duration.ofSeconds(30), 500, 2, Duration.ofSeconds(1), 300_000, BITS, null),
            "wipetrace");

    @Test
    void builds_the_latest_final_anchors_head_tree_once() {
        final List<HeadMap.Head> heads = List.of(head("device:A"), head("device:B"), head("station:S"));
        when(store.latestFinalWithHeads()).thenReturn(Optional.of(new AnchorWindow(3, 0, 1, 1, new byte[32],
                new byte[32], new byte[32], new byte[32], "RECORDED", null, null, 7L, "fabric", new byte[32],
                HeadMap.of(heads).root())));
        when(store.heads(3, BITS)).thenAnswer(call -> BucketedHeadTree.of(BITS, heads));

        assertThat(bundles.warm()).contains(3L);
        assertThat(bundles.warm()).contains(3L);

        verify(store, times(1)).heads(3, BITS);
    }

    @Test
    void builds_nothing_before_the_first_final_anchor_with_a_head_map() {
        when(store.latestFinalWithHeads()).thenReturn(Optional.empty());

        assertThat(bundles.warm()).isEmpty();

        verify(store, never()).heads(anyLong(), anyInt());
    }

    private static HeadMap.Head head(final String key) {
        return new HeadMap.Head(key, 0, Sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
