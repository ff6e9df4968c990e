package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * How long written records take to become visible to reads: from a write's answer until the projection has projected
 * the block the write committed in (the read model moves its checkpoint in the same SQL transaction as the block's
 * rows, so from then on every read sees the write).
 *
 * <p>One reader asks for the projection's checkpoint every poll interval while writes wait, and settles at once every
 * write whose block it has reached: the probe adds one small read in flight to the system it measures, however many
 * writes wait, and a slow read delays no record's measurement beyond that read. (A reader per write, each polling
 * the verification of its record, had hundreds of reads in flight at 256 writes in flight and took the connections
 * the writes needed; one reader asking about one record at a time fell behind as soon as reads slowed down.)
 */
public final class ProjectionLag implements AutoCloseable {

    private record Written(long block, long at) {}

    private final LongSupplier checkpoint;
    private final long timeoutNanos;
    private final long pollNanos;
    private final LongSupplier clock;
    private final List<Written> pending = new ArrayList<>();
    private final Histogram lags = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private boolean closing;
    private final Thread reader;

    /**
     * @param checkpoint the last block the projection has projected (one read; called by one thread at a time)
     * @param timeout how long after its answer a write may wait before it counts as not visible
     * @param poll how long to wait between two reads of the checkpoint while writes wait
     */
    public ProjectionLag(final LongSupplier checkpoint, final Duration timeout, final Duration poll) {
        this(checkpoint, timeout, poll, System::nanoTime);
    }

    ProjectionLag(final LongSupplier checkpoint, final Duration timeout, final Duration poll,
            final LongSupplier clock) {
        this.checkpoint = checkpoint;
        this.timeoutNanos = timeout.toNanos();
        this.pollNanos = poll.toNanos();
        this.clock = clock;
        this.reader = Thread.ofVirtual().name("projection-lag").start(this::read);
    }

    /**
     * A write was answered at {@code answeredNanos} on this probe's clock.
     *
     * @param block the block it committed in (its answer's {@code ledger.blockNumber})
     * @param answeredNanos when its answer came
     */
    public synchronized void written(final long block, final long answeredNanos) {
        pending.add(new Written(block, answeredNanos));
        notifyAll();
    }

    /** Waits until every write recorded before the call was settled (projected or timed out), then stops. */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        reader.join();
    }

    /** @return the lags measured (nanoseconds), a copy */
    public synchronized Histogram lags() {
        return lags.copy();
    }

    /** @return how many writes were not projected within the timeout */
    public int timeouts() {
        return timeouts.get();
    }

    /** @return how many times the checkpoint was read */
    public int reads() {
        return reads.get();
    }

    private void read() {
        try {
            while (true) {
                synchronized (this) {
                    while (pending.isEmpty() && !closing) {
                        wait();
                    }
                    if (pending.isEmpty()) {
                        return;
                    }
                }
                reads.incrementAndGet();
                final long projected = checkpoint.getAsLong();
                final long now = clock.getAsLong();
                final boolean waiting;
                synchronized (this) {
                    for (final Iterator<Written> it = pending.iterator(); it.hasNext(); ) {
                        final Written written = it.next();
                        if (written.block() <= projected) {
                            lags.recordValue(Math.min(lags.getHighestTrackableValue(), Math.max(0, now - written.at())));
                            it.remove();
                        } else if (now - written.at() >= timeoutNanos) {
                            timeouts.incrementAndGet();
                            it.remove();
                        }
                    }
                    waiting = !pending.isEmpty();
                }
                if (waiting) {
                    TimeUnit.NANOSECONDS.sleep(pollNanos);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
