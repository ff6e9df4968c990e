package io.wipetrace.gateway.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Commits learnt from a filtered block stream, against a stream the test feeds. */
class CommitWatchTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final FakeFilteredBlocks blocks = new FakeFilteredBlocks();
    private final CommitWatch watch = new CommitWatch(organisation -> blocks, organisation -> 7,
            Duration.ofMillis(1), true);

    @AfterEach
    void close() {
        watch.close();
    }

    /** The first expectation starts the organisation's stream. */
    private void open() throws Exception {
        watch.expect("collector", "starts-the-stream").cancel();
        until(() -> watch.watching("collector"));
    }

    private static void until(final BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition met in time").isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void reports_a_transaction_with_its_block_and_code_and_ignores_the_others() throws Exception {
        open();
        final CommitWatch.Expected first = watch.expect("collector", "tx-a");
        final CommitWatch.Expected second = watch.expect("collector", "tx-b");

        blocks.block(7, "tx-other", TxValidationCode.VALID, "tx-a", TxValidationCode.VALID);
        blocks.block(8, "tx-b", TxValidationCode.MVCC_READ_CONFLICT);

        assertThat(blocks.starts).as("the stream starts at the peer's height").containsExactly(7L);
        assertThat(first.await(LONG)).contains(new CommitWatch.Outcome("tx-a", 7, TxValidationCode.VALID));
        final Optional<CommitWatch.Outcome> conflict = second.await(LONG);
        assertThat(conflict).contains(new CommitWatch.Outcome("tx-b", 8, TxValidationCode.MVCC_READ_CONFLICT));
        assertThat(conflict.get().successful()).isFalse();
        assertThat(watch.reported()).isEqualTo(2);
    }

    @Test
    void a_transaction_whose_block_does_not_come_times_out() throws Exception {
        open();
        final CommitWatch.Expected expected = watch.expect("collector", "tx-late");
        blocks.block(7, "tx-other", TxValidationCode.VALID);

        assertThatThrownBy(() -> expected.await(Duration.ofMillis(50))).isInstanceOf(TimeoutException.class);
    }

    @Test
    void a_failed_stream_releases_its_waiting_and_reopens_after_the_last_block_it_delivered() throws Exception {
        open();
        blocks.block(7, "tx-other", TxValidationCode.VALID);
        final CommitWatch.Expected waiting = watch.expect("collector", "tx-a");
        final CompletableFuture<Optional<CommitWatch.Outcome>> answer = CompletableFuture.supplyAsync(() -> {
            try {
                return waiting.await(LONG);
            } catch (TimeoutException e) {
                throw new IllegalStateException(e);
            }
        });
        until(() -> blocks.starts.size() == 1 && watch.watching("collector"));

        blocks.fail();

        assertThat(answer.get()).as("released to ask for the commit status").isEmpty();
        until(() -> blocks.starts.size() == 2 && watch.watching("collector"));
        assertThat(blocks.starts).as("no block skipped, none asked twice").containsExactly(7L, 8L);
        final CommitWatch.Expected after = watch.expect("collector", "tx-b");
        blocks.block(8, "tx-b", TxValidationCode.VALID);
        assertThat(after.await(LONG)).contains(new CommitWatch.Outcome("tx-b", 8, TxValidationCode.VALID));
    }

    @Test
    void an_expectation_before_the_stream_is_open_is_not_watched() throws Exception {
        final CommitWatch unreachable = new CommitWatch(organisation -> {
            throw new IllegalStateException("the peer cannot be reached");
        }, organisation -> 7, Duration.ofMillis(1), true);
        try {
            assertThat(unreachable.expect("collector", "tx-a").await(LONG)).isEmpty();
            assertThat(unreachable.watching("collector")).isFalse();
        } finally {
            unreachable.close();
        }
    }

    @Test
    void a_watch_that_is_off_watches_nothing() throws Exception {
        final CommitWatch off = new CommitWatch(organisation -> blocks, organisation -> 7, Duration.ofMillis(1),
                false);

        assertThat(off.expect("collector", "tx-a").await(LONG)).isEmpty();
        assertThat(off.watching("collector")).isFalse();
        assertThat(blocks.starts).isEmpty();
    }
}
