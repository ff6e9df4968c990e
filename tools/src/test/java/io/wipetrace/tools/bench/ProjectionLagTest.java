package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProjectionLagTest {

    @Test
    void asks_about_one_record_at_a_time_whatever_the_number_waiting() throws Exception {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger asking = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final ProjectionLag probe = new ProjectionLag(key -> {
            mostAtOnce.accumulateAndGet(asking.incrementAndGet(), Math::max);
            try {
                // Every third read sees the record it asks about.
                return calls.incrementAndGet() % 3 == 0;
            } finally {
                asking.decrementAndGet();
            }
        }, Duration.ofMinutes(1), Duration.ZERO);
        for (int i = 0; i < 100; i++) {
            probe.written("R" + i, System.nanoTime());
        }
        probe.close();

        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(probe.lags().getTotalCount()).isEqualTo(100);
        assertThat(probe.timeouts()).isZero();
        assertThat(probe.reads()).isEqualTo(300);
    }

    @Test
    void charges_each_record_from_its_write_to_the_read_that_saw_it() throws Exception {
        // A clock the test moves: R1 written at 0, R2 at 5 ms; each read takes 10 ms; R1 is seen at its second read.
        final AtomicLong now = new AtomicLong();
        final AtomicInteger reads = new AtomicInteger();
        final ProjectionLag probe = new ProjectionLag(key -> {
            now.addAndGet(Duration.ofMillis(10).toNanos());
            return reads.incrementAndGet() >= 2;
        }, Duration.ofMinutes(1), Duration.ZERO, now::get);
        probe.written("R1", 0);
        probe.written("R2", Duration.ofMillis(5).toNanos());
        probe.close();

        assertThat(probe.lags().getTotalCount()).isEqualTo(2);
        // R1: seen at 20 ms; R2: asked next, seen at 30 ms, 25 ms after its write.
        // (The histogram keeps three significant digits.)
        assertThat(probe.lags().getMaxValue()).isCloseTo(Duration.ofMillis(25).toNanos(), withinPercentage(0.2));
        assertThat(probe.lags().getMinValue()).isCloseTo(Duration.ofMillis(20).toNanos(), withinPercentage(0.2));
        assertThat(probe.reads()).isEqualTo(3);
    }

    @Test
    void counts_a_record_never_seen_within_the_timeout_and_goes_on_to_the_next() throws Exception {
        final AtomicLong now = new AtomicLong();
        final ProjectionLag probe = new ProjectionLag(key -> {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            return !key.equals("LOST");
        }, Duration.ofSeconds(1), Duration.ZERO, now::get);
        probe.written("LOST", 0);
        probe.written("FOUND", 0);
        probe.close();

        assertThat(probe.timeouts()).isEqualTo(1);
        assertThat(probe.lags().getTotalCount()).isEqualTo(1);
    }
}
