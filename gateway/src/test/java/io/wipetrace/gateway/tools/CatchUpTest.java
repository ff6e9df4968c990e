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
        final ApiBenchmark.CatchingUp none = new ApiBenchmark.CatchingUp(0, 0, histogram(), leadIn(0));
        final LoadGenerator.Result run = run(3);

        assertThat(none.met(run)).isEqualTo("not measured");
        assertThat(none.measured(run)).startsWith("not measured").contains("3.0 ms");
        assertThat(none.line()).contains("measured no catching up");
    }

    @Test
    void says_the_catching_up_was_not_measured_when_anchoring_caught_up_within_the_warm_up() {
        // Behind as the writes ended, but no verification of the measured part started before it caught up.
        final ApiBenchmark.CatchingUp early = new ApiBenchmark.CatchingUp(9, 1.2, histogram(), leadIn(0, 2, 80));

        assertThat(early.met(run(3))).isEqualTo("not measured");
        assertThat(early.line()).contains("9 blocks behind").contains("measured no catching up")
                .contains("first 3 s").contains("p99 80.0 ms");
    }

    @Test
    void prints_the_warm_ups_latencies_and_fails_the_goal_on_a_failure_in_it() {
        final ApiBenchmark.CatchingUp slowStart = new ApiBenchmark.CatchingUp(12, 6.0, histogram(2, 3, 4, 19),
                leadIn(0, 2, 3, 90));
        assertThat(slowStart.met(run(4))).isEqualTo("yes");
        assertThat(slowStart.measured(run(4))).contains("19.0 ms over the 4 verifications started after the warm-up")
                .contains("first 3 s, a warm-up as for every scenario: 3 verifications").contains("p99 90.0 ms");

        final ApiBenchmark.CatchingUp failedStart = new ApiBenchmark.CatchingUp(12, 6.0, histogram(2, 3, 4, 19),
                leadIn(1, 2, 3));
        assertThat(failedStart.met(run(4))).isEqualTo("no");
        assertThat(failedStart.line()).contains("1 failed");
    }

    @Test
    void judges_the_goal_by_the_verifications_started_while_anchoring_was_behind() {
        final LoadGenerator.Result run = run(4);
        final ApiBenchmark.CatchingUp fast = new ApiBenchmark.CatchingUp(12, 3.5, histogram(2, 3, 4, 19), leadIn(0));
        assertThat(fast.met(run)).isEqualTo("yes");
        assertThat(fast.measured(run)).contains("12 blocks behind").contains("caught up 3.5 s after the writes")
                .contains("19.0 ms over the 4 verifications started after the warm-up");

        final ApiBenchmark.CatchingUp slow =
                new ApiBenchmark.CatchingUp(12, Double.NaN, histogram(2, 3, 4, 35), leadIn(0));
        assertThat(slow.met(run)).isEqualTo("no");
        assertThat(slow.measured(run)).contains("still behind at its end");
    }

    @Test
    void a_failed_verification_fails_the_goal_even_when_the_latencies_meet_it() {
        final LoadGenerator.Result failing = new LoadGenerator.Result("verify, anchors catching up", "fixed rate",
                histogram(1, 2), 2, 1, 20, List.of());
        assertThat(new ApiBenchmark.CatchingUp(5, 1, histogram(1, 2), leadIn(0)).met(failing)).isEqualTo("no");
    }

    private static ApiBenchmark.LeadIn leadIn(final long failed, final long... millis) {
        return new ApiBenchmark.LeadIn(3, histogram(millis), failed);
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
