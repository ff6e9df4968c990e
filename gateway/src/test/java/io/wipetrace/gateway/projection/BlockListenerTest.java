package io.wipetrace.gateway.projection;

import static io.wipetrace.gateway.projection.TestBlocks.CHANNEL;
import static io.wipetrace.gateway.projection.TestBlocks.endorserTransaction;
import static io.wipetrace.gateway.projection.TestBlocks.validBlock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.protos.common.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlockListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final InMemoryStore store = new InMemoryStore();
    private final ScriptedBlockSource source = new ScriptedBlockSource();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProjectionProgress progress = new ProjectionProgress(CHANNEL, registry, Clock.systemUTC());
    private BlockCommitHook hook = BlockCommitHook.NONE;
    private BlockListener listener;

    private BlockListener listener(final Duration initialBackoff, final Duration maxBackoff) {
        final BlockProcessor processor = new BlockProcessor(CHANNEL, new TransactionProcessor("wipetrace"), store,
                store, (channel, number) -> hook.rowsWritten(channel, number));
        listener = new BlockListener(CHANNEL, source, processor, store, progress,
                new ProjectionProperties.Reconnect(initialBackoff, maxBackoff), true);
        return listener;
    }

    @AfterEach
    void stopListener() {
        if (listener != null) {
            listener.stop();
        }
    }

    private static Block block(final long number) {
        return validBlock(number,
                endorserTransaction("tx" + number, "CollectorOrgMSP", "wipetrace", "ValuePut", "{}"));
    }

    private static void await(final String what, final BooleanSupplier condition) throws InterruptedException {
        final Instant giveUp = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                fail("waited " + WAIT + " for " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void resumes_from_the_checkpoint_when_the_stream_fails() throws Exception {
        source.failingAfter(block(0), block(1)).openAfter(block(2));
        listener(Duration.ofMillis(1), Duration.ofMillis(10)).start();

        await("block 2", () -> store.checkpoint(CHANNEL) == 2);

        assertThat(source.starts).containsExactly(0L, 2L);
        assertThat(store.rows()).extracting(ProjectedTransaction::txId).containsExactly("tx0", "tx1", "tx2");
        assertThat(registry.get("wipetrace.projection.failures").counter().count()).isEqualTo(1);
        assertThat(registry.get("wipetrace.projection.blocks").counter().count()).isEqualTo(3);
        assertThat(progress.status().state()).isEqualTo(ProjectionProgress.State.STREAMING);
    }

    @Test
    void retries_a_block_whose_projection_failed_instead_of_skipping_it() throws Exception {
        final AtomicInteger crashes = new AtomicInteger();
        hook = (channel, number) -> {
            if (number == 1 && crashes.getAndIncrement() == 0) {
                throw new IllegalStateException("simulated crash after the rows of block 1");
            }
        };
        source.openAfter(block(0), block(1), block(2)).openAfter(block(1), block(2));
        listener(Duration.ofMillis(1), Duration.ofMillis(10)).start();

        await("block 2", () -> store.checkpoint(CHANNEL) == 2);

        assertThat(crashes).hasValue(2);
        assertThat(source.starts).containsExactly(0L, 1L);
        assertThat(source.opened.getFirst().isClosed()).as("the failed stream is closed").isTrue();
        assertThat(store.rows()).extracting(ProjectedTransaction::txId).containsExactly("tx0", "tx1", "tx2");
        assertThat(progress.status().failingSince()).as("recovered").isNull();
    }

    @Test
    void skips_blocks_delivered_again_after_a_reconnect() throws Exception {
        store.setCheckpoint(CHANNEL, 1);
        // A peer that resends blocks the projection already has: they are left alone, the next ones projected.
        source.openAfter(block(0), block(1), block(2));
        listener(Duration.ofMillis(1), Duration.ofMillis(10)).start();

        await("block 2", () -> store.checkpoint(CHANNEL) == 2);

        assertThat(source.starts).containsExactly(2L);
        assertThat(store.rows()).extracting(ProjectedTransaction::txId).containsExactly("tx2");
    }

    @Test
    void backs_off_and_reports_the_failure_while_the_peer_is_unreachable() throws Exception {
        listener(Duration.ofMillis(20), Duration.ofMillis(40)).start();

        await("three attempts", () -> source.starts.size() >= 3);

        final ProjectionProgress.Status status = progress.status();
        assertThat(status.state()).isIn(ProjectionProgress.State.RETRYING, ProjectionProgress.State.STREAMING);
        assertThat(status.failingSince()).isNotNull();
        assertThat(status.lastError()).contains("UNAVAILABLE").contains("peer gone");
        assertThat(source.starts).allMatch(start -> start == 0L);
    }

    @Test
    void stops_promptly_while_waiting_to_retry() throws Exception {
        listener(Duration.ofHours(1), Duration.ofHours(1)).start();
        await("the first attempt", () -> progress.status().state() == ProjectionProgress.State.RETRYING);

        final long started = System.nanoTime();
        listener.stop();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(listener.isRunning()).isFalse();
        assertThat(progress.status().state()).isEqualTo(ProjectionProgress.State.STOPPED);
    }

    @Test
    void closes_the_open_stream_when_stopped_and_resumes_when_started_again() throws Exception {
        source.openAfter(block(0)).openAfter(block(1));
        listener(Duration.ofMillis(1), Duration.ofMillis(10)).start();
        await("block 0", () -> store.checkpoint(CHANNEL) == 0);

        listener.stop();
        assertThat(source.opened.getFirst().isClosed()).isTrue();

        listener.start();
        await("block 1", () -> store.checkpoint(CHANNEL) == 1);
        assertThat(source.starts).containsExactly(0L, 1L);
        assertThat(store.rows()).extracting(ProjectedTransaction::txId).containsExactly("tx0", "tx1");
    }
}
