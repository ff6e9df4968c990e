package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one operation under load and records its latencies in HdrHistograms, overall and per second.
 *
 * <ul>
 *   <li><b>Fixed backlog</b>: a fixed number of operations in flight, each started as the previous one ends (closed
 *       loop): what the system sustains.</li>
 *   <li><b>Fixed rate</b>: operations started on a schedule whatever the answers do (open loop); latency counts from
 *       when an operation <em>should</em> have started, so a stall is charged to every request it delayed
 *       (no coordinated omission).</li>
 * </ul>
 *
 * A warm-up runs first and is not recorded. An operation that throws counts as an error, not as a latency.
 */
public final class LoadGenerator {

    /** One operation of the workload; returns normally when it succeeded. */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    /** One second of the measured run. */
    public record Second(int second, long operations, long errors, double p50Millis, double p99Millis) {}

    /** What a run measured. */
    public record Result(String name, String mode, Histogram latencies, long operations, long errors, double seconds,
            List<Second> series) {

        public double perSecond() {
            return operations / seconds;
        }

        public double millis(final double percentile) {
            return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1e6;
        }
    }

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final LongSupplier clock;

    public LoadGenerator() {
        this(System::nanoTime);
    }

    LoadGenerator(final LongSupplier clock) {
        this.clock = clock;
    }

    /** Runs {@code operation} with {@code inFlight} copies in flight for the warm-up, then for the measurement. */
    public Result fixedBacklog(final String name, final int inFlight, final Duration warmup, final Duration measure,
            final Operation operation) throws InterruptedException {
        final Run run = new Run(warmup, measure);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < inFlight; i++) {
                pool.submit(() -> {
                    while (!run.over()) {
                        final long start = clock.getAsLong();
                        run.record(start, call(operation));
                    }
                    return null;
                });
            }
            run.sampleUntilOver();
        }
        return run.result(name, "fixed backlog, " + inFlight + " in flight");
    }

    /** Starts {@code operation} {@code perSecond} times a second, evenly spaced, for the warm-up and the measurement. */
    public Result fixedRate(final String name, final double perSecond, final Duration warmup, final Duration measure,
            final Operation operation) throws InterruptedException {
        final Run run = new Run(warmup, measure);
        final long interval = Math.round(1e9 / perSecond);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            final Thread sampler = Thread.ofVirtual().start(() -> {
                try {
                    run.sampleUntilOver();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            for (long i = 0; ; i++) {
                final long intended = run.begin + i * interval;
                if (intended >= run.end) {
                    break;
                }
                final long wait = intended - clock.getAsLong();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                pool.submit(() -> {
                    run.record(intended, call(operation));
                    return null;
                });
            }
            sampler.join();
        }
        return run.result(name, String.format("fixed rate, %.0f/s", perSecond));
    }

    private static boolean call(final Operation operation) {
        try {
            operation.run();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** The state of one run: its clock, the overall histogram and a recorder sampled once a second. */
    private final class Run {
        final long begin = clock.getAsLong();
        final long measureFrom;
        final long end;
        final Histogram all = new Histogram(HIGHEST_NANOS, 3);
        final Recorder perSecond = new Recorder(HIGHEST_NANOS, 3);
        final AtomicLong errors = new AtomicLong();
        final AtomicLong secondErrors = new AtomicLong();
        final List<Second> series = new ArrayList<>();

        Run(final Duration warmup, final Duration measure) {
            this.measureFrom = begin + warmup.toNanos();
            this.end = measureFrom + measure.toNanos();
        }

        boolean over() {
            return clock.getAsLong() >= end;
        }

        /** Records an operation started (or due) at {@code start}, if it started in the measured part. */
        void record(final long start, final boolean succeeded) {
            if (start < measureFrom || start >= end) {
                return;
            }
            if (succeeded) {
                final long latency = Math.min(HIGHEST_NANOS, Math.max(0, clock.getAsLong() - start));
                synchronized (all) {
                    all.recordValue(latency);
                }
                perSecond.recordValue(latency);
            } else {
                errors.incrementAndGet();
                secondErrors.incrementAndGet();
            }
        }

        /** Takes one sample of the per-second recorder at every second of the measured part. */
        void sampleUntilOver() throws InterruptedException {
            final long step = TimeUnit.SECONDS.toNanos(1);
            Histogram interval = null;
            for (long at = measureFrom + step; at <= end + step / 2; at += step) {
                final long wait = at - clock.getAsLong();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                interval = perSecond.getIntervalHistogram(interval);
                series.add(new Second(series.size() + 1, interval.getTotalCount(), secondErrors.getAndSet(0),
                        interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(50) / 1e6,
                        interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1e6));
            }
        }

        Result result(final String name, final String mode) {
            final Histogram copy;
            synchronized (all) {
                copy = all.copy();
            }
            return new Result(name, mode, copy, copy.getTotalCount(), errors.get(), (end - measureFrom) / 1e9,
                    List.copyOf(series));
        }
    }
}
