package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * An operation started at a fixed rate in the background, beside what a benchmark measures: the reads consumers keep
 * making while partners write, say. It is no part of any measured scenario (no {@link LoadGenerator.Window} is told
 * of it), and it keeps latencies of its own, each from the moment its operation was due (so a queue counts, as a
 * consumer waiting would see it), until it is closed. Each latency is also kept under the part of the run it was due
 * in (what the benchmark measured then, say), so that the reads during one kind of load can be told from the rest.
 */
public final class BackgroundLoad implements AutoCloseable {

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final Histogram latencies = new Histogram(HIGHEST_NANOS, 3);
    /** The latencies by part, in the order the parts first came; guarded by {@link #latencies}. */
    private final Map<String, Histogram> byPart = new LinkedHashMap<>();
    private final LongAdder done = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();

    /** What the background load did, once it was closed: its latencies in all, and by part. */
    public record Figures(long done, long failed, Histogram latencies, Map<String, Histogram> byPart,
            String firstFailure) {
        public double millis(final double percentile) {
            return millis(latencies, percentile);
        }

        /** A percentile of the latencies due in one part, NaN if none was. */
        public double millis(final String part, final double percentile) {
            return byPart.containsKey(part) ? millis(byPart.get(part), percentile) : Double.NaN;
        }

        /** How many operations due in one part succeeded. */
        public long done(final String part) {
            return byPart.containsKey(part) ? byPart.get(part).getTotalCount() : 0;
        }

        private static double millis(final Histogram latencies, final double percentile) {
            return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private BackgroundLoad(final int threads) {
        ticker = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "background-load-ticker"));
        workers = Executors.newFixedThreadPool(threads, task -> daemon(task, "background-load"));
    }

    /**
     * Starts {@code operation} {@code perSecond} times a second, evenly spaced, on up to {@code threads} threads (the
     * rest wait their turn, and their wait counts in their latency); each operation's latency is kept under the part
     * {@code part} names when it is due.
     */
    public static BackgroundLoad start(final double perSecond, final int threads, final Supplier<String> part,
            final LoadGenerator.Operation operation) {
        if (!(perSecond > 0) || threads < 1) {
            throw new IllegalArgumentException("a background load needs a rate above 0 and a thread, not " + perSecond
                    + "/s on " + threads);
        }
        final BackgroundLoad load = new BackgroundLoad(threads);
        final long interval = Math.round(1e9 / perSecond);
        final long origin = System.nanoTime();
        final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
        load.ticker.scheduleAtFixedRate(() -> {
            // When it was due, not when the ticker got to it: a ticker held up (a busy machine, a slow part) starts
            // the ticks it missed at once, and their wait counts in their latency, as in LoadGenerator.fixedRate.
            final long due = origin + ticks.getAndIncrement() * interval;
            final String dueIn = part.get();
            load.workers.execute(() -> load.once(operation, due, dueIn));
        }, 0, interval, TimeUnit.NANOSECONDS);
        return load;
    }

    private void once(final LoadGenerator.Operation operation, final long due, final String part) {
        try {
            operation.run();
            final long latency = Math.min(System.nanoTime() - due, HIGHEST_NANOS);
            synchronized (latencies) {
                latencies.recordValue(latency);
                byPart.computeIfAbsent(part, p -> new Histogram(HIGHEST_NANOS, 3)).recordValue(latency);
            }
            done.increment();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failed.increment();
            firstFailure.compareAndSet(null, String.valueOf(e.getMessage()));
        }
    }

    /** Stops starting operations and waits for those started to end (up to a minute). */
    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        workers.shutdown();
        if (!workers.awaitTermination(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }

    /** What it did so far: everything, once closed. */
    public Figures figures() {
        synchronized (latencies) {
            final Map<String, Histogram> parts = new LinkedHashMap<>();
            byPart.forEach((part, histogram) -> parts.put(part, histogram.copy()));
            return new Figures(done.sum(), failed.sum(), latencies.copy(), java.util.Collections.unmodifiableMap(parts),
                    firstFailure.get());
        }
    }

    private static Thread daemon(final Runnable task, final String name) {
        final Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
