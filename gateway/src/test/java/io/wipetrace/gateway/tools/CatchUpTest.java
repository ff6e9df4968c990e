package io.wipetrace.gateway.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.wipetrace.tools.bench.LoadGenerator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** How the API benchmark tells whether its first verify run met anchoring while it caught up. */
class CatchUpTest {

    @Test
    void counts_the_blocks_between_the_newest_event_and_the_last_recorded_window() {
        assertThat(Anchors.behind(null, null)).isZero();
        assertThat(Anchors.behind(41L, null)).isEqualTo(42);
        assertThat(Anchors.behind(41L, 30L)).isEqualTo(11);
        assertThat(Anchors.behind(41L, 41L)).isZero();
        assertThat(Anchors.behind(41L, 45L)).isZero();
    }

    @Test
    void notes_when_anchoring_first_caught_up_and_keeps_that_moment() throws Exception {
        final AtomicLong behind = new AtomicLong(7);
        final AtomicLong clock = new AtomicLong(1_000_000_000L);
        try (Anchors.CatchUp catchUp = new Anchors.CatchUp(behind::get, clock::get, Duration.ofHours(1))) {
            assertThat(catchUp.behindAtStart()).isEqualTo(7);
            assertThat(catchUp.behind()).isTrue();
            clock.addAndGet(1_500_000_000L);
            catchUp.check();
            assertThat(catchUp.behind()).isTrue();
            assertThat(catchUp.caughtUpAfterSeconds()).isNaN();

            behind.set(0);
            clock.addAndGet(1_000_000_000L);
            catchUp.check();
            assertThat(catchUp.behind()).isFalse();
            assertThat(catchUp.caughtUpAfterSeconds()).isEqualTo(2.5);

            behind.set(3);
            clock.addAndGet(1_000_000_000L);
            catchUp.check();
            assertThat(catchUp.caughtUpAfterSeconds()).isEqualTo(2.5);
        }
    }

    @Test
    void with_no_backlog_at_the_start_has_caught_up_at_once() throws Exception {
        try (Anchors.CatchUp catchUp = new Anchors.CatchUp(() -> 0, () -> 5L, Duration.ofHours(1))) {
            assertThat(catchUp.behind()).isFalse();
            assertThat(catchUp.caughtUpAfterSeconds()).isZero();
        }
    }

    @Test
    void says_the_catching_up_was_not_measured_when_anchoring_had_no_backlog() {
        final ApiBenchmark.CatchingUp none = new ApiBenchmark.CatchingUp(0, 0, histogram());
        final LoadGenerator.Result run = run(3);

        assertThat(none.met(run)).isEqualTo("not measured");
        assertThat(none.measured(run)).startsWith("not measured").contains("3.0 ms");
        assertThat(none.line()).contains("measured no catching up");
    }

    @Test
    void judges_the_goal_by_the_verifications_started_while_anchoring_was_behind() {
        final LoadGenerator.Result run = run(4);
        final ApiBenchmark.CatchingUp fast = new ApiBenchmark.CatchingUp(12, 3.5, histogram(2, 3, 4, 19));
        assertThat(fast.met(run)).isEqualTo("yes");
        assertThat(fast.measured(run)).contains("12 blocks behind").contains("caught up after 3.5 s")
                .contains("19.0 ms over the 4 verifications");

        final ApiBenchmark.CatchingUp slow = new ApiBenchmark.CatchingUp(12, Double.NaN, histogram(2, 3, 4, 35));
        assertThat(slow.met(run)).isEqualTo("no");
        assertThat(slow.measured(run)).contains("still behind at the end");
    }

    @Test
    void a_failed_verification_fails_the_goal_even_when_the_latencies_meet_it() {
        final LoadGenerator.Result failing = new LoadGenerator.Result("verify, anchors catching up", "fixed rate",
                histogram(1, 2), 2, 1, 20, List.of());
        assertThat(new ApiBenchmark.CatchingUp(5, 1, histogram(1, 2)).met(failing)).isEqualTo("no");
    }

    private static LoadGenerator.Result run(final long p99Millis) {
        return new LoadGenerator.Result("verify, anchors catching up", "fixed rate", histogram(1, p99Millis), 2, 0,
                20, List.of());
    }

    private static Histogram histogram(final long... millis) {
        final Histogram histogram = new Histogram(3);
        for (long value : millis) {
            histogram.recordValue(value * 1_000_000L);
        }
        return histogram;
    }
}
