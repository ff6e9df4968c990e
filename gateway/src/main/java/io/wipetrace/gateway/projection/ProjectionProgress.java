package io.wipetrace.gateway.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the listener has done and how far behind the ledger it is, for the metrics and the health. Written by the
 * listener thread and the height refresher, read by anyone.
 *
 * <p>Metrics: {@code wipetrace.projection.lag} (blocks the peer has committed that are not projected yet),
 * {@code wipetrace.projection.checkpoint}, {@code wipetrace.projection.height}, and the counters
 * {@code wipetrace.projection.blocks}, {@code wipetrace.projection.transactions} and
 * {@code wipetrace.projection.failures}.
 */
final class ProjectionProgress {

    /** A stream that has stayed open this long without failing counts as recovered, even if no block came. */
    static final Duration STABLE_STREAM = Duration.ofSeconds(10);

    private static final long UNKNOWN = -1;

    /** The listener's state. */
    public enum State {
        /** Not running: disabled, not started yet, or stopped. */
        STOPPED,
        /** A block stream is open; blocks are projected as they come. */
        STREAMING,
        /** The last attempt failed; waiting before the next. */
        RETRYING
    }

    /**
     * A consistent view of the progress.
     *
     * @param state the listener's state
     * @param checkpoint the last block projected, or {@link ProjectionStore#NOTHING_PROJECTED}
     * @param height the peer's ledger height (blocks committed), or -1 while unknown
     * @param lag blocks committed but not projected yet, or -1 while the height is unknown
     * @param failingSince when the listener started failing without recovering since, or {@code null}
     * @param lastError the last failure, or {@code null}
     */
    public record Status(
            State state, long checkpoint, long height, long lag, Instant failingSince, String lastError) {}

    private final Clock clock;
    private final AtomicLong checkpoint = new AtomicLong(ProjectionStore.NOTHING_PROJECTED);
    private final AtomicLong height = new AtomicLong(UNKNOWN);
    // A lock rather than a monitor: requests wait here on virtual threads, which a monitor's wait pins to their carrier
    // on Java 21 to 23.
    private final ReentrantLock advanceLock = new ReentrantLock();
    private final Condition advance = advanceLock.newCondition();
    private final Counter blocks;
    private final Counter transactions;
    private final Counter failures;

    private volatile State state = State.STOPPED;
    private volatile Instant streamOpenedAt;
    private volatile Instant failingSince;
    private volatile String lastError;

    /**
     * Progress of one channel's projection, with its meters registered.
     *
     * @param channel the channel, a tag on every meter
     * @param registry where the meters go
     * @param clock the time source
     */
    public ProjectionProgress(final String channel, final MeterRegistry registry, final Clock clock) {
        this.clock = clock;
        Gauge.builder("wipetrace.projection.lag", this, progress -> {
                    final long lag = progress.lag();
                    return lag < 0 ? Double.NaN : lag;
                })
                .description("Blocks the peer has committed that the projection has not yet")
                .baseUnit("blocks")
                .tag("channel", channel)
                .register(registry);
        Gauge.builder("wipetrace.projection.checkpoint", checkpoint, AtomicLong::get)
                .description("The last block projected")
                .tag("channel", channel)
                .register(registry);
        Gauge.builder("wipetrace.projection.height", height, h -> h.get() < 0 ? Double.NaN : h.get())
                .description("The ledger height the projection's peer reports")
                .baseUnit("blocks")
                .tag("channel", channel)
                .register(registry);
        blocks = Counter.builder("wipetrace.projection.blocks").description("Blocks projected")
                .tag("channel", channel).register(registry);
        transactions = Counter.builder("wipetrace.projection.transactions")
                .description("Valid transactions projected").tag("channel", channel).register(registry);
        failures = Counter.builder("wipetrace.projection.failures")
                .description("Failed attempts to read or project blocks").tag("channel", channel).register(registry);
    }

    void checkpointLoaded(final long blockNumber) {
        checkpoint.set(blockNumber);
    }

    void streamOpened() {
        streamOpenedAt = clock.instant();
        state = State.STREAMING;
    }

    void projected(final long blockNumber, final int validTransactions) {
        checkpoint.accumulateAndGet(blockNumber, Math::max);
        height.accumulateAndGet(blockNumber + 1, Math::max);
        blocks.increment();
        transactions.increment(validTransactions);
        failingSince = null;
        advanced();
    }

    void alreadyProjected(final long blockNumber) {
        height.accumulateAndGet(blockNumber + 1, Math::max);
        failingSince = null;
        advanced();
    }

    /** Wakes whoever waits for a block to be projected ({@link #awaitAdvance}). */
    private void advanced() {
        advanceLock.lock();
        try {
            advance.signalAll();
        } finally {
            advanceLock.unlock();
        }
    }

    /**
     * Waits until a block is projected here (or found projected by another replica), or the time is up.
     *
     * @param atMost the longest wait
     * @throws InterruptedException if interrupted while waiting
     */
    void awaitAdvance(final Duration atMost) throws InterruptedException {
        final long millis = atMost.toMillis();
        if (millis > 0) {
            advanceLock.lock();
            try {
                advance.await(millis, TimeUnit.MILLISECONDS);
            } finally {
                advanceLock.unlock();
            }
        }
    }

    void failed(final Throwable failure) {
        failures.increment();
        if (failingSince == null) {
            failingSince = clock.instant();
        }
        lastError = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        state = State.RETRYING;
    }

    void stopped() {
        state = State.STOPPED;
    }

    void heightObserved(final long ledgerHeight) {
        height.accumulateAndGet(ledgerHeight, Math::max);
    }

    /**
     * Blocks committed on the peer but not projected: height − 1 − checkpoint.
     *
     * @return the lag, or -1 while the peer's height is unknown
     */
    public long lag() {
        final long h = height.get();
        return h < 0 ? UNKNOWN : Math.max(0, h - 1 - checkpoint.get());
    }

    /**
     * The progress now.
     *
     * @return a snapshot
     */
    public Status status() {
        final State current = state;
        Instant since = failingSince;
        final Instant opened = streamOpenedAt;
        if (since != null && current == State.STREAMING && opened != null && opened.isAfter(since)
                && !clock.instant().isBefore(opened.plus(STABLE_STREAM))) {
            since = null;
        }
        return new Status(current, checkpoint.get(), height.get(), lag(), since, lastError);
    }
}
