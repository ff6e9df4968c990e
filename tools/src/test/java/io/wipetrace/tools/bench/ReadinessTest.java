package io.wipetrace.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    /** A clock that only the pauses move. */
    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger pauses = new AtomicInteger();
    private final Readiness readiness = new Readiness(Duration.ofSeconds(10), Duration.ofMillis(500), now::get,
            pause -> {
                pauses.incrementAndGet();
                now.addAndGet(pause.toNanos());
            });

    @Test
    void keepsTryingPastTenFailuresWhileTheDeadlineIsAhead() throws InterruptedException {
        final AtomicInteger calls = new AtomicInteger();

        final int tries = readiness.await("floor", () -> {
            if (calls.incrementAndGet() <= 15) {
                throw new IllegalStateException("no combination of peers can be derived");
            }
        });

        assertThat(tries).isEqualTo(16);
        assertThat(pauses).hasValue(15);
    }

    @Test
    void givesUpAtTheDeadlineWithTheLastFailure() {
        final AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> readiness.await("floor", () -> {
            throw new IllegalStateException("failure " + calls.incrementAndGet());
        })).isInstanceOf(IllegalStateException.class)
                .hasMessage("floor did not succeed in 21 tries over 10 s")
                .cause().hasMessage("failure 21");
        assertThat(now.get()).isEqualTo(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void anInterruptEndsTheWaitAtOnce() {
        final AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> readiness.await("floor", () -> {
            calls.incrementAndGet();
            throw new InterruptedException();
        })).isInstanceOf(InterruptedException.class);
        assertThat(calls).hasValue(1);
        assertThat(pauses).hasValue(0);
    }
}
