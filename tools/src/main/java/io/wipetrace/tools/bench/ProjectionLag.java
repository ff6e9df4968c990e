package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * How long written records take to become visible to reads (the projection's lag), measured by <em>one</em> reader
 * that asks about one record at a time: the oldest written record not yet seen, every poll interval until it is
 * visible, then the next at once. The probe thus adds at most one read in flight to the system it measures, however
 * many records wait; a probe per record, each polling on its own, had hundreds of reads in flight at 256 writes in
 * flight and took the connections the writes needed.
 *
 * <p>Records become visible in about the order they were written (block by block), so a record is asked about only
 * after every older one was seen: a record seen later than it became visible is charged up to the time it took to
 * ask about the records before it (one read each), so each lag is an upper bound.
 */
public final class ProjectionLag implements AutoCloseable {

    private record Written(String key, long at) {}

    private static final Written END = new Written("", 0);

    private final Predicate<String> visible;
    private final long timeoutNanos;
    private final long pollNanos;
    private final LongSupplier clock;
    private final BlockingQueue<Written> pending = new LinkedBlockingQueue<>();
    private final Histogram lags = new Histogram(TimeUnit.MINUTES.toNanos(5), 3);
    private final AtomicInteger timeouts = new AtomicInteger();
    private final AtomicInteger reads = new AtomicInteger();
    private final Thread reader;

    /**
     * @param visible whether a record (by key) is visible to reads; called by one thread, one call at a time
     * @param timeout how long after its write a record may take before it counts as not visible
     * @param poll how long to wait before asking about the same record again
     */
    public ProjectionLag(final Predicate<String> visible, final Duration timeout, final Duration poll) {
        this(visible, timeout, poll, System::nanoTime);
    }

    ProjectionLag(final Predicate<String> visible, final Duration timeout, final Duration poll,
            final LongSupplier clock) {
        this.visible = visible;
        this.timeoutNanos = timeout.toNanos();
        this.pollNanos = poll.toNanos();
        this.clock = clock;
        this.reader = Thread.ofVirtual().name("projection-lag").start(this::read);
    }

    /**
     * A record was written (its write answered) at {@code writtenNanos} on this probe's clock.
     *
     * @param key what {@code visible} is asked with
     * @param writtenNanos when its write was answered
     */
    public void written(final String key, final long writtenNanos) {
        pending.add(new Written(key, writtenNanos));
    }

    /** Waits until every record written before the call was seen or timed out, then stops the reader. */
    @Override
    public void close() throws InterruptedException {
        pending.add(END);
        reader.join();
    }

    /** @return the lags measured (nanoseconds), a copy */
    public Histogram lags() {
        synchronized (lags) {
            return lags.copy();
        }
    }

    /** @return how many records were not visible within the timeout */
    public int timeouts() {
        return timeouts.get();
    }

    /** @return how many reads the probe made */
    public int reads() {
        return reads.get();
    }

    private void read() {
        try {
            while (true) {
                final Written next = pending.take();
                if (next == END) {
                    return;
                }
                await(next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void await(final Written written) throws InterruptedException {
        while (true) {
            reads.incrementAndGet();
            final boolean seen = visible.test(written.key());
            final long now = clock.getAsLong();
            if (seen) {
                synchronized (lags) {
                    lags.recordValue(Math.min(lags.getHighestTrackableValue(), Math.max(0, now - written.at())));
                }
                return;
            }
            if (now - written.at() >= timeoutNanos) {
                timeouts.incrementAndGet();
                return;
            }
            TimeUnit.NANOSECONDS.sleep(pollNanos);
        }
    }
}
