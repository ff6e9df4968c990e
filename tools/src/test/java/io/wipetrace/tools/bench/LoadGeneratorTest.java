package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private final LoadGenerator load = new LoadGenerator();

    @Test
    void keeps_the_backlog_it_was_given_and_counts_failures_apart_from_latencies() throws Exception {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        final LoadGenerator.Result result = load.fixedBacklog("test", 4, Duration.ZERO, Duration.ofMillis(500), () -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(10);
                if (calls.incrementAndGet() % 3 == 0) {
                    throw new IllegalStateException("every third fails");
                }
            } finally {
                running.decrementAndGet();
            }
        });

        assertThat(mostAtOnce.get()).isEqualTo(4);
        assertThat(result.errors()).isPositive();
        assertThat(result.operations()).isPositive().isEqualTo(result.latencies().getTotalCount());
        // Each call takes at least 10 ms, four at a time, for half a second.
        assertThat(result.operations() + result.errors()).isLessThanOrEqualTo(4 * 50 + 4);
        assertThat(result.millis(50)).isGreaterThanOrEqualTo(10);
    }

    @Test
    void tells_its_window_when_the_run_starts_and_when_the_measured_part_begins_and_ends() throws Exception {
        final long started = System.nanoTime();
        final java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        final long[] at = new long[2];
        final LoadGenerator watched = new LoadGenerator(new LoadGenerator.Window() {
            @Override
            public void starts(final String scenario) {
                told.add("starts " + scenario);
            }

            @Override
            public void begins() {
                at[0] = System.nanoTime();
                told.add("begins");
            }

            @Override
            public void ends() {
                at[1] = System.nanoTime();
                told.add("ends");
            }
        });

        watched.fixedRate("test", 50, Duration.ofMillis(300), Duration.ofSeconds(1), () -> Thread.sleep(1));

        assertThat(told).containsExactly("starts test", "begins", "ends");
        // Not before the warm-up is over; not before the measured second is.
        assertThat(at[0] - started).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(at[1] - at[0]).isGreaterThanOrEqualTo(Duration.ofMillis(990).toNanos())
                .isLessThan(Duration.ofMillis(1500).toNanos());
    }

    @Test
    void tells_every_window_of_a_group_in_the_order_given() {
        final java.util.List<String> told = new java.util.ArrayList<>();
        final LoadGenerator.Window all = LoadGenerator.Window.all(window("cpu", told), window("blocks", told));

        all.starts("floor");
        all.begins();
        all.ends();

        assertThat(told).containsExactly("cpu starts floor", "blocks starts floor", "cpu begins", "blocks begins",
                "cpu ends", "blocks ends");
    }

    @Test
    void tells_its_window_the_name_of_each_run_as_it_starts() throws Exception {
        final java.util.List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        final LoadGenerator watched = new LoadGenerator(window("phase", told));

        watched.fixedBacklog("floor", 1, Duration.ZERO, Duration.ofMillis(50), () -> Thread.sleep(1));
        watched.fixedRate("verify", 100, Duration.ZERO, Duration.ofMillis(50), () -> { });

        assertThat(told).containsExactly("phase starts floor", "phase begins", "phase ends", "phase starts verify",
                "phase begins", "phase ends");
    }

    private static LoadGenerator.Window window(final String name, final java.util.List<String> told) {
        return new LoadGenerator.Window() {
            @Override
            public void starts(final String scenario) {
                told.add(name + " starts " + scenario);
            }

            @Override
            public void begins() {
                told.add(name + " begins");
            }

            @Override
            public void ends() {
                told.add(name + " ends");
            }
        };
    }

    @Test
    void records_nothing_of_the_warm_up() throws Exception {
        final LoadGenerator.Result result = load.fixedBacklog("test", 1, Duration.ofMillis(400),
                Duration.ofMillis(200), () -> Thread.sleep(10));

        // One at a time, at least 10 ms each: at most 20 in the 200 ms measured, whatever the 400 ms before did.
        assertThat(result.operations()).isPositive().isLessThanOrEqualTo(21);
        assertThat(result.seconds()).isEqualTo(0.2);
    }

    @Test
    void charges_a_stall_to_every_request_it_delayed_at_a_fixed_rate() throws Exception {
        // A server that handles one request at a time in 20 ms, asked for 100 a second: it falls behind by 1 s in
        // the second measured, and the requests still waiting at the end carry that delay in their latency.
        final Semaphore oneAtATime = new Semaphore(1);

        final LoadGenerator.Result result = load.fixedRate("test", 100, Duration.ZERO, Duration.ofSeconds(1), () -> {
            oneAtATime.acquire();
            try {
                Thread.sleep(20);
            } finally {
                oneAtATime.release();
            }
        });

        assertThat(result.operations()).isEqualTo(100);
        assertThat(result.millis(99)).as("latency counts from when a request was due").isGreaterThan(900);
        assertThat(result.millis(1)).isLessThan(500);
    }

    @Test
    void starts_operations_on_the_schedule_of_the_rate_it_was_given() throws Exception {
        // 50 a second for 400 ms after a 200 ms warm-up: 30 started in all, the 20 due in the measured part recorded.
        final AtomicInteger started = new AtomicInteger();

        final LoadGenerator.Result result = load.fixedRate("test", 50, Duration.ofMillis(200), Duration.ofMillis(400),
                started::incrementAndGet);

        assertThat(started.get()).isEqualTo(30);
        assertThat(result.operations()).isEqualTo(20);
        assertThat(result.perSecond()).isEqualTo(50.0);
        assertThat(result.mode()).isEqualTo("fixed rate, 50/s");
    }

    @Test
    void reports_a_latency_percentile_of_zero_when_nothing_succeeded() throws Exception {
        final LoadGenerator.Result result = load.fixedBacklog("test", 2, Duration.ZERO, Duration.ofMillis(100), () -> {
            Thread.sleep(5);
            throw new IllegalStateException("always fails");
        });

        assertThat(result.operations()).isZero();
        assertThat(result.errors()).isPositive();
        assertThat(result.millis(99)).isZero();
        assertThat(result.mode()).isEqualTo("fixed backlog, 2 in flight");
    }

    @Test
    void counts_each_reason_of_failure_the_most_frequent_first() throws Exception {
        final AtomicInteger calls = new AtomicInteger();

        final LoadGenerator.Result result = load.fixedBacklog("test", 1, Duration.ZERO, Duration.ofMillis(200), () -> {
            Thread.sleep(2);
            final int call = calls.incrementAndGet();
            if (call % 4 == 0) {
                throw new java.io.IOException("too many requests\nsecond line");
            }
            if (call % 4 == 1) {
                throw new IllegalStateException("ILLEGAL_TRANSITION");
            }
        });

        assertThat(result.failures()).containsOnlyKeys("IOException: too many requests",
                "IllegalStateException: ILLEGAL_TRANSITION");
        assertThat(result.failures().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.errors());
        final long first = result.failures().values().iterator().next();
        assertThat(first).isEqualTo(result.failures().values().stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(result.mostFrequentFailure()).startsWith(first + " × ");
        assertThat(result.exhausted()).isFalse();
    }

    @Test
    void ends_a_slot_whose_work_ran_out_instead_of_counting_it_as_failures() throws Exception {
        // Ten pieces of work for three slots: each slot stops at its first Exhausted, so the run makes 13 calls,
        // however long it lasts, and none of them counts as a failure.
        final AtomicInteger calls = new AtomicInteger();

        final LoadGenerator.Result result = load.fixedBacklog("test", 3, Duration.ZERO, Duration.ofMillis(300), () -> {
            if (calls.incrementAndGet() > 10) {
                throw new LoadGenerator.Exhausted("the prepared devices ran out");
            }
        });

        assertThat(calls.get()).isEqualTo(13);
        assertThat(result.operations()).isEqualTo(10);
        assertThat(result.errors()).isZero();
        assertThat(result.failures()).isEmpty();
        assertThat(result.exhausted()).isTrue();
    }

    @Test
    void names_a_failure_by_its_class_and_the_first_line_of_its_message_cut_to_a_line() {
        assertThat(LoadGenerator.reason(new IllegalStateException())).isEqualTo("IllegalStateException");
        assertThat(LoadGenerator.reason(new RuntimeException("a\nb"))).isEqualTo("RuntimeException: a");
        assertThat(LoadGenerator.reason(new RuntimeException("x".repeat(500)))).hasSize(160).endsWith("…");
    }

    @Test
    void combines_runs_taken_in_turns_into_one_with_their_sums_and_every_latency() {
        final LoadGenerator.Result first = result(List.of(10L, 20L, 30L), 1, 2.0, Map.of("IOException: reset", 1L),
                false, new LoadGenerator.Second(1, 2, 1, 15, 20), new LoadGenerator.Second(2, 1, 0, 30, 30));
        final LoadGenerator.Result second = result(List.of(40L, 50L), 3, 1.0,
                Map.of("IOException: reset", 1L, "IllegalStateException: busy", 2L), true,
                new LoadGenerator.Second(1, 2, 3, 45, 50));

        final LoadGenerator.Result both = LoadGenerator.Result.combined("both", List.of(first, second));

        assertThat(both.name()).isEqualTo("both");
        assertThat(both.mode()).isEqualTo("fixed backlog, 4 in flight");
        assertThat(both.operations()).isEqualTo(5);
        assertThat(both.errors()).isEqualTo(4);
        assertThat(both.seconds()).isEqualTo(3.0);
        assertThat(both.perSecond()).isEqualTo(5 / 3.0);
        assertThat(both.latencies().getTotalCount()).isEqualTo(5);
        assertThat(both.millis(50)).isCloseTo(30, org.assertj.core.data.Offset.offset(0.1));
        assertThat(both.latencies().getMaxValue() / 1e6).isCloseTo(50, org.assertj.core.data.Offset.offset(0.1));
        assertThat(both.failures()).containsExactly(Map.entry("IOException: reset", 2L),
                Map.entry("IllegalStateException: busy", 2L));
        assertThat(both.exhausted()).isTrue();
        assertThat(both.series()).extracting(LoadGenerator.Second::second).containsExactly(1, 2, 3);
        assertThat(both.series()).extracting(LoadGenerator.Second::operations).containsExactly(2L, 1L, 2L);
        // The parts are left as they were.
        assertThat(first.latencies().getTotalCount()).isEqualTo(3);
    }

    @Test
    void refuses_to_combine_nothing_or_runs_of_different_modes() {
        final LoadGenerator.Result backlog = result(List.of(10L), 0, 1.0, Map.of(), false);
        final LoadGenerator.Result rate = new LoadGenerator.Result("r", "fixed rate, 500/s", backlog.latencies(), 1, 0,
                1.0, List.of());

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadGenerator.Result.combined("none", List.of()));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> LoadGenerator.Result.combined("mixed", List.of(backlog, rate)));
    }

    private static LoadGenerator.Result result(final List<Long> millis, final long errors, final double seconds,
            final Map<String, Long> failures, final boolean exhausted, final LoadGenerator.Second... series) {
        final Histogram latencies = new Histogram(java.util.concurrent.TimeUnit.MINUTES.toNanos(5), 3);
        millis.forEach(ms -> latencies.recordValue(ms * 1_000_000));
        return new LoadGenerator.Result("part", "fixed backlog, 4 in flight", latencies, millis.size(), errors,
                seconds, List.of(series), new java.util.LinkedHashMap<>(failures), exhausted);
    }
}
