package io.wipetrace.tools.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * A warm-up runs first and is not recorded. An operation that throws counts as an error, not as a latency, and its
 * reason is counted (the exception's class and the first line of its message). An operation that throws
 * {@link Exhausted} has no more work: its slot in the backlog ends there, and the result says the run was cut short.
 */
public final class LoadGenerator {

    /** One operation of the workload; returns normally when it succeeded. */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    /** Thrown by an operation whose workload has run out (e.g. the devices prepared for it): not a failure. */
    public static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Exhausted(final String message) {
            super(message);
        }
    }

    /**
     * Told when each run starts, on the thread that called the generator, and when its measured part begins and ends,
     * on the thread that samples the run (e.g. to read what CPU time the processes under test used over exactly that
     * part).
     */
    public interface Window {
        /** The run named {@code scenario} starts: its warm-up begins. */
        default void starts(final String scenario) {}

        /** The measured part begins: the warm-up is over. */
        void begins();

        /** The measured part has ended. */
        void ends();

        /** Windows told in the order given, each of the measured part's beginning and of its end. */
        static Window all(final Window... windows) {
            final List<Window> each = List.of(windows);
            return new Window() {
                @Override
                public void starts(final String scenario) {
                    each.forEach(window -> window.starts(scenario));
                }

                @Override
                public void begins() {
                    each.forEach(Window::begins);
                }

                @Override
                public void ends() {
                    each.forEach(Window::ends);
                }
            };
        }
    }

    private static final Window UNWATCHED = new Window() {
        @Override
        public void begins() {}

        @Override
        public void ends() {}
    };

    /** One second of the measured run. */
    public record Second(int second, long operations, long errors, double p50Millis, double p99Millis) {}

    /**
     * What a run measured.
     *
     * @param failures the errors' reasons, the most frequent first, with their counts
     * @param exhausted whether an operation ran out of work before the run's end (its rate is then too low)
     */
    public record Result(String name, String mode, Histogram latencies, long operations, long errors, double seconds,
            List<Second> series, Map<String, Long> failures, boolean exhausted) {

        public Result(final String name, final String mode, final Histogram latencies, final long operations,
                final long errors, final double seconds, final List<Second> series) {
            this(name, mode, latencies, operations, errors, seconds, series, Map.of(), false);
        }

        /** @return the most frequent reason of failure with its count, e.g. {@code "12 × IOException: refused"} */
        public String mostFrequentFailure() {
            return failures.entrySet().stream().findFirst().map(e -> e.getValue() + " × " + e.getKey()).orElse("");
        }

        public double perSecond() {
            return operations / seconds;
        }

        public double millis(final double percentile) {
            return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / 1e6;
        }

        /**
         * Runs of one scenario taken in turns with others, as one: their operations, errors, measured seconds and
         * reasons of failure summed, their latencies in one histogram, and their seconds one after another.
         *
         * @param name the combined run's name
         * @param parts the runs, in the order measured (at least one, all of the same mode)
         */
        public static Result combined(final String name, final List<Result> parts) {
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("no runs to combine");
            }
            final Histogram latencies = new Histogram(HIGHEST_NANOS, 3);
            final List<Second> series = new ArrayList<>();
            final Map<String, Long> reasons = new LinkedHashMap<>();
            long operations = 0;
            long errors = 0;
            double seconds = 0;
            boolean exhausted = false;
            for (Result part : parts) {
                if (!part.mode().equals(parts.get(0).mode())) {
                    throw new IllegalArgumentException("cannot combine '" + part.mode() + "' with '"
                            + parts.get(0).mode() + "'");
                }
                latencies.add(part.latencies());
                operations += part.operations();
                errors += part.errors();
                seconds += part.seconds();
                exhausted |= part.exhausted();
                part.failures().forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
                for (Second second : part.series()) {
                    series.add(new Second(series.size() + 1, second.operations(), second.errors(),
                            second.p50Millis(), second.p99Millis()));
                }
            }
            return new Result(name, parts.get(0).mode(), latencies, operations, errors, seconds, List.copyOf(series),
                    mostFrequentFirst(reasons), exhausted);
        }
    }

    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** Reasons of failure with their counts, the most frequent first (ties by name), unmodifiable. */
    private static Map<String, Long> mostFrequentFirst(final Map<String, Long> counts) {
        final Map<String, Long> ordered = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Comparator.comparingLong(Map.Entry<String, Long>::getValue).reversed()
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(ordered);
    }

    private final LongSupplier clock;
    private final Window window;

    public LoadGenerator() {
        this(UNWATCHED);
    }

    /** A generator that tells {@code window} when each run's measured part begins and ends. */
    public LoadGenerator(final Window window) {
        this(System::nanoTime, window);
    }

    LoadGenerator(final LongSupplier clock) {
        this(clock, UNWATCHED);
    }

    LoadGenerator(final LongSupplier clock, final Window window) {
        this.clock = clock;
        this.window = window;
    }

    /** Runs {@code operation} with {@code inFlight} copies in flight for the warm-up, then for the measurement. */
    public Result fixedBacklog(final String name, final int inFlight, final Duration warmup, final Duration measure,
            final Operation operation) throws InterruptedException {
        window.starts(name);
        final Run run = new Run(warmup, measure);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < inFlight; i++) {
                pool.submit(() -> {
                    while (!run.over()) {
                        final long start = clock.getAsLong();
                        if (!run.record(start, call(operation))) {
                            break;
                        }
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
        window.starts(name);
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

    /** Runs the operation: null when it succeeded, otherwise what it threw. */
    private static Throwable call(final Operation operation) {
        try {
            operation.run();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (Exception e) {
            return e;
        }
    }

    /** A failure's reason: its class and the first line of its message, at most 160 characters. */
    static String reason(final Throwable failure) {
        final String message = failure.getMessage() == null ? "" : failure.getMessage().lines().findFirst().orElse("");
        final String reason = failure.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message.strip());
        return reason.length() <= 160 ? reason : reason.substring(0, 159) + "…";
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
        final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
        final AtomicBoolean exhausted = new AtomicBoolean();
        final List<Second> series = new ArrayList<>();

        Run(final Duration warmup, final Duration measure) {
            this.measureFrom = begin + warmup.toNanos();
            this.end = measureFrom + measure.toNanos();
        }

        boolean over() {
            return clock.getAsLong() >= end;
        }

        /**
         * Records an operation started (or due) at {@code start}, if it started in the measured part.
         *
         * @param failure what the operation threw, null if it succeeded
         * @return false if the operation had no more work ({@link Exhausted})
         */
        boolean record(final long start, final Throwable failure) {
            if (failure instanceof Exhausted) {
                exhausted.set(true);
                return false;
            }
            if (start < measureFrom || start >= end) {
                return true;
            }
            if (failure == null) {
                final long latency = Math.min(HIGHEST_NANOS, Math.max(0, clock.getAsLong() - start));
                synchronized (all) {
                    all.recordValue(latency);
                }
                perSecond.recordValue(latency);
            } else {
                errors.incrementAndGet();
                secondErrors.incrementAndGet();
                reasons.computeIfAbsent(reason(failure), r -> new LongAdder()).increment();
            }
            return true;
        }

        /** Takes one sample of the per-second recorder at every second of the measured part. */
        void sampleUntilOver() throws InterruptedException {
            final long step = TimeUnit.SECONDS.toNanos(1);
            final long untilMeasured = measureFrom - clock.getAsLong();
            if (untilMeasured > 0) {
                TimeUnit.NANOSECONDS.sleep(untilMeasured);
            }
            window.begins();
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
            window.ends();
        }

        Result result(final String name, final String mode) {
            final Histogram copy;
            synchronized (all) {
                copy = all.copy();
            }
            final Map<String, Long> counts = new LinkedHashMap<>();
            reasons.forEach((reason, count) -> counts.put(reason, count.sum()));
            return new Result(name, mode, copy, copy.getTotalCount(), errors.get(), (end - measureFrom) / 1e9,
                    List.copyOf(series), mostFrequentFirst(counts), exhausted.get());
        }
    }
}
