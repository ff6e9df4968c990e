package io.wipetrace.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ApiBenchmarkTest {

    @Test
    void takes_a_whole_number_of_turns_from_one_to_twenty() {
        assertThat(ApiBenchmark.turns("1")).isEqualTo(1);
        assertThat(ApiBenchmark.turns(" 4 ")).isEqualTo(4);
        assertThat(ApiBenchmark.turns("20")).isEqualTo(20);
    }

    @Test
    void refuses_any_other_number_of_turns_and_says_what_it_takes() {
        for (String wrong : new String[] {"0", "21", "-2", "two", "", "1.5"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> ApiBenchmark.turns(wrong))
                    .withMessageContaining("whole number from 1 to 20").withMessageContaining("'" + wrong + "'");
        }
    }

    @Test
    void names_for_the_timeline_the_scenario_that_runs_and_then_the_one_just_ended() {
        final ApiBenchmark.Phase phase = new ApiBenchmark.Phase();
        assertThat(phase.now()).isEqualTo("starting");

        phase.starts("collection (REST API), turn 2");
        assertThat(phase.now()).isEqualTo("collection (REST API), turn 2");
        phase.begins();
        assertThat(phase.now()).isEqualTo("collection (REST API), turn 2");
        phase.ends();
        assertThat(phase.now()).isEqualTo("after collection (REST API), turn 2");
        phase.starts("verify, anchors catching up");
        assertThat(phase.now()).isEqualTo("verify, anchors catching up");
    }

    @Test
    void tells_the_background_reads_due_in_a_rest_turn_or_just_after_it_from_the_rest() {
        assertThat(ApiBenchmark.writesNow("collection (REST API), turn 2")).isEqualTo(ApiBenchmark.REST_WRITES);
        assertThat(ApiBenchmark.writesNow("after collection (REST API), turn 2")).isEqualTo(ApiBenchmark.REST_WRITES);
        assertThat(ApiBenchmark.writesNow("collection (Fabric client), turn 1"))
                .isEqualTo(ApiBenchmark.FABRIC_WRITES);
        assertThat(ApiBenchmark.writesNow("floor: one key (Fabric client)")).isEqualTo(ApiBenchmark.FABRIC_WRITES);
    }

    @Test
    void counts_the_blocks_a_part_cut_and_leaves_them_unknown_when_a_height_cannot_be_read() {
        final java.util.Deque<Object> heights = new java.util.ArrayDeque<>(java.util.List.of(100L, 137L,
                new IllegalStateException("GetChainInfo: deadline exceeded"), 150L, 150L, 160L));
        final ApiBenchmark.LedgerBlocks blocks = new ApiBenchmark.LedgerBlocks(() -> {
            final Object next = heights.pop();
            if (next instanceof RuntimeException failure) {
                throw failure;
            }
            return (Long) next;
        });
        blocks.begins();
        blocks.ends();
        assertThat(blocks.cut()).isEqualTo(37);
        blocks.begins();
        blocks.ends();
        assertThat(blocks.cut()).isEqualTo(ApiBenchmark.LedgerBlocks.UNKNOWN);
        blocks.begins();
        blocks.ends();
        assertThat(blocks.cut()).isEqualTo(10);

        assertThat(ApiBenchmark.LedgerBlocks.total(java.util.stream.LongStream.of(37, 10))).isEqualTo(47);
        assertThat(ApiBenchmark.LedgerBlocks.total(java.util.stream.LongStream.of(37,
                ApiBenchmark.LedgerBlocks.UNKNOWN, 10))).isEqualTo(ApiBenchmark.LedgerBlocks.UNKNOWN);
    }
}
