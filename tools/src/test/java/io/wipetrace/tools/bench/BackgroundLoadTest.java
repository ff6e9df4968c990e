package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundLoadTest {

    @Test
    void runs_its_operation_until_closed_and_counts_what_succeeded_failed_and_how_long_each_took()
            throws Exception {
        final AtomicInteger started = new AtomicInteger();
        final BackgroundLoad load = BackgroundLoad.start(200, 2, () -> "writes", () -> {
            final int n = started.incrementAndGet();
            Thread.sleep(2);
            if (n % 5 == 0) {
                throw new IllegalStateException("verify answered 503");
            }
        });
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (load.figures().done() + load.figures().failed() < 20) {
            assertThat(System.nanoTime() - deadline).as("20 operations within 30 s").isNegative();
            Thread.sleep(5);
        }
        load.close();
        final BackgroundLoad.Figures figures = load.figures();

        assertThat(figures.done() + figures.failed()).isEqualTo(started.get());
        assertThat(figures.failed()).isEqualTo(started.get() / 5);
        assertThat(figures.firstFailure()).isEqualTo("verify answered 503");
        assertThat(figures.latencies().getTotalCount()).isEqualTo(figures.done());
        assertThat(figures.millis(50)).as("each waited at least its own 2 ms").isGreaterThanOrEqualTo(2);
        // Closed: nothing more starts.
        Thread.sleep(50);
        assertThat(started.get()).isEqualTo(figures.done() + figures.failed());
    }

    @Test
    void keeps_each_latency_under_the_part_it_was_due_in() throws Exception {
        final java.util.concurrent.atomic.AtomicReference<String> part = new java.util.concurrent.atomic
                .AtomicReference<>("reads alone");
        final BackgroundLoad load = BackgroundLoad.start(200, 4, part::get, () -> {
            if (part.get().equals("under writes")) {
                Thread.sleep(20);
            }
        });
        awaitDone(() -> load.figures().done(), 10);
        part.set("under writes");
        awaitDone(() -> load.figures().done("under writes"), 10);
        load.close();
        final BackgroundLoad.Figures figures = load.figures();

        assertThat(figures.byPart()).containsOnlyKeys("reads alone", "under writes");
        assertThat(figures.done("reads alone") + figures.done("under writes")).isEqualTo(figures.done());
        assertThat(figures.done("under writes")).isGreaterThanOrEqualTo(10);
        assertThat(figures.millis("under writes", 50)).as("each due under writes slept 20 ms")
                .isGreaterThanOrEqualTo(20);
        assertThat(figures.millis("none such", 50)).isNaN();
        assertThat(figures.done("none such")).isZero();
    }

    private static void awaitDone(final java.util.function.LongSupplier done, final int atLeast)
            throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (done.getAsLong() < atLeast) {
            assertThat(System.nanoTime() - deadline).as("%d operations within 30 s", atLeast).isNegative();
            Thread.sleep(5);
        }
    }

    @Test
    void counts_a_late_tick_from_when_it_was_due_not_from_when_it_started() throws Exception {
        // The first tick holds the ticker for 300 ms (its part is slow to tell); the ticks due meanwhile, every
        // 50 ms, start late, and their latencies must say so (250, 200, … ms), as a consumer kept waiting would.
        final AtomicInteger asked = new AtomicInteger();
        final BackgroundLoad load = BackgroundLoad.start(20, 4, () -> {
            if (asked.getAndIncrement() == 0) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "reads";
        }, () -> {});
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (load.figures().done() < 6) {
            assertThat(System.nanoTime() - deadline).as("6 operations within 30 s").isNegative();
            Thread.sleep(5);
        }
        load.close();
        final org.HdrHistogram.Histogram latencies = load.figures().latencies();
        assertThat(latencies.getCountBetweenValues(180_000_000L, latencies.getMaxValue()))
                .as("ticks at least 180 ms late: the first and the two due while it held the ticker")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void refuses_a_rate_or_a_thread_count_it_cannot_run() {
        assertThatIllegalArgumentException().isThrownBy(() -> BackgroundLoad.start(0, 1, () -> "", () -> {}))
                .withMessageContaining("a rate above 0");
        assertThatIllegalArgumentException().isThrownBy(() -> BackgroundLoad.start(10, 0, () -> "", () -> {}))
                .withMessageContaining("a thread");
    }
}
