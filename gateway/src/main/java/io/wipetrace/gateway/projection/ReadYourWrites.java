package io.wipetrace.gateway.projection;

import io.wipetrace.gateway.ledger.FabricProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Read your own writes: a write answers only once the projection (which every list and page reads) has reached the
 * block the write committed in, so that the page shown next never contradicts it.
 *
 * <p>The wait is bounded ({@code wipetrace.projection.read-your-writes-wait}); past the bound the answer says that the
 * read model is still catching up instead of waiting on. It ends as soon as the condition holds: the listener wakes
 * the waiters after each block, and the checkpoint in PostgreSQL is read between wake-ups, so a block projected by
 * another gateway replica counts too.
 */
@Service
class ReadYourWrites {

    /** Opt-in request header: {@code Read-Your-Writes: wait}. */
    public static final String REQUEST_HEADER = "Read-Your-Writes";

    /** The value that asks for the wait. */
    public static final String WAIT = "wait";

    /** Response header: {@code current} (the projection holds the write) or {@code catching-up}. */
    public static final String STATUS_HEADER = "Read-Model-Status";

    /** Response header: the last block the projection had reached when the answer left. */
    public static final String BLOCK_HEADER = "Read-Model-Block";

    /** Between two reads of the checkpoint in PostgreSQL, unless the listener wakes the waiter first. */
    static final Duration POLL = Duration.ofMillis(100);

    private final ProjectionProgress progress;
    private final ProjectionStore store;
    private final String channel;
    private final Duration bound;
    private final Clock clock;

    @Autowired
    ReadYourWrites(final ProjectionProgress progress, final ProjectionStore store, final FabricProperties fabric,
            final ProjectionProperties properties) {
        this(progress, store, fabric.channel(), properties.readYourWritesWait(), Clock.systemUTC());
    }

    ReadYourWrites(final ProjectionProgress progress, final ProjectionStore store, final String channel,
            final Duration bound, final Clock clock) {
        this.progress = progress;
        this.store = store;
        this.channel = channel;
        this.bound = bound;
        this.clock = clock;
    }

    /**
     * Where the read model stands for a write.
     *
     * @param current whether the projection has reached the write's block
     * @param checkpoint the last block projected when the wait ended
     */
    public record Reached(boolean current, long checkpoint) {}

    /**
     * Waits, at most the configured bound, until the projection has reached a block.
     *
     * @param blockNumber the block a write committed in
     * @return whether it was reached, and the checkpoint
     */
    public Reached await(final long blockNumber) {
        final Instant deadline = clock.instant().plus(bound);
        long checkpoint = checkpoint();
        try {
            while (checkpoint < blockNumber) {
                final Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    break;
                }
                progress.awaitAdvance(left.compareTo(POLL) < 0 ? left : POLL);
                checkpoint = checkpoint();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Reached(checkpoint >= blockNumber, checkpoint);
    }

    private long checkpoint() {
        final long local = progress.status().checkpoint();
        return Math.max(local, store.checkpoint(channel));
    }
}
