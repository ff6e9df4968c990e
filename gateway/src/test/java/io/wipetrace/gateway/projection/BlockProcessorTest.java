package io.wipetrace.gateway.projection;

import static io.wipetrace.gateway.projection.TestBlocks.CHANNEL;
import static io.wipetrace.gateway.projection.TestBlocks.block;
import static io.wipetrace.gateway.projection.TestBlocks.configTransaction;
import static io.wipetrace.gateway.projection.TestBlocks.endorserTransaction;
import static io.wipetrace.gateway.projection.TestBlocks.validBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;

class BlockProcessorTest {

    private final InMemoryStore store = new InMemoryStore();
    private final List<String> hookCalls = new ArrayList<>();
    private BlockCommitHook hook = (channel, number) -> {
        hookCalls.add(channel + "#" + number);
        store.calls.add("hook " + number);
    };
    /** The store is its own transaction manager; the hook is looked up per call, so a test can replace it. */
    private final BlockProcessor processor = new BlockProcessor(CHANNEL, new TransactionProcessor("wipetrace"),
            store, store, (channel, number) -> hook.rowsWritten(channel, number));

    private static Envelope valuePut(final String txId) {
        return endorserTransaction(txId, "CollectorOrgMSP", "wipetrace", "ValuePut", "{\"txId\":\"" + txId + "\"}");
    }

    @Test
    void projects_only_the_valid_transactions_with_their_position_in_the_block() {
        final Block block = block(5,
                List.of(valuePut("a"), valuePut("b"), valuePut("c"), valuePut("d")),
                List.of(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT, TxValidationCode.VALID,
                        TxValidationCode.ENDORSEMENT_POLICY_FAILURE));
        store.setCheckpoint(CHANNEL, 4);

        final BlockProcessor.Outcome outcome = processor.process(block);

        assertThat(outcome).isEqualTo(new BlockProcessor.Outcome(5, true, 2));
        assertThat(store.rows()).extracting(ProjectedTransaction::txId, ProjectedTransaction::txIndex)
                .containsExactly(tuple("a", 0), tuple("c", 2));
        assertThat(store.checkpoint(CHANNEL)).isEqualTo(5);
    }

    @Test
    void reads_a_validation_code_above_127_as_invalid() {
        final Block block = block(0, List.of(valuePut("a")), List.of(TxValidationCode.INVALID_OTHER_REASON));

        assertThat(processor.process(block).transactions()).isZero();
        assertThat(store.rows()).isEmpty();
        assertThat(store.checkpoint(CHANNEL)).isZero();
    }

    @Test
    void moves_the_checkpoint_past_a_block_of_configuration_only() {
        final BlockProcessor.Outcome outcome = processor.process(validBlock(0, configTransaction("genesis")));

        assertThat(outcome).isEqualTo(new BlockProcessor.Outcome(0, true, 0));
        assertThat(store.rows()).isEmpty();
        assertThat(store.checkpoint(CHANNEL)).isZero();
    }

    @Test
    void writes_rows_then_calls_the_hook_then_moves_the_checkpoint_in_one_transaction() {
        processor.process(validBlock(0, valuePut("a"), valuePut("b")));

        assertThat(store.calls).containsExactly("begin", "lock", "insert [a, b]", "hook 0", "checkpoint 0", "commit");
        assertThat(hookCalls).containsExactly(CHANNEL + "#0");
    }

    @Test
    void keeps_neither_rows_nor_checkpoint_when_the_block_fails_after_its_rows() {
        store.setCheckpoint(CHANNEL, 2);
        hook = (channel, number) -> {
            throw new IllegalStateException("crash between rows and checkpoint");
        };

        assertThatExceptionOfType(IllegalStateException.class)
                .isThrownBy(() -> processor.process(validBlock(3, valuePut("a"))));

        assertThat(store.calls).containsExactly("begin", "lock", "insert [a]", "rollback");
        assertThat(store.rows()).isEmpty();
        assertThat(store.checkpoint(CHANNEL)).isEqualTo(2);
    }

    @Test
    void leaves_a_block_at_or_below_the_checkpoint_alone() {
        processor.process(validBlock(0, valuePut("a")));
        processor.process(validBlock(1, valuePut("b")));
        store.calls.clear();

        final BlockProcessor.Outcome again = processor.process(validBlock(1, valuePut("b")));

        assertThat(again).isEqualTo(new BlockProcessor.Outcome(1, false, 0));
        assertThat(store.calls).containsExactly("begin", "lock", "commit");
        assertThat(store.rows()).extracting(ProjectedTransaction::txId).containsExactly("a", "b");
        assertThat(store.checkpoint(CHANNEL)).isEqualTo(1);
    }

    @Test
    void refuses_a_block_that_skips_ahead_of_the_checkpoint() {
        store.setCheckpoint(CHANNEL, 3);

        assertThatExceptionOfType(ProjectionException.class)
                .isThrownBy(() -> processor.process(validBlock(5, valuePut("x"))))
                .withMessageContaining("block 5")
                .withMessageContaining("checkpoint is at block 3");
        assertThat(store.rows()).isEmpty();
        assertThat(store.checkpoint(CHANNEL)).isEqualTo(3);
    }

    @Test
    void starts_at_block_zero_when_nothing_is_projected() {
        assertThatExceptionOfType(ProjectionException.class)
                .isThrownBy(() -> processor.process(validBlock(1, valuePut("x"))))
                .withMessageContaining("checkpoint is at block -1");

        processor.process(validBlock(0, valuePut("x")));
        assertThat(store.checkpoint(CHANNEL)).isZero();
    }

    @Test
    void refuses_a_block_without_a_validation_code_per_transaction() {
        final Block uncommitted = validBlock(0, valuePut("a"), valuePut("b")).toBuilder()
                .setMetadata(BlockMetadata.getDefaultInstance())
                .build();

        assertThatExceptionOfType(ProjectionException.class)
                .isThrownBy(() -> processor.process(uncommitted))
                .withMessageContaining("holds 2 transactions but its TRANSACTIONS_FILTER has 0 validation codes");
        assertThat(store.calls).isEmpty();
    }
}
