package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProjectionLagTest {

    @Test
    void settles_every_write_whose_block_the_projection_reached_with_one_read() throws Exception {
        // The projection is at block 10 whenever asked; 100 writes in blocks 1 to 10 are all settled by one read.
        final AtomicInteger asking = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        final AtomicLong now = new AtomicLong();
        final ProjectionLag probe = new ProjectionLag(() -> {
            mostAtOnce.accumulateAndGet(asking.incrementAndGet(), Math::max);
            asking.decrementAndGet();
            return 10;
        }, Duration.ofMinutes(1), Duration.ZERO, now::get);
        final Thread[] writers = new Thread[4];
        for (int w = 0; w < writers.length; w++) {
            writers[w] = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 25; i++) {
                    probe.written(1 + i % 10, 0);
                }
            });
        }
        for (final Thread writer : writers) {
            writer.join();
        }
        probe.close();

        assertThat(mostAtOnce.get()).isEqualTo(1);
        assertThat(probe.lags().getTotalCount()).isEqualTo(100);
        assertThat(probe.timeouts()).isZero();
        assertThat(probe.reads()).isLessThanOrEqualTo(100);
    }

    @Test
    void charges_each_write_from_its_answer_to_the_read_that_found_its_block_projected() throws Exception {
        // Each read of the checkpoint takes 10 ms on the test's clock and finds the projection one block further.
        final AtomicLong now = new AtomicLong();
        final AtomicLong block = new AtomicLong();
        final ProjectionLag probe = new ProjectionLag(() -> {
            now.addAndGet(Duration.ofMillis(10).toNanos());
            return block.incrementAndGet();
        }, Duration.ofMinutes(1), Duration.ZERO, now::get);
        probe.written(2, 0);
        probe.written(3, 0);
        probe.close();

        // Block 2 projected at the second read (20 ms), block 3 at the third (30 ms).
        assertThat(probe.lags().getTotalCount()).isEqualTo(2);
        assertThat(probe.lags().getMinValue()).isCloseTo(Duration.ofMillis(20).toNanos(), withinPercentage(0.2));
        assertThat(probe.lags().getMaxValue()).isCloseTo(Duration.ofMillis(30).toNanos(), withinPercentage(0.2));
        assertThat(probe.reads()).isEqualTo(3);
    }

    @Test
    void counts_a_write_whose_block_is_not_projected_within_the_timeout() throws Exception {
        final AtomicLong now = new AtomicLong();
        final ProjectionLag probe = new ProjectionLag(() -> {
            now.addAndGet(Duration.ofMillis(100).toNanos());
            return 5;
        }, Duration.ofSeconds(1), Duration.ZERO, now::get);
        probe.written(6, 0);
        probe.written(5, 0);
        probe.close();

        assertThat(probe.timeouts()).isEqualTo(1);
        assertThat(probe.lags().getTotalCount()).isEqualTo(1);
    }
}
